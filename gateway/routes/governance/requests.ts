import type Router from '@koa/router';
import type { Context } from 'koa';
import { forbidden, unprocessable } from '../../../lib/errors.js';
import { parseBody } from '../../../lib/validate.js';
import { forward } from '../../../internal/messages.js';
import { AssigneeInputSchema, FollowersInputSchema, PipelineInputSchema, TeamRequestQuerySchema } from '../../../proto/gen/extranet/v1/collaboration_pb.js';
import { parseQuery } from '../../../lib/validate.js';
import { callerOf, relay } from '../../upstream.js';
import { fileRoutes } from '../files.js';
import { uuidParam } from '../params.js';
import type { GovernanceDeps } from './deps.js';

/**
 * The team's side of the collaboration: the request inbox, one request with
 * its conversation, internal comments, status, assignee and followers, a
 * company's general channel, and the pipelines with their request forms. Every
 * call carries the companies the employee may govern, as policy answers them
 * now; the requests service limits every query to them.
 */
export function requestRoutes(gov: Router, { upstream: { identity, policy, requests } }: GovernanceDeps) {
  const governed = (ctx: Context) => relay(policy.governedCompanies(callerOf(ctx)));
  /** The request of the path, once the employee is known to govern its company: rights before the body is read. */
  async function governedRequest(ctx: Context) {
    const id = uuidParam(ctx, 'id', 'request');
    const facts = await relay(requests.requestFacts(requests.system, id));
    await relay(policy.authorizeCompany(callerOf(ctx), facts.companyId));
    return id;
  }
  /** Pipelines are changed by administrators and department leads (the service checks it again). */
  function pipelineManager(ctx: Context) {
    const role = ctx.state.employee.role;
    if (role !== 'administrator' && role !== 'department_lead') throw forbidden('pipelines are managed by administrators and department leads');
  }

  /** Employees by id, as identity knows them now: an unknown id is refused, naming the field. */
  async function employeesOf(ctx: Context, ids: readonly string[], field: string) {
    if (!ids.length) return [];
    const { employees } = await relay(identity.employees(callerOf(ctx)));
    return ids.map((id, i) => {
      const e = employees.find((x) => x.id === id);
      if (!e) throw unprocessable(ids.length > 1 || field.endsWith('Ids') ? `${field}[${i}]` : field, `${field} names no employee`);
      return { id: e.id, name: e.name };
    });
  }

  fileRoutes(gov, requests, governed);

  gov.get('/requests', async (ctx) => {
    const query = parseQuery(TeamRequestQuerySchema, ctx.query as Record<string, string>);
    ctx.body = await relay(requests.teamRequests(callerOf(ctx), await governed(ctx), query));
  });
  gov.get('/requests/:id', async (ctx) => {
    ctx.body = await relay(requests.teamRequest(callerOf(ctx), await governed(ctx), uuidParam(ctx, 'id', 'request')));
  });
  gov.post('/requests/:id/messages', async (ctx) => {
    const id = await governedRequest(ctx);
    ctx.body = await relay(requests.postTeamMessage(callerOf(ctx), await governed(ctx), id, forward(ctx.request.body)));
    ctx.status = 201;
  });
  gov.post('/requests/:id/status', async (ctx) => {
    const id = await governedRequest(ctx);
    ctx.body = await relay(requests.changeStatus(callerOf(ctx), await governed(ctx), id, forward(ctx.request.body)));
  });
  gov.post('/requests/:id/assignee', async (ctx) => {
    const id = await governedRequest(ctx);
    const { assigneeId } = parseBody(AssigneeInputSchema, ctx.request.body);
    const [assignee] = await employeesOf(ctx, [assigneeId], 'assigneeId');
    ctx.body = await relay(requests.changeAssignee(callerOf(ctx), await governed(ctx), id, { assignee }));
  });
  gov.post('/requests/:id/followers', async (ctx) => {
    const id = await governedRequest(ctx);
    const { followerIds } = parseBody(FollowersInputSchema, ctx.request.body);
    const followers = await employeesOf(ctx, followerIds, 'followerIds');
    ctx.body = await relay(requests.changeFollowers(callerOf(ctx), await governed(ctx), id, { followers }));
  });

  gov.get('/companies/:id/channel/messages', async (ctx) => {
    ctx.body = await relay(requests.teamChannel(callerOf(ctx), await governed(ctx), uuidParam(ctx, 'id', 'company')));
  });
  gov.post('/companies/:id/channel/messages', async (ctx) => {
    const companyId = uuidParam(ctx, 'id', 'company');
    await relay(policy.authorizeCompany(callerOf(ctx), companyId));
    ctx.status = 201;
    ctx.body = await relay(requests.postTeamChannel(callerOf(ctx), await governed(ctx), companyId, forward(ctx.request.body)));
  });

  // Pipelines: every employee reads them; the requests service lets administrators and department leads change them.
  async function pipelineWrite(ctx: Context) {
    pipelineManager(ctx);
    const input = parseBody(PipelineInputSchema, ctx.request.body);
    const [responsible] = await employeesOf(ctx, input.responsibleId ? [input.responsibleId] : [], 'responsibleId');
    const followers = await employeesOf(ctx, input.followerIds, 'followerIds');
    return { name: input.name, responsible, followers, fields: input.fields.map(({ $typeName: _, ...f }) => f) };
  }
  gov.get('/pipelines/:id', async (ctx) => {
    ctx.body = await relay(requests.pipeline(callerOf(ctx), uuidParam(ctx, 'id', 'pipeline')));
  });
  gov.post('/pipelines', async (ctx) => {
    ctx.status = 201;
    ctx.body = await relay(requests.createPipeline(callerOf(ctx), await pipelineWrite(ctx)));
  });
  gov.post('/pipelines/:id', async (ctx) => {
    pipelineManager(ctx);
    const id = uuidParam(ctx, 'id', 'pipeline');
    ctx.body = await relay(requests.changePipeline(callerOf(ctx), id, await pipelineWrite(ctx)));
  });
}
