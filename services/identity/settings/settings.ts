import type { Knex } from 'knex';
import type { IdentityConfig } from '../config.js';
import type { PasswordPolicy } from '../sessions/password-policy.js';
import type { Plain } from '../../../internal/messages.js';
import type { SecuritySettings } from '../../../proto/gen/extranet/v1/identity_pb.js';

/** The Security block: one row. */
export interface SettingsRow {
  password_min_length: number;
  password_require_lowercase: boolean;
  password_require_uppercase: boolean;
  password_require_digit: boolean;
  password_require_special: boolean;
  max_failed_attempts: number;
  lockout_seconds: number;
  access_lifetime_seconds: number;
  invitation_lifetime_seconds: number;
  refresh_lifetime_seconds: number;
}

/** Writes the defaults on first start; later starts keep what administrators set. */
export async function ensureSecuritySettings(db: Knex, config: IdentityConfig): Promise<void> {
  await db('security_settings')
    .insert({
      id: 1,
      password_min_length: 12,
      password_require_lowercase: true,
      password_require_uppercase: true,
      password_require_digit: true,
      password_require_special: true,
      max_failed_attempts: 5,
      lockout_seconds: 15 * 60,
      access_lifetime_seconds: config.accessLifetimeSeconds,
      invitation_lifetime_seconds: config.invitationLifetimeSeconds,
    })
    .onConflict('id')
    .ignore();
}

export async function loadSettings(db: Knex): Promise<SettingsRow> {
  return (await db('security_settings').where({ id: 1 }).first()) as SettingsRow;
}

export function settingsView(s: SettingsRow): Plain<SecuritySettings> {
  return {
    passwordMinLength: s.password_min_length,
    passwordRequireLowercase: s.password_require_lowercase,
    passwordRequireUppercase: s.password_require_uppercase,
    passwordRequireDigit: s.password_require_digit,
    passwordRequireSpecial: s.password_require_special,
    maxFailedAttempts: s.max_failed_attempts,
    lockoutSeconds: s.lockout_seconds,
    accessLifetimeSeconds: s.access_lifetime_seconds,
    refreshLifetimeSeconds: s.refresh_lifetime_seconds,
    invitationLifetimeSeconds: s.invitation_lifetime_seconds,
  };
}

export function passwordPolicy(s: SettingsRow): PasswordPolicy {
  return {
    minLength: s.password_min_length,
    requireLowercase: s.password_require_lowercase,
    requireUppercase: s.password_require_uppercase,
    requireDigit: s.password_require_digit,
    requireSpecial: s.password_require_special,
  };
}

export const lockoutLimits = (s: SettingsRow) => ({ maxFailedAttempts: s.max_failed_attempts, lockoutSeconds: s.lockout_seconds });
