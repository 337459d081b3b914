import { createAuditLog, forbidAuditTruncate } from '../../lib/audit.js';
import type { Migration } from '../../lib/db.js';

export const migrations: Migration[] = [
  {
    name: '001_identity',
    async up(db) {
      await db.schema.createTable('users', (t) => {
        t.uuid('id').primary();
        t.text('login').notNullable().unique();
        t.text('email').notNullable().unique();
        t.text('first_name').notNullable();
        t.text('last_name').notNullable();
        t.text('password_hash').notNullable();
        t.boolean('password_is_temporary').notNullable().defaultTo(true);
        t.integer('failed_attempts').notNullable().defaultTo(0);
        t.timestamp('locked_until', { useTz: true });
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
      });
      await db.schema.createTable('employees', (t) => {
        t.uuid('id').primary();
        t.text('subject').notNullable().unique();
        t.text('email').notNullable();
        t.text('name').notNullable();
        t.text('role').notNullable().checkIn(['administrator', 'department_lead', 'account_manager']);
      });
      await db.schema.createTable('invitations', (t) => {
        t.uuid('id').primary();
        t.uuid('link_id').notNullable().index();
        t.uuid('user_id').notNullable().references('users.id');
        t.uuid('contact_id').notNullable();
        t.text('email').notNullable();
        t.text('token_hash').unique();
        t.text('status').notNullable().checkIn(['pending', 'used', 'revoked', 'expired']);
        t.text('issued_by').notNullable();
        t.timestamp('issued_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
        t.timestamp('expires_at', { useTz: true }).notNullable();
        t.timestamp('email_sent_at', { useTz: true });
        t.timestamp('ended_at', { useTz: true });
      });
      // Only one pending invitation per link and contact.
      await db.raw(`create unique index invitations_one_pending on invitations (link_id, contact_id) where status = 'pending'`);
      await db.schema.createTable('sessions', (t) => {
        t.uuid('id').primary();
        t.uuid('user_id').notNullable().references('users.id').index();
        t.text('token_hash').notNullable().unique();
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
        t.timestamp('expires_at', { useTz: true }).notNullable();
        t.timestamp('ended_at', { useTz: true });
      });
      await db.schema.createTable('security_settings', (t) => {
        t.integer('id').primary();
        t.integer('password_min_length').notNullable();
        t.boolean('password_require_lowercase').notNullable();
        t.boolean('password_require_uppercase').notNullable();
        t.boolean('password_require_digit').notNullable();
        t.boolean('password_require_special').notNullable();
        t.integer('max_failed_attempts').notNullable();
        t.integer('lockout_seconds').notNullable();
        t.integer('access_lifetime_seconds').notNullable();
        t.integer('invitation_lifetime_seconds').notNullable();
      });
    },
  },
];

migrations.push({
  name: '002_sessions_refresh_audit_channels',
  async up(db) {
    await db.schema.alterTable('security_settings', (t) => {
      t.integer('refresh_lifetime_seconds')
        .notNullable()
        .defaultTo(30 * 24 * 3600);
    });
    await db.schema.alterTable('sessions', (t) => {
      t.text('refresh_token_hash').unique();
      t.timestamp('refresh_expires_at', { useTz: true });
      t.text('end_reason');
    });
    // Every refresh token a session ever had: reusing a rotated one ends the whole session.
    await db.schema.createTable('refresh_tokens', (t) => {
      t.text('token_hash').primary();
      t.uuid('session_id').notNullable().references('sessions.id').index();
      t.timestamp('rotated_at', { useTz: true });
    });
    await db.schema.createTable('channel_links', (t) => {
      t.uuid('id').primary();
      t.uuid('user_id').notNullable().references('users.id').index();
      t.uuid('link_id').notNullable().index();
      t.text('kind').notNullable().checkIn(['telegram', 'widget']);
      t.text('external_ref').notNullable();
      t.text('status').notNullable().checkIn(['active', 'revoked']);
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
      t.timestamp('revoked_at', { useTz: true });
    });
    await createAuditLog(db);
  },
});

migrations.push({
  name: '003_employee_sessions_lockout_limits',
  async up(db) {
    await db.schema.alterTable('employees', (t) => {
      t.boolean('disabled').notNullable().defaultTo(false);
    });
    // Employee sessions live here, so that sign-out, a disabled employee or a role change count on the next request.
    await db.schema.createTable('employee_sessions', (t) => {
      t.uuid('id').primary();
      t.uuid('employee_id').notNullable().references('employees.id').index();
      t.text('token_hash').notNullable().unique();
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
      t.timestamp('expires_at', { useTz: true }).notNullable();
      t.timestamp('ended_at', { useTz: true });
      t.text('end_reason');
    });
    // Failed sign-ins counted per account (or "unknown login") and hour: the audit log gets one entry per window, not one per guess.
    await db.schema.createTable('sign_in_failures', (t) => {
      t.text('key').notNullable();
      t.timestamp('window_start', { useTz: true }).notNullable();
      t.integer('count').notNullable();
      t.primary(['key', 'window_start']);
    });
    // Attempt counters shared by every gateway replica (rate-limiter-flexible's table layout).
    await db.raw(`create table rate_limits (key varchar(255) primary key, points integer not null default 0, expire bigint)`);
    await forbidAuditTruncate(db);
  },
});

migrations.push({
  name: '004_client_session_live',
  async up(db) {
    // Published to the services that read data for a client: whether the session a
    // gateway vouches for is still the user's and still live, asked inside their own query.
    await db.raw(`
      create function identity.client_session_live(p_session uuid, p_user uuid) returns boolean language sql stable as $$
        select exists (select 1 from identity.sessions
                        where id = p_session and user_id = p_user and ended_at is null and expires_at > now())
      $$`);
  },
});

migrations.push({
  name: '005_client_session_live_token',
  async up(db) {
    // The voucher also names the access token (its SHA-256): a refresh, which rotates the token of the same
    // session, stops the old token at once even where a gateway still keeps it.
    await db.raw(`drop function identity.client_session_live(uuid, uuid)`);
    await db.raw(`
      create function identity.client_session_live(p_session uuid, p_user uuid, p_token_hash text) returns boolean language sql stable as $$
        select exists (select 1 from identity.sessions
                        where id = p_session and user_id = p_user and token_hash = p_token_hash
                          and ended_at is null and expires_at > now())
      $$`);
  },
});

migrations.push({
  name: '006_notifications',
  async up(db) {
    // A recipient's feed: what reached them, once per event, and whether they read it.
    await db.schema.createTable('notifications', (t) => {
      t.uuid('id').primary();
      t.uuid('recipient_id').notNullable();
      t.text('audience').notNullable().checkIn(['client', 'employee']);
      t.uuid('event_id').notNullable();
      t.uuid('batch_id').notNullable();
      t.text('kind').notNullable();
      t.text('title').notNullable();
      t.text('body').notNullable();
      t.text('url').notNullable();
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
      t.timestamp('read_at', { useTz: true });
      t.unique(['recipient_id', 'event_id']);
      t.index(['recipient_id', 'created_at']);
    });
    // Which kinds a recipient wants by email and by Telegram (no row: both).
    await db.schema.createTable('notification_settings', (t) => {
      t.uuid('recipient_id').notNullable();
      t.text('kind').notNullable();
      t.boolean('email').notNullable();
      t.boolean('telegram').notNullable().defaultTo(true);
      t.primary(['recipient_id', 'kind']);
    });
    // A batch sent on a channel (email, telegram), recorded once it went: a retried delivery does not send it again.
    await db.schema.createTable('notification_batches', (t) => {
      t.uuid('id').notNullable();
      t.text('channel').notNullable().checkIn(['email', 'telegram']);
      t.uuid('recipient_id').notNullable();
      t.timestamp('sent_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
      t.primary(['id', 'channel']);
    });
    // A Telegram connection starts pending, with a one-time code (its SHA-256) the bot receives as /start <code>.
    await db.raw(`alter table channel_links drop constraint if exists channel_links_status_check`);
    await db.raw(`alter table channel_links add constraint channel_links_status_check check (status in ('pending', 'active', 'revoked'))`);
    await db.schema.alterTable('channel_links', (t) => {
      t.text('code_hash').unique();
      t.timestamp('code_expires_at', { useTz: true });
    });
  },
});
