import type { Migration } from '../../lib/db.js';
import { outboxMigration } from '../../internal/outbox.js';

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
  {
    name: '002_publishing',
    async up(db) {
      await db.raw(`alter table documents drop constraint if exists documents_expected_action_check`);
      await db.raw(
        `alter table documents add constraint documents_expected_action_check check (expected_action in ('none','review','approve','sign','attach'))`,
      );
      await db.schema.alterTable('documents', (t) => {
        t.text('description').notNullable().defaultTo('');
        t.uuid('request_id');
        t.text('created_by').notNullable().defaultTo('');
        t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
      });
      // A new file makes a new version; the client sees the latest and the history.
      await db.schema.createTable('document_versions', (t) => {
        t.uuid('id').primary();
        t.uuid('document_id').notNullable().references('documents.id');
        t.integer('number').notNullable();
        t.text('created_by_name').notNullable();
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
        t.unique(['document_id', 'number']);
      });
      await db.schema.createTable('document_files', (t) => {
        t.uuid('id').primary();
        t.uuid('document_id').notNullable().references('documents.id');
        // A version's file; or, without a version, a file a client attached when asked (document_responses).
        t.uuid('version_id').references('document_versions.id');
        t.text('storage_key').notNullable().unique();
        t.text('name').notNullable();
        t.text('content_type').notNullable();
        t.bigInteger('size').notNullable();
        t.text('sha256').notNullable();
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
        t.index(['document_id']);
      });
      await db.schema.createTable('document_responses', (t) => {
        t.uuid('id').primary();
        t.uuid('document_id').notNullable().references('documents.id');
        t.uuid('version_id').notNullable().references('document_versions.id');
        t.text('kind').notNullable().checkIn(['reviewed', 'approved', 'declined', 'attached', 'signed']);
        t.uuid('user_id').notNullable();
        t.uuid('contact_id').notNullable();
        t.text('user_name').notNullable();
        t.text('reason').notNullable().defaultTo('');
        t.uuid('file_id').references('document_files.id');
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
        t.index(['document_id']);
        // A client answers a version once.
        t.unique(['version_id', 'user_id']);
      });
    },
  },
  {
    name: '003_signatures',
    async up(db) {
      // One signature request per version and time: the signers, their order, the deadline, the reminders.
      await db.schema.createTable('signature_requests', (t) => {
        t.uuid('id').primary();
        t.uuid('document_id').notNullable().references('documents.id');
        t.uuid('version_id').notNullable().references('document_versions.id');
        t.uuid('company_id').notNullable();
        t.text('signing_order').notNullable().checkIn(['sequential', 'parallel']);
        t.text('status').notNullable().checkIn(['pending', 'completed', 'declined', 'expired', 'withdrawn']);
        t.timestamp('deadline_at', { useTz: true }).notNullable();
        t.integer('reminder_seconds').notNullable();
        t.text('created_by').notNullable();
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
        t.timestamp('ended_at', { useTz: true });
        t.text('end_reason').notNullable().defaultTo('');
        t.index(['document_id']);
      });
      await db.raw(`create unique index signature_requests_one_pending on signature_requests (document_id) where status = 'pending'`);
      await db.schema.createTable('signature_signers', (t) => {
        t.uuid('request_id').notNullable().references('signature_requests.id');
        t.uuid('user_id').notNullable();
        t.uuid('contact_id').notNullable();
        t.text('name').notNullable();
        t.integer('position').notNullable();
        t.text('state').notNullable().checkIn(['waiting', 'signed', 'declined']);
        t.timestamp('acted_at', { useTz: true });
        t.text('reason').notNullable().defaultTo('');
        // Emails sent to this signer (1: the request, then reminders), and when the last went.
        t.integer('emails_sent').notNullable().defaultTo(0);
        t.timestamp('last_emailed_at', { useTz: true });
        // The evidence of a signature: the session and address it came from, and the SHA-256 of the file signed.
        t.uuid('session_id');
        t.text('address');
        t.text('user_agent');
        t.text('sha256');
        t.primary(['request_id', 'user_id']);
        t.unique(['request_id', 'position']);
        t.index(['user_id']);
      });
    },
  },
  // Events written with the changes they tell of (internal/outbox.ts).
  outboxMigration('004_outbox'),
  {
    // A signature email due to a signer who could not see the document any more is not sent: counted apart.
    name: '005_signature_emails_withheld',
    async up(db) {
      await db.schema.alterTable('signature_signers', (t) => {
        t.integer('emails_withheld').notNullable().defaultTo(0);
      });
    },
  },
];
