import type { Migration } from '../../lib/db.js';
import { outboxMigration } from '../../internal/outbox.js';

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
  {
    name: '002_collaboration',
    async up(db) {
      // Pipelines: who receives client requests, and the request form (small lists, kept with the pipeline).
      await db.schema.alterTable('pipelines', (t) => {
        t.uuid('responsible_id');
        t.text('responsible_name').notNullable().defaultTo('');
        t.jsonb('followers').notNullable().defaultTo('[]');
        t.jsonb('fields').notNullable().defaultTo('[]');
      });
      await db.schema.alterTable('requests', (t) => {
        t.text('next_step').notNullable().defaultTo('');
        t.uuid('assignee_id');
        t.jsonb('followers').notNullable().defaultTo('[]');
        // Form values by field id.
        t.jsonb('fields').notNullable().defaultTo('{}');
        t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
        // Who wrote last in the conversation (client | employee), for "waiting for the team".
        t.text('last_author_kind');
        t.index(['company_id', 'pipeline_id', 'created_at']);
        t.index(['assignee_id']);
        t.index(['updated_at']);
      });
      await db.raw(`update requests set status = 'resolved' where status = 'done'`);
      await db.raw(
        `alter table requests add constraint requests_status_known check (status in ('new','in_progress','waiting_for_client','resolved','closed'))`,
      );
      await db.schema.alterTable('request_messages', (t) => {
        t.text('author_id');
      });
      // The history: every status change, assignment and message, with who and when.
      await db.schema.createTable('request_events', (t) => {
        t.uuid('id').primary();
        t.uuid('request_id').notNullable().references('requests.id').index();
        t.text('kind').notNullable();
        t.text('actor_kind').notNullable().checkIn(['employee', 'client', 'system']);
        t.text('actor_id').notNullable();
        t.text('actor_name').notNullable();
        t.text('detail').notNullable().defaultTo('');
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
      });
      await db.schema.createTable('channel_messages', (t) => {
        t.uuid('id').primary();
        t.uuid('company_id').notNullable();
        t.text('author_kind').notNullable().checkIn(['employee', 'client']);
        t.text('author_id').notNullable();
        t.text('author_name').notNullable();
        t.text('body').notNullable();
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
        t.index(['company_id', 'created_at']);
      });
      // A client's private notes: only the author (a portal user) reads them.
      await db.schema.createTable('request_notes', (t) => {
        t.uuid('id').primary();
        t.uuid('request_id').notNullable().references('requests.id');
        t.uuid('author_user_id').notNullable();
        t.text('body').notNullable();
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
        t.index(['request_id', 'author_user_id']);
      });
      // Files: uploaded first (pending: only the uploader sees and attaches them), then attached to
      // exactly one request, request message or channel message.
      await db.schema.createTable('attachments', (t) => {
        t.uuid('id').primary();
        t.text('storage_key').notNullable().unique();
        t.text('name').notNullable();
        t.text('content_type').notNullable();
        t.bigInteger('size').notNullable();
        t.text('sha256').notNullable();
        t.text('uploaded_by_kind').notNullable().checkIn(['employee', 'client']);
        t.text('uploaded_by_id').notNullable();
        t.text('uploaded_by_name').notNullable();
        t.uuid('company_id');
        t.uuid('request_id').references('requests.id');
        t.uuid('message_id').references('request_messages.id');
        t.uuid('channel_message_id').references('channel_messages.id');
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
        t.timestamp('attached_at', { useTz: true });
        t.index(['request_id']);
        t.index(['channel_message_id']);
        t.index(['uploaded_by_id', 'attached_at']);
      });
    },
  },
  // Events written with the changes they tell of (internal/outbox.ts).
  outboxMigration('003_outbox'),
];
