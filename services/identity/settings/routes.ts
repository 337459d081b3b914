import Router from '@koa/router';
import type { Knex } from 'knex';
import { requireStaff } from '../../../internal/service-app.js';
import { forbidden } from '../../../lib/errors.js';
import { audit } from '../../../lib/audit.js';
import type { Actor } from '../../../internal/actor.js';
import { parseBody } from '../../../lib/validate.js';
import { SecuritySettingsRequestSchema, type SecuritySettingsRequest } from '../../../proto/gen/extranet/v1/governance_pb.js';
import { loadSettings, settingsView } from './settings.js';

/** Replaces the Security block, on the audit record. */
export async function changeSecuritySettings(db: Knex, actor: Pick<Actor, 'kind' | 'id'>, input: SecuritySettingsRequest): Promise<void> {
  const row = {
    password_min_length: input.passwordMinLength,
    password_require_lowercase: input.passwordRequireLowercase,
    password_require_uppercase: input.passwordRequireUppercase,
    password_require_digit: input.passwordRequireDigit,
    password_require_special: input.passwordRequireSpecial,
    max_failed_attempts: input.maxFailedAttempts,
    lockout_seconds: input.lockoutSeconds,
    access_lifetime_seconds: input.accessLifetimeSeconds,
    refresh_lifetime_seconds: input.refreshLifetimeSeconds,
    invitation_lifetime_seconds: input.invitationLifetimeSeconds,
  };
  await db.transaction(async (tx) => {
    const { id: _id, ...before } = await tx('security_settings').where({ id: 1 }).forUpdate().first();
    await tx('security_settings').where({ id: 1 }).update(row);
    await audit(tx, actor, { action: 'security_settings.changed', entityType: 'security_settings', entityId: 'security', before, after: row });
  });
}

/** The Security block: read by employees, changed by administrators. */
export function settingsRoutes(db: Knex): Router {
  const r = new Router();
  r.get('/security-settings', async (ctx) => {
    requireStaff(ctx);
    ctx.body = settingsView(await loadSettings(db));
  });
  r.post('/security-settings', async (ctx) => {
    const actor = requireStaff(ctx);
    if (actor.kind === 'employee' && actor.role !== 'administrator') throw forbidden('only portal administrators change the security settings');
    await changeSecuritySettings(db, actor, parseBody(SecuritySettingsRequestSchema, ctx.request.body));
    ctx.body = settingsView(await loadSettings(db));
  });
  return r;
}
