import Router from '@koa/router';
import type { Knex } from 'knex';
import type { Context } from 'koa';
import { randomUUID } from 'node:crypto';
import { HttpError, forbidden, notFound } from '../../../lib/errors.js';
import { isUuid } from '../../../lib/http.js';
import type { Actor } from '../../../internal/actor.js';
import { requireStaff } from '../../../internal/service-app.js';
import type { FileStore } from '../../../lib/files/store.js';
import { receiveFile, sendFile } from '../../../lib/files/receive.js';
import { logger } from '../../../lib/logger.js';
import { governedOf, holds, mayGovern, scoped } from '../scope.js';
import { attachmentView } from '../views.js';
import type { FileRules } from '../../../lib/files/rules.js';

type Row = Record<string, any>;

/** Files one person may have uploaded and not attached yet. */
const MAX_PENDING = 20;
type Person = Extract<Actor, { kind: 'client' | 'employee' }>;

const mine = (a: Row, actor: Person) => a.uploaded_by_kind === actor.kind && a.uploaded_by_id === actor.id;

/** The caller as a person who may hold files; the team's calls carry the companies the employee may govern. */
function personOf(ctx: Context): Person {
  const actor = ctx.state.actor as Actor;
  if (actor.kind === 'system') throw forbidden('files are handled by people');
  if (actor.kind === 'employee') requireStaff(ctx);
  return actor;
}

/**
 * Files: uploaded as a raw stream (the gateway parsed the multipart form),
 * kept by the file store under an opaque key with their size and SHA-256,
 * pending until attached. Who may read a file is who may read what it is
 * attached to: for a client, a request of their scope (the request's own
 * files, and those of messages they may read that are not internal
 * comments) or a channel they may use; for an employee, a company they may
 * govern. A pending file is its uploader's alone.
 */
export function attachmentRoutes(db: Knex, store: FileStore, rules: FileRules): Router {
  const r = new Router();

  async function readable(ctx: Context, actor: Person): Promise<Row> {
    if (!isUuid(ctx.params.id)) throw notFound('file');
    const a = await db('attachments').where({ id: ctx.params.id }).first();
    if (!a) throw notFound('file');
    if (!a.attached_at) {
      if (mine(a, actor)) return a;
      throw notFound('file');
    }
    if (actor.kind === 'employee') {
      if (!mayGovern(governedOf(ctx), a.company_id)) throw forbidden('you may not work with the files of this company');
      return a;
    }
    if (a.channel_message_id) {
      if (holds(actor, a.company_id, 'generalChat')) return a;
      throw notFound('file');
    }
    const req = await scoped(db('requests').where({ id: a.request_id }), actor).first();
    if (!req) throw notFound('file');
    if (a.message_id) {
      const m = await db('request_messages').where({ id: a.message_id }).first();
      if (m.internal || !holds(actor, req.company_id, 'requestChatRead')) throw notFound('file');
    }
    return a;
  }

  // What the gateway checks before it streams an upload here (this service checks it again).
  r.get('/attachments/rules', (ctx) => {
    personOf(ctx);
    ctx.body = { maxBytes: rules.maxBytes, types: rules.types };
  });

  r.post('/attachments', async (ctx) => {
    const actor = personOf(ctx);
    // Files waiting to be attached are few; an uploader with many is refused more until they attach or delete some.
    const waiting = await db('attachments')
      .where({ uploaded_by_kind: actor.kind, uploaded_by_id: actor.id })
      .whereNull('attached_at')
      .count({ n: '*' })
      .first();
    if (Number(waiting?.n) >= MAX_PENDING)
      throw new HttpError(429, 'too_many_pending_files', `you have ${MAX_PENDING} files not attached to anything yet; send or delete them first`, {
        field: 'file',
      });
    const id = randomUUID();
    const file = await receiveFile(ctx, store, rules, `attachments/${id}`);
    try {
      await db('attachments').insert({
        id,
        storage_key: file.key,
        name: file.name,
        content_type: file.contentType,
        size: file.size,
        sha256: file.sha256,
        uploaded_by_kind: actor.kind,
        uploaded_by_id: actor.id,
        uploaded_by_name: actor.name,
      });
    } catch (err) {
      await store.delete(file.key);
      throw err;
    }
    ctx.status = 201;
    ctx.body = attachmentView(await db('attachments').where({ id }).first(), true);
    await sweepPending();
  });

  /** Files uploaded but never attached, older than rules.pendingHours: removed a few at a time, after each upload. */
  async function sweepPending() {
    const stale = await db('attachments')
      .whereNull('attached_at')
      .where('created_at', '<', db.raw(`now() - make_interval(hours => ?)`, [rules.pendingHours]))
      .orderBy('created_at')
      .limit(20);
    for (const a of stale) {
      // Attached in the meantime: it stays, bytes and all.
      if (!(await db('attachments').where({ id: a.id }).whereNull('attached_at').delete())) continue;
      await store.delete(a.storage_key).catch((err) => logger.warn({ err, key: a.storage_key }, 'an unattached file could not be removed'));
    }
  }

  r.get('/attachments/:id', async (ctx) => {
    const actor = personOf(ctx);
    const a = await readable(ctx, actor);
    ctx.body = attachmentView(a, actor.kind === 'employee' || mine(a, actor));
  });

  r.get('/attachments/:id/content', async (ctx) => {
    await sendFile(ctx, store, await readable(ctx, personOf(ctx)));
  });

  // A client deletes only what they uploaded (seed 003); an employee any file of a company they may govern.
  r.delete('/attachments/:id', async (ctx) => {
    const actor = personOf(ctx);
    const a = await readable(ctx, actor);
    if (actor.kind === 'client' && !mine(a, actor)) throw forbidden('you may delete only the files you uploaded');
    await db('attachments').where({ id: a.id }).delete();
    await store.delete(a.storage_key).catch((err) => logger.warn({ err, key: a.storage_key }, 'file left in the store after its record was deleted'));
    ctx.body = { deleted: true };
  });
  return r;
}
