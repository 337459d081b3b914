import type { ServiceDefinition } from '../../lib/service-main.js';
import { DEMO } from '../../domain/demo.js';
import { migrations } from './migrations.js';
import { createDocumentsApp } from './app.js';
import { createFileStore } from '../../lib/files/factory.js';
import { seedVersions } from './seed-files.js';
import type { DocumentsConfig } from './config.js';

const id = (n: number) => `00000000-0000-4000-8000-0000000003${String(n).padStart(2, '0')}`;

export const documentsService: ServiceDefinition<DocumentsConfig> = {
  name: 'documents',
  schema: 'documents',
  migrations,
  createApp: createDocumentsApp,
  prepare: (_db, config) => createFileStore(config.files).ensureReady(),
  async seed(db, config) {
    if (await db('documents').first()) return;
    const { northernLight: nl, blueHarbor: bh, emily } = DEMO;
    await db('documents').insert([
      {
        id: id(1),
        company_id: nl.id,
        contact_id: null,
        title: 'Service agreement 2026',
        status: 'published',
        expected_action: 'sign',
        published_at: db.fn.now(),
      },
      {
        id: id(2),
        company_id: nl.id,
        contact_id: emily.id,
        title: 'Brochure proof v2',
        status: 'published',
        expected_action: 'approve',
        published_at: db.fn.now(),
      },
      { id: id(3), company_id: nl.id, contact_id: null, title: 'Draft price list (internal)', status: 'draft', expected_action: 'review' },
      {
        id: id(4),
        company_id: bh.id,
        contact_id: null,
        title: 'Terminal access policy',
        status: 'published',
        expected_action: 'review',
        published_at: db.fn.now(),
      },
    ]);
    // Each document has its first version: a one-page PDF with its title.
    await seedVersions(db, createFileStore(config.files), [id(1), id(2), id(3), id(4)]);
  },
};
