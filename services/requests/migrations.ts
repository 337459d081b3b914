import type { Migration } from '../../lib/db.js';

export const migrations: Migration[] = [
  {
    name: '001_requests',
    async up(db) {
      await db.schema.createTable('pipelines', (t) => {
        t.uuid('id').primary();
        t.text('name').notNullable();
        t.integer('sort').notNullable().defaultTo(0);
      });
      await db.schema.createTable('requests', (t) => {
        t.uuid('id').primary();
        t.uuid('company_id').notNullable();
        t.uuid('pipeline_id').notNullable().references('pipelines.id');
        t.uuid('contact_id');
        t.text('title').notNullable();
        t.text('description').notNullable().defaultTo('');
        t.text('status').notNullable().defaultTo('new');
        t.text('responsible').notNullable().defaultTo('');
        t.text('created_by').notNullable();
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
        t.index(['company_id', 'pipeline_id']);
      });
      await db.schema.createTable('request_messages', (t) => {
        t.uuid('id').primary();
        t.uuid('request_id').notNullable().references('requests.id').index();
        t.text('author_kind').notNullable().checkIn(['employee', 'client']);
        t.text('author_name').notNullable();
        t.text('body').notNullable();
        t.boolean('internal').notNullable().defaultTo(false);
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
      });
    },
  },
];
