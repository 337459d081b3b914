import type { ServiceDefinition } from '../../lib/service-main.js';
import { DEMO } from '../../domain/demo.js';
import { PERMISSIONS } from '../../domain/vocabulary.js';
import { migrations } from './migrations.js';
import { createPolicyApp } from './app.js';
import { STARTER_PERMISSIONS } from '../../domain/vocabulary.js';
import type { PolicyConfig } from './config.js';

export const policyService: ServiceDefinition<PolicyConfig> = {
  name: 'policy',
  schema: 'policy',
  migrations,
  createApp: createPolicyApp,
  async seed(db) {
    if (await db('companies').where({ id: DEMO.agency.id }).first()) return;
    const { agency, northernLight: nl, blueHarbor: bh, emily, daniel, pipelines: p } = DEMO;
    await db.transaction(async (tx) => {
      await tx('companies').insert([
        { id: agency.id, name: agency.name, kind: 'agency', extranet_enabled: false },
        { id: nl.id, name: nl.name, kind: 'client', extranet_enabled: true },
        { id: bh.id, name: bh.name, kind: 'client', extranet_enabled: true },
      ]);
      await tx('contacts').insert([
        { id: emily.id, first_name: emily.firstName, last_name: emily.lastName, email: emily.email },
        { id: daniel.id, first_name: daniel.firstName, last_name: daniel.lastName, email: daniel.email },
      ]);
      await tx('company_contacts').insert([
        { company_id: nl.id, contact_id: emily.id },
        { company_id: bh.id, contact_id: daniel.id },
      ]);
      await tx('company_policies').insert([
        { company_id: nl.id, permissions: [...PERMISSIONS], pipeline_ids: [p.support.id, p.design.id] },
        { company_id: bh.id, permissions: [...PERMISSIONS], pipeline_ids: [p.support.id, p.billing.id] },
      ]);
      const u = DEMO.danielUser;
      const snapshot = { id: u.id, login: u.login, email: daniel.email, firstName: daniel.firstName, lastName: daniel.lastName, activated: true };
      await tx('links').insert({
        id: DEMO.danielLinkId,
        user_id: u.id,
        contact_id: daniel.id,
        status: 'active',
        default_company_id: bh.id,
        user_snapshot: JSON.stringify(snapshot),
        created_by: 'seed',
      });
      await tx('link_companies').insert({ link_id: DEMO.danielLinkId, company_id: bh.id });
      await tx('contact_policies').insert({
        contact_id: daniel.id,
        company_id: bh.id,
        permissions: [...STARTER_PERMISSIONS],
        pipeline_ids: [p.support.id],
      });
      await tx('company_managers').insert({ company_id: bh.id, employee_id: DEMO.manager.id });
    });
  },
};
