/**
 * One onboarding from confirm to email received, through the real system
 * (services, gateway, worker, Temporal dev server, SMTP on loopback), and for
 * comparison in the same run the employee's review step alone (a plain API
 * call through the same gateway and services).
 *
 *   npm run bench:onboarding
 */
import { randomUUID } from 'node:crypto';
import { startSystem } from '../test/harness.js';
import { Agent, signInEmployee } from '../test/agent.js';
import { DEMO } from '../domain/demo.js';
import { startTemporalForTests } from '../test/temporal-server.js';
import { summarize } from './stats.js';

const RUNS = Number(process.env.BENCH_ONBOARDINGS ?? 10);
const { env, workflowBundleCode: code } = await startTemporalForTests();
const sys = await startSystem({ temporalAddress: env.address, workflowBundleCode: code });
try {
  const employee = new Agent(sys.gatewayUrl);
  await signInEmployee(employee, DEMO.employee.login, DEMO.employee.password);
  const onboard: number[] = [];
  const review: number[] = [];
  const start = performance.now();
  for (let i = 0; i < RUNS + 1; i++) {
    const login = `bench.${i}.${Date.now()}`;
    const user = await employee.post('/api/governance/users', { login, email: `${login}@northern-light.test`, firstName: 'Emily', lastName: 'Carter' });
    // One portal user belongs to one person: each onboarding gets its own CRM contact, written as the CRM sync does.
    const contactId = randomUUID();
    await sys.db('policy.contacts').insert({ id: contactId, first_name: 'Bench', last_name: `Contact ${i}`, email: `${login}@contacts.test` });
    await sys.db('policy.company_contacts').insert({ company_id: DEMO.northernLight.id, contact_id: contactId });
    const t0 = performance.now();
    const rev = await employee.post('/api/governance/link-wizard/review', {
      userId: user.body.id,
      contactId,
      companyIds: [DEMO.northernLight.id],
      defaultCompanyId: DEMO.northernLight.id,
    });
    const t1 = performance.now();
    if (rev.status !== 201) throw new Error(`review refused: ${JSON.stringify(rev.body)}`);
    const seen = sys.mail.messages().length;
    await employee.post('/api/governance/link-wizard/confirm', { reviewId: rev.body.reviewId });
    await sys.mail.waitFor((m) => sys.mail.messages().indexOf(m) >= seen, 30_000);
    const t2 = performance.now();
    if (i === 0) continue; // warm-up
    review.push(t1 - t0);
    onboard.push(t2 - t1);
  }
  const wall = performance.now() - start;
  const o = summarize(onboard, wall);
  const r = summarize(review, wall);
  console.log(
    JSON.stringify(
      { runs: RUNS, confirmToEmail: { p50: o.p50, p99: o.p99, max: o.max }, reviewCall: { p50: r.p50, p99: r.p99 }, ratio: +(o.p50 / r.p50).toFixed(1) },
      null,
      2,
    ),
  );
  console.log(`onboarding, confirm → email received: p50 ${o.p50} ms, max ${o.max} ms (a review call: p50 ${r.p50} ms)`);
} finally {
  await sys.stop();
  await env.teardown();
}
