import { int, serviceConfig, type ServiceConfig } from '../../lib/config.js';

/** Identity settings. The security defaults seed the Security block on first start. */
export interface IdentityConfig extends ServiceConfig {
  invitationLifetimeSeconds: number;
  accessLifetimeSeconds: number;
}

export function loadIdentityConfig(env = process.env): IdentityConfig {
  return {
    ...serviceConfig(env, 'IDENTITY_PORT', 8101),
    invitationLifetimeSeconds: int(env, 'INVITATION_LIFETIME_SECONDS', 7 * 24 * 3600, 1),
    accessLifetimeSeconds: int(env, 'SESSION_LIFETIME_SECONDS', 8 * 3600, 60),
  };
}
