import type { ServiceDefinition } from '../../lib/service-main.js';
import { DEMO } from '../../domain/demo.js';
import { migrations } from './migrations.js';
import { createRequestsApp } from './app.js';
import { createFileStore } from '../../lib/files/factory.js';
import type { RequestsConfig } from './config.js';

const id = (n: number) => `00000000-0000-4000-8000-0000000002${String(n).padStart(2, '0')}`;

export const requestsService: ServiceDefinition<RequestsConfig> = {
  name: 'requests',
  schema: 'requests',
  migrations,
  createApp: createRequestsApp,
  // The file store must be reachable (the directory writable, the bucket there) before the service answers.
  prepare: (_db, config) => createFileStore(config.files).ensureReady(),
  async seed(db) {
    if (await db('pipelines').first()) return;
    const { pipelines: p, northernLight: nl, blueHarbor: bh, emily, daniel, employee: olivia, manager: adam } = DEMO;
    const responsible = { responsible_id: olivia.id, responsible_name: olivia.name };
    // Support asks clients how urgent it is; the team's own estimate is a hidden field.
    const supportForm = [
      { id: id(91), key: 'urgency', label: 'Urgency', type: 'select', required: false, options: ['low', 'normal', 'high'], visibleToClients: true },
      { id: id(92), key: 'internal_estimate', label: 'Internal estimate (hours)', type: 'number', required: false, options: [], visibleToClients: false },
    ];
    await db.transaction(async (tx) => {
      await tx('pipelines').insert([
        { id: p.support.id, name: p.support.name, sort: 1, ...responsible, fields: JSON.stringify(supportForm) },
        { id: p.design.id, name: p.design.name, sort: 2, ...responsible },
        { id: p.billing.id, name: p.billing.name, sort: 3, ...responsible, followers: JSON.stringify([{ id: adam.id, name: adam.name }]) },
      ]);
      await tx('requests').insert([
        {
          id: id(1),
          company_id: nl.id,
          pipeline_id: p.support.id,
          contact_id: emily.id,
          title: 'Update the delivery address',
          status: 'in_progress',
          fields: JSON.stringify({ [id(91)]: 'high', [id(92)]: '6' }),
          responsible: 'Olivia Grant',
          assignee_id: olivia.id,
          created_by: 'seed',
        },
        {
          id: id(2),
          company_id: nl.id,
          pipeline_id: p.design.id,
          contact_id: emily.id,
          title: 'New brochure layout',
          status: 'waiting_for_client',
          next_step: 'Send us the logo in vector format',
          responsible: 'Olivia Grant',
          assignee_id: olivia.id,
          created_by: 'seed',
        },
        {
          id: id(3),
          company_id: bh.id,
          pipeline_id: p.support.id,
          contact_id: daniel.id,
          title: 'Harbor terminal access badges',
          status: 'new',
          responsible: 'Olivia Grant',
          assignee_id: olivia.id,
          created_by: 'seed',
        },
        {
          id: id(4),
          company_id: bh.id,
          pipeline_id: p.billing.id,
          contact_id: daniel.id,
          title: 'Invoice 2026-114 correction',
          status: 'in_progress',
          responsible: 'Olivia Grant',
          assignee_id: olivia.id,
          created_by: 'seed',
        },
      ]);
      await tx('request_messages').insert([
        {
          id: id(11),
          request_id: id(1),
          author_kind: 'employee',
          author_name: 'Olivia Grant',
          body: 'We have the new address; please confirm the floor.',
          internal: false,
        },
        {
          id: id(12),
          request_id: id(1),
          author_kind: 'employee',
          author_name: 'Olivia Grant',
          body: 'Internal: courier contract renews next month.',
          internal: true,
        },
        { id: id(13), request_id: id(3), author_kind: 'employee', author_name: 'Olivia Grant', body: 'Badges are being printed.', internal: false },
      ]);
    });
  },
};
