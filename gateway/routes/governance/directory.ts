import type Router from '@koa/router';
import { uuidParam } from '../params.js';
import { forward } from '../../../internal/messages.js';
import { callerOf, relay } from '../../upstream.js';
import type { GovernanceDeps } from './deps.js';

/** Who is signed in, and the directory the link wizard works from: portal users, companies, contacts, pipelines, employees. */
export function directoryRoutes(gov: Router, { upstream: { identity, policy, requests } }: GovernanceDeps) {
  gov.get('/me', (ctx) => {
    const e = ctx.state.employee;
    ctx.body = { id: e.id, name: e.name, role: e.role, email: e.email };
  });
  gov.get('/users', async (ctx) => {
    ctx.body = await relay(identity.users(callerOf(ctx), String(ctx.query.q ?? '')));
  });
  gov.post('/users', async (ctx) => {
    ctx.status = 201;
    ctx.body = await relay(identity.createUser(callerOf(ctx), forward(ctx.request.body)));
  });
  gov.get('/companies', async (ctx) => {
    ctx.body = await relay(policy.companies(callerOf(ctx)));
  });
  gov.get('/companies/:id', async (ctx) => {
    ctx.body = await relay(policy.company(callerOf(ctx), uuidParam(ctx, 'id', 'company')));
  });
  gov.get('/contacts', async (ctx) => {
    const companyId = ctx.query.companyId;
    ctx.body = await relay(policy.contacts(callerOf(ctx), companyId ? String(companyId) : undefined));
  });
  gov.get('/pipelines', async (ctx) => {
    ctx.body = await relay(requests.pipelines(callerOf(ctx)));
  });
  gov.get('/employees', async (ctx) => {
    ctx.body = await relay(identity.employees(callerOf(ctx)));
  });
  // Administrators change an employee's role or disable them; their sessions see it on the next request.
  gov.post('/employees/:id', async (ctx) => {
    ctx.body = await relay(identity.changeEmployee(callerOf(ctx), uuidParam(ctx, 'id', 'employee'), forward(ctx.request.body)));
  });
}
