import type Router from '@koa/router';
import type { Knex } from 'knex';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { isUuid, requireStaff, requireSystem } from '../../lib/http.js';
import { badRequest, forbidden, notFound, unauthorized } from '../../lib/errors.js';
import { audit } from '../../lib/audit.js';
import { EMPLOYEE_ROLES } from '../../lib/internal-token.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

/** How long an employee session lasts without activity of its own (it is checked on every request). */
export const EMPLOYEE_SESSION_SECONDS = 8 * 3600;

const employeeView = (e: Record<string, any>) => ({ id: e.id, name: e.name, email: e.email, role: e.role, disabled: e.disabled });

/**
 * Employee sessions, held here rather than in a signed cookie: the gateway's
 * cookie is an opaque token, checked on every governance request against the
 * employee's current role and status, so sign-out, a disabled employee and a
 * role change count from the next request on.
 */
export function employeeSessionRoutes(r: Router, db: Knex) {
  // After OIDC sign-in: a session for the employee with this subject, unless disabled.
  r.post('/employee-sessions', async (ctx) => {
    requireSystem(ctx);
    const subject = (ctx.request.body as Record<string, unknown>).subject;
    if (typeof subject !== 'string' || subject.length === 0 || subject.length > 255) throw badRequest('subject', 'subject must be the OIDC subject');
    const e = await db('employees').where({ subject }).first();
    if (!e) throw notFound('employee');
    if (e.disabled) throw forbidden('this employee account is disabled');
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + EMPLOYEE_SESSION_SECONDS * 1000);
    await db('employee_sessions').insert({ id: randomUUID(), employee_id: e.id, token_hash: sha256(token), expires_at: expiresAt });
    ctx.status = 201;
    ctx.body = { token, expiresAt, employee: employeeView(e) };
  });

  async function current(token: string) {
    if (!TOKEN_RE.test(token)) throw unauthorized('employee session expired; sign in again');
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
    ctx.body = { sessionId: row.session_id, employee: employeeView(row) };
  });

  r.post('/employee-sessions/current/end', async (ctx) => {
    requireSystem(ctx);
    const row = await current(ctx.get('x-session-token'));
    await db('employee_sessions').where({ id: row.session_id }).update({ ended_at: db.fn.now(), end_reason: 'signed_out' });
    ctx.body = { ended: true };
  });

  // An administrator changes an employee's role or disables the account; the next request of their sessions sees it.
  r.post('/employees/:id', async (ctx) => {
    const actor = requireStaff(ctx);
    if (actor.kind === 'employee' && actor.role !== 'administrator') throw forbidden('only portal administrators change employees');
    if (!isUuid(ctx.params.id)) throw notFound('employee');
    const b = ctx.request.body as Record<string, unknown>;
    for (const k of Object.keys(b)) if (k !== 'role' && k !== 'disabled') throw badRequest(k, `${k} is not a known field`, 'unknown_field');
    if (b.role !== undefined && !(EMPLOYEE_ROLES as readonly unknown[]).includes(b.role))
      throw badRequest('role', `role must be one of ${EMPLOYEE_ROLES.join(', ')}`);
    if (b.disabled !== undefined && typeof b.disabled !== 'boolean') throw badRequest('disabled', 'disabled must be true or false');
    if (actor.id === ctx.params.id && (b.disabled === true || (b.role !== undefined && b.role !== 'administrator')))
      throw badRequest('id', 'administrators cannot demote or disable themselves');
    const updated = await db.transaction(async (tx) => {
      const before = await tx('employees').where({ id: ctx.params.id }).forUpdate().first();
      if (!before) throw notFound('employee');
      const change = { ...(b.role !== undefined ? { role: b.role } : {}), ...(b.disabled !== undefined ? { disabled: b.disabled } : {}) };
      if (!Object.keys(change).length) return before;
      const [row] = await tx('employees').where({ id: before.id }).update(change).returning('*');
      if (row.disabled)
        await tx('employee_sessions').where({ employee_id: row.id }).whereNull('ended_at').update({ ended_at: tx.fn.now(), end_reason: 'employee_disabled' });
      await audit(tx, actor, {
        action: 'employee.changed',
        entityType: 'employee',
        entityId: row.id,
        before: { role: before.role, disabled: before.disabled },
        after: { role: row.role, disabled: row.disabled },
      });
      return row;
    });
    ctx.body = employeeView(updated);
  });
}
