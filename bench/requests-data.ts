import type { Knex } from 'knex';
import { DEMO } from '../domain/demo.js';

const seconds = (since: number) => +((performance.now() - since) / 1000).toFixed(1);

/**
 * `ROWS` requests in one statement (1,000,000 in the benchmark): request i belongs to company i mod `COMPANIES`
 * (random ids, then Northern Light and Blue Harbor), so each company has
 * 100; pipeline, status and creation time (the last two years) at random.
 */
export async function loadRequests(db: Knex, ROWS: number, COMPANIES: number): Promise<{ insertSeconds: number; vacuumAnalyzeSeconds: number }> {
  const { pipelines: p, blueHarbor: bh, northernLight: nl, daniel, emily, employee } = DEMO;
  const started = performance.now();
  await db.raw(
    `with companies as materialized (
       select n, gen_random_uuid() as id from generate_series(0, :randomCompanies - 1) n
       union all select :randomCompanies, :bh::uuid
       union all select :randomCompanies + 1, :nl::uuid
     )
     insert into requests.requests
       (id, company_id, pipeline_id, contact_id, title, description, status, responsible, created_by,
        created_at, updated_at, next_step, assignee_id, last_author_kind)
     select gen_random_uuid(), c.id, (:pipelines::uuid[])[g.p], case c.id when :bh::uuid then :daniel::uuid when :nl::uuid then :emily::uuid end,
            'Request #' || g.i, 'Generated for the request-list benchmark: a description of typical length, about one sentence.',
            g.status, :responsibleName, 'bench', g.at, g.at + g.touched, case g.status when 'waiting_for_client' then 'Send us the details' else '' end,
            :responsibleId::uuid, case when g.i % 2 = 0 then 'client' else 'employee' end
     from (
       select i, 1 + floor(random() * 3)::int as p,
              (array['new','in_progress','waiting_for_client','resolved','closed'])[1 + floor(random() * 5)::int] as status,
              now() - random() * interval '730 days' as at, random() * interval '10 days' as touched
       from generate_series(0, :rows - 1) i
     ) g
     join companies c on c.n = g.i % :companies`,
    {
      randomCompanies: COMPANIES - 2,
      companies: COMPANIES,
      rows: ROWS,
      bh: bh.id,
      nl: nl.id,
      daniel: daniel.id,
      emily: emily.id,
      pipelines: [p.support.id, p.design.id, p.billing.id],
      responsibleName: employee.name,
      responsibleId: employee.id,
    },
  );
  const insertSeconds = seconds(started);
  // Statistics for the planner, and the visibility map and hint bits set now rather than by an autovacuum
  // that 1,000,000 new rows would start in the middle of the measurement.
  const vacuumStarted = performance.now();
  await db.raw('vacuum analyze requests.requests');
  return { insertSeconds, vacuumAnalyzeSeconds: seconds(vacuumStarted) };
}
