import Router from '@koa/router';
import { recordEvent } from '../../../internal/outbox.js';
import type { Knex } from 'knex';
import type { Context } from 'koa';
import { forbidden, notFound } from '../../../lib/errors.js';
import { isUuid } from '../../../lib/http.js';
import { isoTime, type Plain } from '../../../internal/messages.js';
import { requireStaff } from '../../../internal/service-app.js';
import { parseBody, parseQuery } from '../../../lib/validate.js';
import {
  AssigneeWriteSchema,
  FollowersWriteSchema,
  StatusInputSchema,
  type TeamRequest,
  type TeamRequestPage,
  type TeamRequestSummary,
  TeamMessageInputSchema,
  TeamRequestQuerySchema,
} from '../../../proto/gen/extranet/v1/collaboration_pb.js';
import { governedOf, governedOnly, mayGovern } from '../scope.js';
import { attachmentView, byKey, employeeRef, eventView, fieldValues } from '../views.js';
import { addMessage, record } from './history.js';

type Row = Record<string, any>;
const OPEN = ['new', 'in_progress', 'waiting_for_client'];

const summaryView = (r: Row): Plain<TeamRequestSummary> => ({
  id: r.id,
  companyId: r.company_id,
  pipelineId: r.pipeline_id,
  title: r.title,
  status: r.status,
  assignee: employeeRef(r.assignee_id, r.responsible),
  nextStep: r.next_step,
  createdAt: isoTime(r.created_at),
  updatedAt: isoTime(r.updated_at),
  waitingForTeam: OPEN.includes(r.status) && r.last_author_kind !== 'employee',
});

/** The team's side of requests: the inbox of the companies the employee may govern, and everything about one request. */
export function teamRequestRoutes(db: Knex): Router {
  const r = new Router();

  /** The request of the path, if the employee may govern its company (403) and it exists (404). */
  async function governedRequest(ctx: Context) {
    const actor = requireStaff(ctx);
    if (!isUuid(ctx.params.id)) throw notFound('request');
    const row = await db('requests').where({ id: ctx.params.id }).first();
    if (!row) throw notFound('request');
    if (!mayGovern(governedOf(ctx), row.company_id)) throw forbidden('you may not work with the requests of this company');
    return { actor, row };
  }

  r.get('/team/requests', async (ctx) => {
    const actor = requireStaff(ctx);
    const q = parseQuery(TeamRequestQuerySchema, ctx.query as Record<string, string>);
    const page = Math.max(1, q.page || 1);
    const pageSize = q.pageSize || 25;
    const base = governedOnly(db('requests'), governedOf(ctx), 'requests.company_id').modify((b) => {
      if (q.companyId) b.where('company_id', q.companyId);
      if (q.pipelineId) b.where('pipeline_id', q.pipelineId);
      if (q.status) b.where('status', q.status);
      if (q.assignee === 'none') b.whereNull('assignee_id');
      else if (q.assignee) b.where('assignee_id', q.assignee === 'me' ? actor.id : q.assignee);
      if (q.waiting === 'team') b.whereIn('status', OPEN).where((w) => w.whereNull('last_author_kind').orWhere('last_author_kind', 'client'));
      if (q.q) {
        const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        b.where((w) => w.whereILike('title', like).orWhereILike('description', like));
      }
    });
    const [{ n }, rows] = await Promise.all([
      base.clone().count({ n: '*' }).first() as Promise<{ n: string }>,
      base
        .clone()
        .orderBy('updated_at', 'desc')
        .orderBy('id')
        .limit(pageSize)
        .offset((page - 1) * pageSize),
    ]);
    ctx.body = { requests: rows.map(summaryView), total: Number(n), page, pageSize } satisfies Plain<TeamRequestPage>;
  });

  async function teamView(row: Row): Promise<Plain<TeamRequest>> {
    const [pipeline, messages, files, history] = await Promise.all([
      db('pipelines').where({ id: row.pipeline_id }).first(),
      db('request_messages').where({ request_id: row.id }).orderBy('created_at'),
      db('attachments').where({ request_id: row.id }).whereNotNull('attached_at').orderBy('created_at'),
      db('request_events').where({ request_id: row.id }).orderBy('created_at'),
    ]);
    const view = (a: Row) => attachmentView(a, true);
    const byMessage = byKey(
      files.filter((a) => a.message_id),
      'message_id',
      view,
    );
    return {
      id: row.id,
      companyId: row.company_id,
      pipelineId: row.pipeline_id,
      pipelineName: pipeline?.name ?? '',
      contactId: row.contact_id ?? '',
      title: row.title,
      description: row.description,
      status: row.status,
      nextStep: row.next_step,
      assignee: employeeRef(row.assignee_id, row.responsible),
      followers: row.followers ?? [],
      fields: fieldValues(pipeline, row.fields ?? {}, true),
      attachments: files.filter((a) => !a.message_id).map(view),
      messages: messages.map((m) => ({
        id: m.id,
        authorKind: m.author_kind,
        authorName: m.author_name,
        body: m.body,
        internal: m.internal,
        attachments: byMessage.get(m.id) ?? [],
        createdAt: isoTime(m.created_at),
      })),
      history: history.map(eventView),
      createdAt: isoTime(row.created_at),
      updatedAt: isoTime(row.updated_at),
    };
  }

  r.get('/team/requests/:id', async (ctx) => {
    ctx.body = await teamView((await governedRequest(ctx)).row);
  });

  r.post('/team/requests/:id/messages', async (ctx) => {
    const { actor, row } = await governedRequest(ctx);
    const input = parseBody(TeamMessageInputSchema, ctx.request.body);
    if (actor.kind !== 'employee') throw forbidden('messages are written by people');
    await addMessage(db, row, actor, input);
    ctx.status = 201;
    ctx.body = await teamView(await db('requests').where({ id: row.id }).first());
  });

  r.post('/team/requests/:id/status', async (ctx) => {
    const { actor, row } = await governedRequest(ctx);
    const input = parseBody(StatusInputSchema, ctx.request.body);
    const nextStep = input.status === 'waiting_for_client' ? input.nextStep.trim() : '';
    await db.transaction(async (tx) => {
      await tx('requests').where({ id: row.id }).update({ status: input.status, next_step: nextStep });
      await record(tx, row.id, 'status', actor, `${row.status} → ${input.status}${nextStep ? `: ${nextStep}` : ''}`);
      await recordEvent(tx, { kind: 'request_status', companyId: row.company_id, requestId: row.id, actorId: actor.id });
    });
    ctx.body = await teamView(await db('requests').where({ id: row.id }).first());
  });

  r.post('/team/requests/:id/assignee', async (ctx) => {
    const { actor, row } = await governedRequest(ctx);
    const { assignee } = parseBody(AssigneeWriteSchema, ctx.request.body);
    await db.transaction(async (tx) => {
      await tx('requests').where({ id: row.id }).update({ assignee_id: assignee!.id, responsible: assignee!.name });
      await record(tx, row.id, 'assignee', actor, assignee!.name);
    });
    ctx.body = await teamView(await db('requests').where({ id: row.id }).first());
  });

  r.post('/team/requests/:id/followers', async (ctx) => {
    const { actor, row } = await governedRequest(ctx);
    const { followers } = parseBody(FollowersWriteSchema, ctx.request.body);
    await db.transaction(async (tx) => {
      await tx('requests')
        .where({ id: row.id })
        .update({ followers: JSON.stringify(followers.map((f) => ({ id: f.id, name: f.name }))) });
      await record(tx, row.id, 'followers', actor, followers.map((f) => f.name).join(', ') || 'none');
    });
    ctx.body = await teamView(await db('requests').where({ id: row.id }).first());
  });
  return r;
}
