import Router from '@koa/router';
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { isTokenShaped } from '../../../lib/http.js';
import { newToken, sha256 } from '../tokens.js';
import { requireSystem } from '../../../internal/service-app.js';
import { forbidden, notFound, unauthorized } from '../../../lib/errors.js';
import { parseBody } from '../../../lib/validate.js';
import { isoTime, type Plain } from '../../../internal/messages.js';
import {
  StartEmployeeSessionRequestSchema,
  type CurrentEmployeeSessionValid,
  type Employee,
  type EmployeeSessionValid,
  type SessionEnded,
} from '../../../proto/gen/extranet/v1/identity_pb.js';

/** How long an employee session lasts without activity of its own (it is checked on every request). */
export const EMPLOYEE_SESSION_SECONDS = 8 * 3600;

export const employeeView = (e: Record<string, any>): Plain<Employee> => ({ id: e.id, name: e.name, email: e.email, role: e.role, disabled: e.disabled });

/**
 * Employee sessions, held here rather than in a signed cookie: the gateway's
 * cookie is an opaque token, checked on every governance request against the
 * employee's current role and status, so sign-out, a disabled employee and a
 * role change count from the next request on.
 */
export function employeeSessionRoutes(db: Knex): Router {
  const r = new Router();
  // After OIDC sign-in: a session for the employee with this subject, unless disabled.
  r.post('/employee-sessions', async (ctx) => {
    requireSystem(ctx);
    const { subject } = parseBody(StartEmployeeSessionRequestSchema, ctx.request.body);
    const e = await db('employees').where({ subject }).first();
    if (!e) throw notFound('employee');
    if (e.disabled) throw forbidden('this employee account is disabled');
    const token = newToken();
    const expiresAt = new Date(Date.now() + EMPLOYEE_SESSION_SECONDS * 1000);
    await db('employee_sessions').insert({ id: randomUUID(), employee_id: e.id, token_hash: sha256(token), expires_at: expiresAt });
    ctx.status = 201;
    ctx.body = { token, expiresAt: isoTime(expiresAt), employee: employeeView(e) } satisfies Plain<EmployeeSessionValid>;
  });

  async function current(token: string) {
    if (!isTokenShaped(token)) throw unauthorized('employee session expired; sign in again');
    const row = await db('employee_sessions')
      .join('employees', 'employees.id', 'employee_sessions.employee_id')
      .where({ 'employee_sessions.token_hash': sha256(token), 'employees.disabled': false })
      .whereNull('employee_sessions.ended_at')
      .where('employee_sessions.expires_at', '>', db.fn.now())
      .first('employee_sessions.id as session_id', 'employees.*');
    if (!row) throw unauthorized('employee session expired; sign in again');
    return row;
  }

  r.get('/employee-sessions/current', async (ctx) => {
    requireSystem(ctx);
    const row = await current(ctx.get('x-session-token'));
    ctx.body = { sessionId: row.session_id, employee: employeeView(row) } satisfies Plain<CurrentEmployeeSessionValid>;
  });

  r.post('/employee-sessions/current/end', async (ctx) => {
    requireSystem(ctx);
    const row = await current(ctx.get('x-session-token'));
    await db('employee_sessions').where({ id: row.session_id }).update({ ended_at: db.fn.now(), end_reason: 'signed_out' });
    ctx.body = { ended: true } satisfies Plain<SessionEnded>;
  });
  return r;
}
