import Router from '@koa/router';
import type { Knex } from 'knex';
import type { Context } from 'koa';
import { randomUUID } from 'node:crypto';
import { forbidden, notFound } from '../../../lib/errors.js';
import { isUuid } from '../../../lib/http.js';
import { isoTime, type Plain } from '../../../internal/messages.js';
import type { Actor } from '../../../internal/actor.js';
import { requireClient, requireStaff, requireSystem } from '../../../internal/service-app.js';
import { WidgetMessageSchema } from '../../../proto/gen/extranet/v1/notifications_pb.js';
import { parseBody } from '../../../lib/validate.js';
import { type ChannelMessageList, ChannelMessageInputSchema } from '../../../proto/gen/extranet/v1/collaboration_pb.js';
import { attachUploads } from '../attachments/bind.js';
import { type RequestsConfig, callUrl } from '../config.js';
import { governedOf, holds, mayGovern } from '../scope.js';
import { attachmentView, byKey } from '../views.js';

/** The general channel: one permanent conversation per company, outside requests, with files. */
export function channelRoutes(db: Knex, config: RequestsConfig): Router {
  const r = new Router();

  async function list(companyId: string, deletableBy: (a: Record<string, any>) => boolean, calls: boolean): Promise<Plain<ChannelMessageList>> {
    const rows = await db('channel_messages').where({ company_id: companyId }).orderBy('created_at', 'desc').limit(200);
    const files = await db('attachments').whereIn(
      'channel_message_id',
      rows.map((m) => m.id),
    );
    const byMessage = byKey(files, 'channel_message_id', (a) => attachmentView(a, deletableBy(a)));
    return {
      messages: rows.reverse().map((m) => ({
        id: m.id,
        companyId: m.company_id,
        authorKind: m.author_kind,
        authorName: m.author_name,
        body: m.body,
        attachments: byMessage.get(m.id) ?? [],
        createdAt: isoTime(m.created_at),
      })),
      callUrl: calls ? callUrl(config, `channel:${companyId}`) : '',
    };
  }

  async function post(ctx: Context, actor: Extract<Actor, { kind: 'client' | 'employee' }>, companyId: string) {
    const input = parseBody(ChannelMessageInputSchema, ctx.request.body);
    const id = randomUUID();
    await db.transaction(async (tx) => {
      await tx('channel_messages').insert({
        id,
        company_id: companyId,
        author_kind: actor.kind,
        author_id: actor.id,
        author_name: actor.name,
        body: input.text,
      });
      await attachUploads(tx, actor, input.attachmentIds, companyId, { channelMessageId: id });
    });
    ctx.status = 201;
  }

  /** The company of the path for a client: 404 unless it is one of theirs, 403 without the general-chat permission. */
  function clientCompany(ctx: Context) {
    const client = requireClient(ctx);
    const companyId = ctx.params.companyId!;
    if (!isUuid(companyId) || !client.companies.some((c) => c.companyId === companyId)) throw notFound('company');
    if (!holds(client, companyId, 'generalChat')) throw forbidden('your access does not include the general channel');
    return { client, companyId };
  }

  r.get('/portal/companies/:companyId/channel/messages', async (ctx) => {
    const { client, companyId } = clientCompany(ctx);
    const mine = (a: Record<string, any>) => a.uploaded_by_kind === 'client' && a.uploaded_by_id === client.id;
    ctx.body = await list(companyId, mine, holds(client, companyId, 'calls'));
  });
  r.post('/portal/companies/:companyId/channel/messages', async (ctx) => {
    const { client, companyId } = clientCompany(ctx);
    await post(ctx, client, companyId);
    const mine = (a: Record<string, any>) => a.uploaded_by_kind === 'client' && a.uploaded_by_id === client.id;
    ctx.body = await list(companyId, mine, holds(client, companyId, 'calls'));
  });

  // A message from a client's website widget (the gateway checked the key, its origin and the client's general-chat permission).
  r.post('/internal/companies/:companyId/channel/widget-messages', async (ctx) => {
    requireSystem(ctx);
    const input = parseBody(WidgetMessageSchema, ctx.request.body);
    if (!isUuid(ctx.params.companyId)) throw notFound('company');
    const id = randomUUID();
    await db('channel_messages').insert({
      id,
      company_id: ctx.params.companyId,
      author_kind: 'client',
      author_id: input.userId,
      author_name: input.authorName,
      body: input.text,
    });
    ctx.status = 201;
    ctx.body = { id };
  });

  function teamCompany(ctx: Context) {
    const actor = requireStaff(ctx);
    if (actor.kind !== 'employee') throw forbidden('the channel is for people');
    const companyId = ctx.params.companyId!;
    if (!isUuid(companyId)) throw notFound('company');
    if (!mayGovern(governedOf(ctx), companyId)) throw forbidden('you may not work with this company');
    return { actor, companyId };
  }
  r.get('/team/companies/:companyId/channel/messages', async (ctx) => {
    const { companyId } = teamCompany(ctx);
    ctx.body = await list(companyId, () => true, !!config.meetingUrlTemplate);
  });
  r.post('/team/companies/:companyId/channel/messages', async (ctx) => {
    const { actor, companyId } = teamCompany(ctx);
    await post(ctx, actor, companyId);
    ctx.body = await list(companyId, () => true, !!config.meetingUrlTemplate);
  });
  return r;
}
