/**
 * The local launcher (`npm start`, deploy/local/start.ts) as a real process
 * tree: it is started against the test PostgreSQL and the test Temporal server
 * on free ports, its worker is killed with SIGKILL in the middle of an
 * onboarding, and the launcher must restart it while the gateway keeps
 * answering; the onboarding then completes exactly once. Ctrl-C (SIGINT) must
 * stop every process and free the ports.
 */
import { afterAll, beforeAll, describe, expect, inject, it, onTestFailed } from 'vitest';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import knex, { type Knex } from 'knex';
import { ROOT } from '../scripts/temporal-cli.mjs';
import { DEMO } from '../domain/demo.js';
import { Agent, eventually, signInEmployee } from './agent.js';
import { freshDatabase } from './harness.js';
import { STRONG_PASSWORD, tokenFrom } from './flows.js';

const PORT_VARIABLES = ['GATEWAY_PORT', 'IDENTITY_PORT', 'POLICY_PORT', 'REQUESTS_PORT', 'DOCUMENTS_PORT', 'OIDC_PORT', 'SMTP_PORT', 'MAIL_HTTP_PORT'] as const;
type Ports = Record<(typeof PORT_VARIABLES)[number], number>;

/** Free loopback ports, one per variable: all bound at once (so they differ), then released. */
async function freePorts(): Promise<Ports> {
  const servers: Server[] = [];
  const ports = {} as Ports;
  for (const v of PORT_VARIABLES) {
    const s = createServer();
    await new Promise<void>((resolve, reject) => s.once('error', reject).listen(0, '127.0.0.1', resolve));
    servers.push(s);
    ports[v] = (s.address() as { port: number }).port;
  }
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

/** Whether the port can be bound on loopback right now. */
function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** The launcher's child processes whose command line contains `entry`. */
function childrenRunning(launcherPid: number, entry: string): number[] {
  let out = '';
  try {
    out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(launcherPid)], { encoding: 'utf8' });
  } catch {
    return []; // ps exits 1 when there is no child at all
  }
  return out
    .split('\n')
    .filter((l) => l.includes(entry))
    .map((l) => Number(l.trim().split(/\s+/)[0]));
}

/** Whether any process of the group is still there. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

interface CaughtSummary {
  id: string;
  receivedAt: string;
  to: string[];
  subject: string;
}

describe('the local launcher', () => {
  const startedAt = new Date().toISOString();
  const taskQueue = `launcher-${randomBytes(6).toString('hex')}`;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let db: Knex;
  let ports: Ports;
  let launcher: ChildProcess;
  let log = '';
  const seenMailIds = new Set<string>();
  const gatewayUrl = () => `http://127.0.0.1:${ports.GATEWAY_PORT}`;
  const mailUrl = () => `http://127.0.0.1:${ports.MAIL_HTTP_PORT}`;

  /** Resolves when the launcher's output matches; fails early if the launcher ends. */
  const waitForLog = (pattern: RegExp, timeoutMs: number) =>
    eventually(
      async () => {
        if (pattern.test(log)) return true;
        if (launcher.exitCode !== null || launcher.signalCode !== null)
          throw new Error(`the launcher ended (${launcher.exitCode ?? launcher.signalCode}) before printing ${pattern}`);
        return undefined;
      },
      timeoutMs,
      `the launcher to print ${pattern}`,
    );

  /** Messages the launcher's mail catcher received during this test, newest first. */
  async function mailSinceStart(): Promise<CaughtSummary[]> {
    const res = await fetch(`${mailUrl()}/messages`);
    const { messages } = (await res.json()) as { messages: CaughtSummary[] };
    const ours = messages.filter((m) => m.receivedAt >= startedAt);
    for (const m of ours) seenMailIds.add(m.id);
    return ours;
  }

  beforeAll(async () => {
    database = await freshDatabase();
    db = knex({ client: 'pg', connection: database.url, pool: { min: 0, max: 2 } });
    ports = await freePorts();
    launcher = spawn(process.execPath, ['--import', 'tsx', 'deploy/local/start.ts'], {
      cwd: ROOT,
      // Its own process group, so that the whole tree can be killed at the end whatever happened.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
        DATABASE_URL: database.url,
        TEMPORAL_ADDRESS: inject('temporalAddress'),
        TEMPORAL_TASK_QUEUE: taskQueue,
        LOG_LEVEL: 'warn',
      },
    });
    launcher.stdout!.on('data', (d: Buffer) => (log += d.toString()));
    launcher.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    await waitForLog(/Extranet is running/, 150_000);
  }, 180_000);

  afterAll(async () => {
    if (launcher?.pid && groupAlive(launcher.pid)) process.kill(-launcher.pid, 'SIGKILL');
    await db?.destroy();
    await database?.drop();
    // The launcher keeps mail in .data/mail; what this test caused is removed again.
    const dir = join(ROOT, '.data', 'mail');
    const ours = (f: string) => [...seenMailIds].some((id) => f.endsWith(`-${id}.json`));
    if (existsSync(dir)) for (const f of readdirSync(dir).filter(ours)) rmSync(join(dir, f), { force: true });
  }, 60_000);

  it('restarts a worker killed by a signal while the gateway keeps answering; the onboarding completes once', async () => {
    onTestFailed(() => console.error(`launcher output:\n${log.slice(-6000)}`));
    const employee = new Agent(gatewayUrl());
    expect((await signInEmployee(employee, DEMO.employee.login, DEMO.employee.password)).status).toBe(200);
    const login = `emily.${randomBytes(3).toString('hex')}`;
    // The user's email is the contact's: whichever address the invitation goes to, it is this one.
    const user = await employee.post('/api/governance/users', { login, email: DEMO.emily.email, firstName: 'Emily', lastName: 'Carter' });
    expect(user.status).toBe(201);
    const review = await employee.post('/api/governance/link-wizard/review', {
      userId: user.body.id,
      contactId: DEMO.emily.id,
      companyIds: [DEMO.northernLight.id],
      defaultCompanyId: DEMO.northernLight.id,
    });
    expect(review.status).toBe(201);
    const linkId: string = review.body.reviewId;
    const [workerPid] = childrenRunning(launcher.pid!, 'workflows/main.ts');
    expect(workerPid).toBeGreaterThan(0);

    expect((await employee.post('/api/governance/link-wizard/confirm', { reviewId: linkId })).status).toBe(202);
    process.kill(workerPid!, 'SIGKILL');

    await waitForLog(/worker stopped \(signal SIGKILL\); restarting in 1 s/, 15_000);
    // The worker is down (it takes seconds to come back); nothing else is.
    const health = await fetch(`${gatewayUrl()}/healthz`);
    expect(health.status).toBe(200);
    const links = await employee.get('/api/governance/links');
    expect(links.status).toBe(200);
    expect((await employee.get(`/api/governance/companies/${DEMO.northernLight.id}`)).status).toBe(200);
    expect(log).not.toMatch(/worker is back/);

    await waitForLog(/worker is back/, 90_000);
    const [newWorkerPid] = childrenRunning(launcher.pid!, 'workflows/main.ts');
    expect(newWorkerPid).toBeGreaterThan(0);
    expect(newWorkerPid).not.toBe(workerPid);

    const invitation = await eventually(async () => (await mailSinceStart()).find((m) => m.to.includes(DEMO.emily.email)), 90_000, 'the invitation email');
    const full = (await (await fetch(`${mailUrl()}/messages/${invitation.id}`)).json()) as { text: string };
    const token = tokenFrom(full.text);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const client = new Agent(gatewayUrl());
    expect((await client.post('/api/portal/activate', { token, password: STRONG_PASSWORD })).status).toBe(201);

    const status = await eventually(
      async () => {
        const r = await employee.get(`/api/governance/workflows/onboarding-${linkId}`);
        return r.body?.step === 'completed' && r.body?.state === 'COMPLETED' ? r.body : undefined;
      },
      60_000,
      `onboarding-${linkId} to complete`,
    );
    expect(status).toMatchObject({ step: 'completed', state: 'COMPLETED' });

    expect(await db('policy.links').where({ contact_id: DEMO.emily.id }).pluck('id')).toEqual([linkId]);
    expect(await db('identity.invitations').where({ link_id: linkId }).count<{ count: string }[]>('* as count')).toEqual([{ count: '1' }]);
    expect((await mailSinceStart()).filter((m) => m.to.includes(DEMO.emily.email))).toHaveLength(1);
    expect(log.match(/restarting in/g)).toHaveLength(1);
  }, 180_000);

  it('stops every process and frees its ports on Ctrl-C', async () => {
    onTestFailed(() => console.error(`launcher output:\n${log.slice(-6000)}`));
    expect(launcher.exitCode).toBeNull();
    const exited = once(launcher, 'exit');
    const t0 = Date.now();
    launcher.kill('SIGINT');
    const [code] = (await Promise.race([
      exited,
      new Promise((_, reject) => setTimeout(() => reject(new Error('the launcher did not exit within 30 s')), 30_000)),
    ])) as [number | null];
    expect(code).toBe(0);
    expect(Date.now() - t0).toBeLessThan(30_000);
    await eventually(async () => (groupAlive(launcher.pid!) ? undefined : true), 10_000, 'every process of the launcher to end');
    for (const v of PORT_VARIABLES) expect(await canBind(ports[v]), `${v} ${ports[v]} is free`).toBe(true);
  }, 60_000);
});
