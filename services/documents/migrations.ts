import type { Migration } from '../../lib/db.js';

export const migrations: Migration[] = [
  {
    name: '001_documents',
    async up(db) {
      await db.schema.createTable('documents', (t) => {
        t.uuid('id').primary();
        t.uuid('company_id').notNullable().index();
        t.uuid('contact_id');
        t.text('title').notNullable();
        t.text('status').notNullable().checkIn(['draft', 'published', 'withdrawn']);
        t.text('expected_action').notNullable().checkIn(['review', 'approve', 'sign', 'attach']);
        t.timestamp('published_at', { useTz: true });
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
      });
    },
  },
];
