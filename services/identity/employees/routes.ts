import Router from '@koa/router';
import type { Knex } from 'knex';
import { isUuid } from '../../../lib/http.js';
import { requireStaff } from '../../../internal/service-app.js';
import { badRequest, forbidden, notFound } from '../../../lib/errors.js';
import { audit } from '../../../lib/audit.js';
import { parseBody } from '../../../lib/validate.js';
import type { Plain } from '../../../internal/messages.js';
import { ChangeEmployeeRequestSchema, type EmployeeList } from '../../../proto/gen/extranet/v1/identity_pb.js';
import { employeeView } from './sessions.js';

/** Employees: listed for every employee, changed by administrators. */
export function employeeRoutes(db: Knex): Router {
  const r = new Router();
  r.get('/employees', async (ctx) => {
    requireStaff(ctx);
    ctx.body = {
      employees: (await db('employees').orderBy('name').limit(500)).map((e) => ({ id: e.id, name: e.name, email: e.email, role: e.role })),
    } satisfies Plain<EmployeeList>;
  });

  // An administrator changes an employee's role or disables the account; the next request of their sessions sees it.
  r.post('/employees/:id', async (ctx) => {
    const actor = requireStaff(ctx);
    if (actor.kind === 'employee' && actor.role !== 'administrator') throw forbidden('only portal administrators change employees');
    if (!isUuid(ctx.params.id)) throw notFound('employee');
    const b = parseBody(ChangeEmployeeRequestSchema, ctx.request.body);
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
  return r;
}
