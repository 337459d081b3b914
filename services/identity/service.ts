import { hash } from '@node-rs/argon2';
import type { ServiceDefinition } from '../../lib/service-main.js';
import { DEMO } from '../../domain/demo.js';
import { migrations } from './migrations.js';
import { createIdentityApp } from './app.js';
import { ensureSecuritySettings } from './settings/settings.js';
import type { IdentityConfig } from './config.js';

export const identityService: ServiceDefinition<IdentityConfig> = {
  name: 'identity',
  schema: 'identity',
  migrations,
  createApp: createIdentityApp,
  prepare: ensureSecuritySettings,
  async seed(db) {
    const e = DEMO.employee;
    const m = DEMO.manager;
    await db('employees')
      .insert([
        { id: e.id, subject: e.subject, email: e.email, name: e.name, role: 'administrator' },
        { id: m.id, subject: m.subject, email: m.email, name: m.name, role: 'account_manager' },
      ])
      .onConflict('id')
      .ignore();
    const d = DEMO.danielUser;
    const exists = await db('users').where({ id: d.id }).first();
    if (!exists) {
      await db('users').insert({
        id: d.id,
        login: d.login,
        email: DEMO.daniel.email,
        first_name: DEMO.daniel.firstName,
        last_name: DEMO.daniel.lastName,
        password_hash: await hash(d.password),
        password_is_temporary: false,
      });
    }
  },
};
