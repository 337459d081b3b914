import Router from '@koa/router';
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { notFound } from '../../../lib/errors.js';
import { isUuid } from '../../../lib/http.js';
import { isoTime, type Plain } from '../../../internal/messages.js';
import { requireClient } from '../../../internal/service-app.js';
import { parseBody } from '../../../lib/validate.js';
import { type NoteList, NoteInputSchema } from '../../../proto/gen/extranet/v1/collaboration_pb.js';
import { visibleRequest } from '../requests/client.js';

/** A client's private notes on a request (seed 003): only their author reads them; no employee route exists. */
export function noteRoutes(db: Knex): Router {
  const r = new Router();
  const notesOf = async (requestId: string, userId: string): Promise<Plain<NoteList>> => ({
    notes: (await db('request_notes').where({ request_id: requestId, author_user_id: userId }).orderBy('created_at')).map((n) => ({
      id: n.id,
      body: n.body,
      createdAt: isoTime(n.created_at),
    })),
  });

  r.get('/portal/requests/:id/notes', async (ctx) => {
    const client = requireClient(ctx);
    const req = await visibleRequest(db, ctx, client);
    ctx.body = await notesOf(req.id, client.id);
  });
  r.post('/portal/requests/:id/notes', async (ctx) => {
    const client = requireClient(ctx);
    const req = await visibleRequest(db, ctx, client);
    const { text } = parseBody(NoteInputSchema, ctx.request.body);
    await db('request_notes').insert({ id: randomUUID(), request_id: req.id, author_user_id: client.id, body: text });
    ctx.status = 201;
    ctx.body = await notesOf(req.id, client.id);
  });
  r.delete('/portal/requests/:id/notes/:noteId', async (ctx) => {
    const client = requireClient(ctx);
    const req = await visibleRequest(db, ctx, client);
    if (!isUuid(ctx.params.noteId)) throw notFound('note');
    const gone = await db('request_notes').where({ id: ctx.params.noteId, request_id: req.id, author_user_id: client.id }).delete();
    if (!gone) throw notFound('note');
    ctx.body = await notesOf(req.id, client.id);
  });
  return r;
}
