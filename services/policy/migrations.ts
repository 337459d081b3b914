import { createAuditLog, forbidAuditTruncate } from '../../lib/audit.js';
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
      await createAuditLog(db);
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
  },
});

migrations.push({
  name: '003_active_scope_function',
  async up(db) {
    // The hot path of every portal request. A plpgsql function keeps its plan per
    // connection, so the six-way join is planned once instead of on every call.
    await db.raw(`
      create function policy.active_scope(p_user uuid)
      returns table (link_id uuid, contact_id uuid, default_company_id uuid, status text, created_at timestamptz,
                     first_name text, last_name text, email text,
                     company_id uuid, company_name text, extranet_enabled boolean,
                     cp_permissions text[], cp_pipeline_ids uuid[], kp_permissions text[], kp_pipeline_ids uuid[])
      language plpgsql stable as $$
      begin
        return query
          select l.id, l.contact_id, l.default_company_id, l.status, l.created_at,
                 ct.first_name, ct.last_name, ct.email,
                 c.id, c.name, c.extranet_enabled,
                 cp.permissions, cp.pipeline_ids, kp.permissions, kp.pipeline_ids
            from policy.links l
            join policy.contacts ct on ct.id = l.contact_id
            join policy.link_companies lc on lc.link_id = l.id
            join policy.companies c on c.id = lc.company_id
            left join policy.company_policies cp on cp.company_id = c.id
            left join policy.contact_policies kp on kp.contact_id = l.contact_id and kp.company_id = c.id
           where l.user_id = p_user and l.status = 'active'
           order by l.created_at, c.name;
      end $$;`);
  },
});

migrations.push({
  name: '004_one_person_one_link',
  async up(db) {
    // One portal user belongs to one person: a user has at most one link that is
    // not revoked, and a contact at most one user with such a link. Older data
    // that broke the rule keeps its oldest link; the newer ones are revoked, on the record.
    const dupes = await db.raw(`
      select id, user_id, contact_id from (
        select id, user_id, contact_id,
               row_number() over (partition by user_id order by created_at, id) as by_user,
               row_number() over (partition by contact_id order by created_at, id) as by_contact
          from links where status <> 'revoked') l
       where by_user > 1 or by_contact > 1`);
    for (const l of dupes.rows as { id: string }[]) {
      await db('links').where({ id: l.id }).update({ status: 'revoked', ended_at: db.fn.now(), updated_at: db.fn.now() });
      await db('audit_log').insert({
        actor_kind: 'system',
        actor_id: 'migration',
        action: 'link.revoked',
        entity_type: 'link',
        entity_id: l.id,
        link_id: l.id,
        after: JSON.stringify({ status: 'revoked', reason: 'a second live link of the same user or contact' }),
      });
    }
    await db.raw(`drop index if exists links_one_live`);
    await db.raw(`create unique index links_one_live_per_user on links (user_id) where status <> 'revoked'`);
    await db.raw(`create unique index links_one_live_per_contact on links (contact_id) where status <> 'revoked'`);
    // A review is confirmed once, by an employee who may still grant it, within its lifetime.
    await db.schema.alterTable('link_reviews', (t) => {
      t.text('confirmed_by');
      t.timestamp('confirmed_at', { useTz: true });
    });
    await forbidAuditTruncate(db);
  },
});

migrations.push({
  name: '005_access_epoch',
  async up(db) {
    // Published to the other services: a counter that moves, in the same transaction,
    // with every change to what decides a client's scope. A gateway may keep a scope
    // it was given; the service that reads the data compares the scope's epoch with
    // this one in its own query, so a changed policy or link counts on the next request.
    await db.raw(`create table access_epoch (one boolean primary key default true check (one), epoch bigint not null)`);
    await db.raw(`insert into access_epoch (epoch) values (1)`);
    await db.raw(`
      create function policy.bump_access_epoch() returns trigger language plpgsql as $$
      begin
        update policy.access_epoch set epoch = epoch + 1;
        return null;
      end $$;`);
    for (const table of ['links', 'link_companies', 'companies', 'company_policies', 'contact_policies', 'contacts']) {
      await db.raw(
        `create trigger ${table}_moves_access_epoch after insert or update or delete or truncate on ?? for each statement execute function policy.bump_access_epoch()`,
        [table],
      );
    }
    await db.raw(`create function policy.access_epoch() returns bigint language sql stable as $$ select epoch from policy.access_epoch $$`);
  },
});

migrations.push({
  name: '006_link_access_checks',
  async up(db) {
    // The onboarding checklist (seed page 000): who re-checked a link's access after its client first signed in.
    // A table of its own, so a check does not move the access epoch (nothing a client reaches changes).
    await db.schema.createTable('link_access_checks', (t) => {
      t.uuid('link_id').primary().references('links.id');
      t.text('checked_by').notNullable();
      t.timestamp('checked_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    });
  },
});
