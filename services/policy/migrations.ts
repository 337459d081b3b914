import type { Migration } from '../../lib/db.js';

export const migrations: Migration[] = [
  {
    name: '001_policy',
    async up(db) {
      await db.schema.createTable('companies', (t) => {
        t.uuid('id').primary();
        t.text('name').notNullable();
        t.text('kind').notNullable().checkIn(['agency', 'client']);
        t.boolean('extranet_enabled').notNullable().defaultTo(false);
      });
      await db.schema.createTable('contacts', (t) => {
        t.uuid('id').primary();
        t.text('first_name').notNullable();
        t.text('last_name').notNullable();
        t.text('email').notNullable();
      });
      await db.schema.createTable('company_contacts', (t) => {
        t.uuid('company_id').notNullable().references('companies.id');
        t.uuid('contact_id').notNullable().references('contacts.id');
        t.primary(['company_id', 'contact_id']);
      });
      await db.schema.createTable('link_reviews', (t) => {
        t.uuid('id').primary();
        t.uuid('user_id').notNullable();
        t.uuid('contact_id').notNullable().references('contacts.id');
        t.specificType('company_ids', 'uuid[]').notNullable();
        t.uuid('default_company_id').notNullable();
        t.jsonb('user_snapshot').notNullable();
        t.text('created_by').notNullable();
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
      });
      await db.schema.createTable('links', (t) => {
        t.uuid('id').primary();
        t.uuid('user_id').notNullable().index();
        t.uuid('contact_id').notNullable().references('contacts.id');
        t.text('status').notNullable().checkIn(['active', 'disabled', 'revoked']);
        t.uuid('default_company_id').notNullable();
        t.jsonb('user_snapshot').notNullable();
        t.text('created_by').notNullable();
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
        t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
      });
      // One live link per user and contact; a revoked one may be followed by a new one.
      await db.raw(`create unique index links_one_live on links (user_id, contact_id) where status <> 'revoked'`);
      await db.schema.createTable('link_companies', (t) => {
        t.uuid('link_id').notNullable().references('links.id');
        t.uuid('company_id').notNullable().references('companies.id');
        t.primary(['link_id', 'company_id']);
      });
      await db.schema.createTable('company_policies', (t) => {
        t.uuid('company_id').primary().references('companies.id');
        t.specificType('permissions', 'text[]').notNullable();
        t.specificType('pipeline_ids', 'uuid[]').notNullable();
        t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
      });
      await db.schema.createTable('contact_policies', (t) => {
        t.uuid('contact_id').notNullable().references('contacts.id');
        t.uuid('company_id').notNullable().references('companies.id');
        t.specificType('permissions', 'text[]').notNullable();
        t.specificType('pipeline_ids', 'uuid[]').notNullable();
        t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
        t.primary(['contact_id', 'company_id']);
      });
      await db.schema.createTable('audit_log', (t) => {
        t.bigIncrements('id');
        t.timestamp('at', { useTz: true }).notNullable().defaultTo(db.fn.now());
        t.text('actor_kind').notNullable();
        t.text('actor_id').notNullable();
        t.text('action').notNullable();
        t.text('entity_type').notNullable();
        t.text('entity_id').notNullable();
        t.uuid('link_id').index();
        t.uuid('company_id').index();
        t.jsonb('before');
        t.jsonb('after');
      });
    },
  },
];

migrations.push({
  name: '002_governance',
  async up(db) {
    await db.schema.alterTable('companies', (t) => {
      // Who may grant extranet access to this company's contacts, besides administrators.
      t.text('grant_access').notNullable().defaultTo('account_managers').checkIn(['administrators', 'account_managers', 'all_employees']);
    });
    await db.schema.createTable('company_managers', (t) => {
      t.uuid('company_id').notNullable().references('companies.id');
      t.uuid('employee_id').notNullable();
      t.primary(['company_id', 'employee_id']);
    });
    await db.schema.alterTable('links', (t) => {
      t.timestamp('ended_at', { useTz: true });
    });
    // The audit log is append-only: no role of the application may change or remove an entry.
    await db.raw(`
      create function audit_log_is_append_only() returns trigger language plpgsql as $$
      begin raise exception 'the audit log is append-only'; end $$;
      create trigger audit_log_append_only before update or delete on audit_log
        for each row execute function audit_log_is_append_only();`);
  },
});
