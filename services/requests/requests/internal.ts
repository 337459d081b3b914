import Router from '@koa/router';
import { recordEvent } from '../../../internal/outbox.js';
import type { Knex } from 'knex';
import { notFound, unprocessable } from '../../../lib/errors.js';
import { isUuid } from '../../../lib/http.js';
import type { CompanyScope } from '../../../internal/actor.js';
import type { Permission } from '../../../domain/vocabulary.js';
import { requireSystem } from '../../../internal/service-app.js';
import { parseBody } from '../../../lib/validate.js';
import type { Plain } from '../../../internal/messages.js';
import type { CompanyScope as ProtoCompanyScope } from '../../../proto/gen/extranet/v1/common_pb.js';
import {
  RequestEndingSchema,
  RequestVisibilityQuerySchema,
  type ClientRequestList,
  type RequestFacts,
  type RequestVisibilityValid,
} from '../../../proto/gen/extranet/v1/requests_pb.js';
import { scoped } from '../scope.js';
import { requestView } from '../views.js';
import { addMessage, record } from './history.js';

/** What other processes ask: impact previews (policy), diagnostics (policy), the offboarding report (worker). */
export function internalRoutes(db: Knex): Router {
  const r = new Router();
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
      contactId: row.contact_id ?? undefined,
      status: row.status,
      nextStep: row.next_step,
      teamIds: [
        ...new Set(
          [row.assignee_id ?? pipeline?.responsible_id, ...((row.followers ?? []) as { id: string }[]).map((f) => f.id)].filter((x): x is string => !!x),
        ),
      ],
    } satisfies Plain<RequestFacts>;
  });

  // Offboarding: closes a request with a reason the client reads (as a message of the employee's), or hands it over.
  // Both are idempotent: a request already closed, or already the employee's, is left as it is.
  r.post('/internal/requests/:id/close', async (ctx) => {
    requireSystem(ctx);
    const input = parseBody(RequestEndingSchema, ctx.request.body);
    if (!input.reason.trim()) throw unprocessable('reason', 'a reason the client reads is required');
    const row = isUuid(ctx.params.id) ? await db('requests').where({ id: ctx.params.id }).first() : undefined;
    if (!row) throw notFound('request');
    if (row.status === 'closed') return void (ctx.body = { changed: false });
    const employee = { kind: 'employee' as const, id: input.employeeId, name: input.employeeName, role: 'administrator' as const };
    await db.transaction(async (tx) => {
      await addMessage(tx, row, employee, { text: input.reason.trim(), internal: false, attachmentIds: [] });
      await tx('requests').where({ id: row.id }).update({ status: 'closed', next_step: '' });
      await record(tx, row.id, 'status', employee, `${row.status} → closed (collaboration ended)`);
    });
    ctx.body = { changed: true };
  });

  r.post('/internal/requests/:id/hand-over', async (ctx) => {
    requireSystem(ctx);
    const input = parseBody(RequestEndingSchema, ctx.request.body);
    const row = isUuid(ctx.params.id) ? await db('requests').where({ id: ctx.params.id }).first() : undefined;
    if (!row) throw notFound('request');
    if (row.assignee_id === input.employeeId) return void (ctx.body = { changed: false });
    await db.transaction(async (tx) => {
      await tx('requests').where({ id: row.id }).update({ assignee_id: input.employeeId, responsible: input.employeeName });
      await record(tx, row.id, 'assignee', { kind: 'system', id: 'offboarding' }, `${input.employeeName} (handed over when the collaboration ended)`);
      const actorId = input.byEmployeeId || 'offboarding';
      await recordEvent(tx, { kind: 'request_handed_over', companyId: row.company_id, requestId: row.id, actorId });
    });
    ctx.body = { changed: true };
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
      .whereNotIn('status', ['resolved', 'closed'])
      .orderBy('created_at');
    ctx.body = { requests: rows.map(requestView) } satisfies Plain<ClientRequestList>;
  });

  return r;
}
