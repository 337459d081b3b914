import Router from '@koa/router';
import { recordEvent } from '../../../internal/outbox.js';
import type { Knex } from 'knex';
import type { Context } from 'koa';
import { randomUUID } from 'node:crypto';
import { forbidden, notFound, unprocessable } from '../../../lib/errors.js';
import { isUuid } from '../../../lib/http.js';
import type { Plain } from '../../../internal/messages.js';
import { requireClient } from '../../../internal/service-app.js';
import { parseBody } from '../../../lib/validate.js';
import type { Permission } from '../../../domain/vocabulary.js';
import { CreateClientRequestRequestSchema, PostRequestMessageRequestSchema } from '../../../proto/gen/extranet/v1/portal_pb.js';
import type { ClientRequest, ClientRequestList, RequestMessageList } from '../../../proto/gen/extranet/v1/requests_pb.js';
import type { Attachment } from '../../../proto/gen/extranet/v1/collaboration_pb.js';
import { attachUploads } from '../attachments/bind.js';
import { type RequestsConfig, callUrl } from '../config.js';
import { type Client, holds, scoped, visiblePairs } from '../scope.js';
import { attachmentView, byKey, fieldValues, formFields, messageView, requestView } from '../views.js';
import { checkForm } from './form.js';
import { addMessage, record } from './history.js';
import { refusalOf } from '../pipelines/routes.js';

type ClientActor = ReturnType<typeof requireClient>;

/** The request of the path if the client's scope shows it (404 otherwise, the same for "absent" and "not yours"). */
export async function visibleRequest(db: Knex, ctx: Context, client: Client, permission?: Permission) {
  if (!isUuid(ctx.params.id)) throw notFound('request');
  const row = await scoped(db('requests').where({ id: ctx.params.id }), client).first();
  if (!row) throw notFound('request');
  if (permission && !visiblePairs(client, permission).some(([c, p]) => c === row.company_id && p === row.pipeline_id))
    throw forbidden(`your access does not include ${permission === 'requestChatRead' ? 'reading' : 'sending to'} the request chat`);
  return row;
}

/** The files of a request a client sees: the request's own, and those of messages they may read that are not internal comments. */
export async function clientFiles(db: Knex, client: ClientActor, req: Record<string, any>): Promise<Plain<Attachment>[]> {
  const chat = holds(client, req.company_id, 'requestChatRead');
  const rows = await db('attachments')
    .leftJoin('request_messages as m', 'm.id', 'attachments.message_id')
    .where('attachments.request_id', req.id)
    .whereNotNull('attachments.attached_at')
    .where((w) => (chat ? w.whereNull('attachments.message_id').orWhere('m.internal', false) : w.whereNull('attachments.message_id')))
    .orderBy('attachments.created_at')
    .select('attachments.*');
  return rows.map((a) => attachmentView(a, a.uploaded_by_kind === 'client' && a.uploaded_by_id === client.id));
}

/** The client's side of requests: every query is limited to the caller's scope in its WHERE clause. */
export function clientRequestRoutes(db: Knex, config: RequestsConfig): Router {
  const r = new Router();

  r.get('/portal/requests', async (ctx) => {
    const client = requireClient(ctx);
    const rows = await scoped(db('requests'), client).orderBy('created_at', 'desc').limit(200);
    ctx.body = { requests: rows.map(requestView) } satisfies Plain<ClientRequestList>;
  });

  async function detail(client: ClientActor, req: Record<string, any>): Promise<Plain<ClientRequest>> {
    const pipeline = await db('pipelines').where({ id: req.pipeline_id }).first();
    return {
      ...requestView(req),
      fields: fieldValues(pipeline, req.fields ?? {}, false),
      attachments: await clientFiles(db, client, req),
      callUrl: holds(client, req.company_id, 'calls') ? callUrl(config, `request:${req.id}`) : '',
    };
  }

  r.get('/portal/requests/:id', async (ctx) => {
    const client = requireClient(ctx);
    ctx.body = await detail(client, await visibleRequest(db, ctx, client));
  });

  r.post('/portal/requests', async (ctx) => {
    const client = requireClient(ctx);
    const body = parseBody(CreateClientRequestRequestSchema, ctx.request.body);
    const company = client.companies.find((c) => c.companyId === body.companyId);
    if (!company) throw unprocessable('companyId', 'companyId is not one of your companies');
    if (!company.permissions.includes('requestCreate')) throw forbidden('your access does not include creating requests');
    if (!company.pipelineIds.includes(body.pipelineId)) throw unprocessable('pipelineId', 'pipelineId is not open to you');
    const pipeline = await db('pipelines').where({ id: body.pipelineId }).first();
    if (!pipeline?.responsible_id) throw unprocessable('pipelineId', refusalOf(pipeline ?? {}), 'pipeline_closed');
    const form = formFields(pipeline).filter((f) => f.visibleToClients);
    const fields = checkForm(form, body.fields, body.attachmentIds);
    const id = randomUUID();
    await db.transaction(async (tx) => {
      await tx('requests').insert({
        id,
        company_id: body.companyId,
        pipeline_id: body.pipelineId,
        contact_id: client.contactId,
        title: body.title,
        description: body.description,
        created_by: `client:${client.id}`,
        assignee_id: pipeline.responsible_id,
        responsible: pipeline.responsible_name,
        followers: JSON.stringify(pipeline.followers ?? []),
        fields: JSON.stringify(fields),
        last_author_kind: 'client',
      });
      await attachUploads(tx, client, body.attachmentIds, body.companyId, { requestId: id });
      await record(tx, id, 'created', client, `assigned to ${pipeline.responsible_name}`);
      await recordEvent(tx, { kind: 'request_created', companyId: body.companyId, requestId: id, actorId: client.id });
    });
    ctx.status = 201;
    ctx.body = await detail(client, await db('requests').where({ id }).first());
  });

  r.get('/portal/requests/:id/messages', async (ctx) => {
    const client = requireClient(ctx);
    const req = await visibleRequest(db, ctx, client, 'requestChatRead');
    // Internal comments and their files never leave this service for a client.
    const rows = await db('request_messages').where({ request_id: req.id, internal: false }).orderBy('created_at');
    const files = await db('attachments')
      .whereIn(
        'message_id',
        rows.map((m) => m.id),
      )
      .orderBy('created_at');
    const byMessage = byKey(files, 'message_id', (a) => attachmentView(a, a.uploaded_by_kind === 'client' && a.uploaded_by_id === client.id));
    ctx.body = { messages: rows.map((m) => messageView(m, byMessage.get(m.id))) } satisfies Plain<RequestMessageList>;
  });

  r.post('/portal/requests/:id/messages', async (ctx) => {
    const client = requireClient(ctx);
    const req = await visibleRequest(db, ctx, client, 'requestChatSend');
    const body = parseBody(PostRequestMessageRequestSchema, ctx.request.body);
    const id = await addMessage(db, req, client, { text: body.body, internal: false, attachmentIds: body.attachmentIds });
    const files = await db('attachments').where({ message_id: id }).orderBy('created_at');
    ctx.status = 201;
    ctx.body = messageView(
      await db('request_messages').where({ id }).first(),
      files.map((a) => attachmentView(a, true)),
    );
  });
  return r;
}
