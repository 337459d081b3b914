import Router from '@koa/router';
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import type { Context } from 'koa';
import { clientAccessCheck } from '../../internal/client-access.js';
import { createServiceApp, requireClient, requireStaff, requireSystem } from '../../internal/service-app.js';
import { isUuid } from '../../lib/http.js';
import { forbidden, notFound, unprocessable } from '../../lib/errors.js';
import type { Actor, CompanyScope } from '../../internal/actor.js';
import type { Permission } from '../../domain/vocabulary.js';
import { parseBody } from '../../lib/validate.js';
import { CreateClientRequestRequestSchema, PostRequestMessageRequestSchema } from '../../proto/gen/extranet/v1/portal_pb.js';
import type { CompanyScope as ProtoCompanyScope } from '../../proto/gen/extranet/v1/common_pb.js';
import {
  RequestVisibilityQuerySchema,
  type ClientRequest,
  type ClientRequestList,
  type Pipeline,
  type PipelineList,
  type RequestFacts,
  type RequestMessage,
  type RequestMessageList,
  type RequestVisibilityValid,
} from '../../proto/gen/extranet/v1/requests_pb.js';
import { isoTime, type Plain } from '../../internal/messages.js';
import type { RequestsConfig } from './config.js';

type Client = Pick<Extract<Actor, { kind: 'client' }>, 'companies'>;

/** (company, pipeline) pairs the client may see, optionally only where a permission holds. */
function visiblePairs(client: Client, permission?: Permission): [string, string][] {
  return client.companies
    .filter((c) => !permission || c.permissions.includes(permission))
    .flatMap((c) => c.pipelineIds.map((p) => [c.companyId, p] as [string, string]));
}

/** Restricts a query on `requests` to the client's scope, in SQL; an empty scope matches nothing. */
function scoped(q: Knex.QueryBuilder, client: Client, permission?: Permission) {
  const pairs = visiblePairs(client, permission);
  return pairs.length ? q.whereIn(['requests.company_id', 'requests.pipeline_id'], pairs) : q.whereRaw('false');
}

const requestView = (r: Record<string, any>): Plain<ClientRequest> => ({
  id: r.id,
  companyId: r.company_id,
  pipelineId: r.pipeline_id,
  title: r.title,
  description: r.description,
  status: r.status,
  responsible: r.responsible,
  createdAt: isoTime(r.created_at),
});
const messageView = (m: Record<string, any>): Plain<RequestMessage> => ({
  id: m.id,
  authorKind: m.author_kind,
  authorName: m.author_name,
  body: m.body,
  createdAt: isoTime(m.created_at),
});
const pipelineView = (p: Record<string, any>): Plain<Pipeline> => ({ id: p.id, name: p.name });

/** The requests service: pipelines, requests and request chat. */
export function createRequestsApp(db: Knex, config: RequestsConfig) {
  const r = new Router();

  r.get('/pipelines', async (ctx) => {
    requireStaff(ctx);
    ctx.body = { pipelines: (await db('pipelines').orderBy('sort')).map(pipelineView) } satisfies Plain<PipelineList>;
  });

  r.get('/requests', async (ctx) => {
    requireStaff(ctx);
    const companyId = ctx.query.companyId;
    if (companyId !== undefined && !isUuid(companyId)) throw unprocessable('companyId', 'companyId must be a uuid');
    const rows = await db('requests')
      .modify((b) => (companyId ? b.where({ company_id: companyId }) : b))
      .orderBy('created_at', 'desc')
      .limit(200);
    ctx.body = { requests: rows.map(requestView) } satisfies Plain<ClientRequestList>;
  });

  // Portal: every query below is limited to the caller's scope in its WHERE clause.
  r.get('/portal/pipelines', async (ctx) => {
    const client = requireClient(ctx);
    const ids = [...new Set(client.companies.flatMap((c) => c.pipelineIds))];
    ctx.body = { pipelines: (await db('pipelines').whereIn('id', ids).orderBy('sort')).map(pipelineView) } satisfies Plain<PipelineList>;
  });

  r.get('/portal/requests', async (ctx) => {
    const client = requireClient(ctx);
    const rows = await scoped(db('requests'), client).orderBy('created_at', 'desc').limit(200);
    ctx.body = { requests: rows.map(requestView) } satisfies Plain<ClientRequestList>;
  });

  async function visibleRequest(ctx: Context, client: Client, permission?: Permission) {
    if (!isUuid(ctx.params.id)) throw notFound('request');
    const row = await scoped(db('requests').where({ id: ctx.params.id }), client).first();
    if (!row) throw notFound('request');
    if (permission && !visiblePairs(client, permission).some(([c, p]) => c === row.company_id && p === row.pipeline_id))
      throw forbidden(`your access does not include ${permission === 'requestChatRead' ? 'reading' : 'sending to'} the request chat`);
    return row;
  }

  r.get('/portal/requests/:id', async (ctx) => {
    const client = requireClient(ctx);
    ctx.body = requestView(await visibleRequest(ctx, client));
  });

  r.post('/portal/requests', async (ctx) => {
    const client = requireClient(ctx);
    const body = parseBody(CreateClientRequestRequestSchema, ctx.request.body);
    const company = client.companies.find((c) => c.companyId === body.companyId);
    if (!company) throw unprocessable('companyId', 'companyId is not one of your companies');
    if (!company.permissions.includes('requestCreate')) throw forbidden('your access does not include creating requests');
    if (!company.pipelineIds.includes(body.pipelineId)) throw unprocessable('pipelineId', 'pipelineId is not open to you');
    const id = randomUUID();
    await db('requests').insert({
      id,
      company_id: body.companyId,
      pipeline_id: body.pipelineId,
      contact_id: client.contactId,
      title: body.title,
      description: body.description,
      created_by: `client:${client.id}`,
    });
    ctx.status = 201;
    ctx.body = requestView(await db('requests').where({ id }).first());
  });

  r.get('/portal/requests/:id/messages', async (ctx) => {
    const client = requireClient(ctx);
    const req = await visibleRequest(ctx, client, 'requestChatRead');
    // Internal comments never leave this service for a client.
    const rows = await db('request_messages').where({ request_id: req.id, internal: false }).orderBy('created_at');
    ctx.body = { messages: rows.map(messageView) } satisfies Plain<RequestMessageList>;
  });

  r.post('/portal/requests/:id/messages', async (ctx) => {
    const client = requireClient(ctx);
    const req = await visibleRequest(ctx, client, 'requestChatSend');
    const body = parseBody(PostRequestMessageRequestSchema, ctx.request.body);
    const id = randomUUID();
    await db('request_messages').insert({ id, request_id: req.id, author_kind: 'client', author_name: client.name, body: body.body, internal: false });
    ctx.status = 201;
    ctx.body = messageView(await db('request_messages').where({ id }).first());
  });

  // Impact preview: which requests and request chats a scope change makes visible or invisible.
  r.post('/internal/visibility', async (ctx) => {
    requireSystem(ctx);
    const { before, after } = parseBody(RequestVisibilityQuerySchema, ctx.request.body);
    // The permissions are Permission values: the `in` rule of CompanyScope.permissions checked them.
    const ids = async (companies: Plain<ProtoCompanyScope>[], permission?: Permission) =>
      (await scoped(db('requests').select('id'), { companies: companies as CompanyScope[] }, permission).orderBy('id')).map(
        (x: { id: string }) => x.id as string,
      );
    const diff = (b: string[], a: string[]) => ({ gained: a.filter((x) => !b.includes(x)), lost: b.filter((x) => !a.includes(x)) });
    const [rb, ra, cb, ca] = await Promise.all([ids(before), ids(after), ids(before, 'requestChatRead'), ids(after, 'requestChatRead')]);
    ctx.body = { requests: diff(rb, ra), chats: diff(cb, ca) } satisfies Plain<RequestVisibilityValid>;
  });

  // Diagnostics: the facts of one request that decide who sees it.
  r.get('/internal/requests/:id', async (ctx) => {
    requireSystem(ctx);
    if (!isUuid(ctx.params.id)) throw notFound('request');
    const row = await db('requests').where({ id: ctx.params.id }).first();
    if (!row) throw notFound('request');
    const pipeline = await db('pipelines').where({ id: row.pipeline_id }).first();
    ctx.body = {
      id: row.id,
      title: row.title,
      companyId: row.company_id,
      pipelineId: row.pipeline_id,
      pipelineName: pipeline?.name ?? '',
    } satisfies Plain<RequestFacts>;
  });

  // Offboarding: the contact's unfinished requests in the given companies, to close or hand over.
  r.get('/internal/open-requests', async (ctx) => {
    requireSystem(ctx);
    const { contactId } = ctx.query;
    const companyIds = String(ctx.query.companyIds ?? '')
      .split(',')
      .filter(Boolean);
    if (!isUuid(contactId)) throw unprocessable('contactId', 'contactId must be a uuid');
    if (!companyIds.every(isUuid)) throw unprocessable('companyIds', 'companyIds must be uuids');
    const rows = await db('requests')
      .where({ contact_id: contactId })
      .whereIn('company_id', companyIds)
      .whereNotIn('status', ['done', 'closed'])
      .orderBy('created_at');
    ctx.body = { requests: rows.map(requestView) } satisfies Plain<ClientRequestList>;
  });

  r.get('/internal/pipelines', async (ctx) => {
    requireSystem(ctx);
    ctx.body = { pipelines: (await db('pipelines').orderBy('sort')).map(pipelineView) } satisfies Plain<PipelineList>;
  });

  return createServiceApp('requests', config.internalSecret, [r], clientAccessCheck(db));
}
