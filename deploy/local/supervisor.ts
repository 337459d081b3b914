/**
 * The launcher's supervisor: starts the system's processes, relays their
 * output under their names, restarts one that stops after the start (with
 * back-off), and stops everything once on Ctrl-C.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { ConfigError } from '../../lib/config.js';
import { ROOT } from '../../scripts/temporal-cli.mjs';

/** A start that cannot go on, said in one line. */
export class StartError extends Error {}

/** Cleanups of what the launcher started besides the processes (databases, servers), run in reverse on stop. */
export const stops: (() => Promise<void>)[] = [];

/** starting: a child that ends fails the start; running: it is restarted; stopping: Ctrl-C, everything ends. */
let phase: 'starting' | 'running' | 'stopping' = 'starting';

/** The start is over: from now on a process that stops is restarted. False when stopping began meanwhile. */
export function startFinished(): boolean {
  if (phase !== 'starting') return false;
  phase = 'running';
  return true;
}

const RESTART_MAX_MS = 30_000;
const STAYED_UP_MS = 60_000;
const STOP_GRACE_MS = 10_000;

/** One process of the system (a service, the worker or the gateway), kept running across restarts. */
interface Proc {
  name: string;
  entry: string;
  env: Record<string, string>;
  healthUrl?: string;
  readyLine?: RegExp;
  child?: ChildProcess;
  /** Rejects when the current child has ended. */
  ended?: Promise<never>;
  lastLine: string;
  ready: boolean;
  launchedAt: number;
  failures: number;
  restartTimer?: NodeJS.Timeout;
}
const procs: Proc[] = [];

/** A child that ended by itself has an exit code; one killed by a signal has a signal code instead. */
const alive = (c?: ChildProcess): c is ChildProcess => !!c && c.exitCode === null && c.signalCode === null;
const howItEnded = (code: number | null, signal: NodeJS.Signals | null) => (signal ? `signal ${signal}` : `exit ${code}`);

/** Sends SIGTERM and resolves when the child has ended (SIGKILL after a grace period); a dead child is not waited on. */
async function stopChild(p: Proc): Promise<void> {
  const c = p.child;
  if (!alive(c)) return;
  const force = setTimeout(() => {
    process.stderr.write(`${p.name} did not stop within ${STOP_GRACE_MS / 1000} s; killing it\n`);
    c.kill('SIGKILL');
  }, STOP_GRACE_MS);
  c.kill('SIGTERM');
  await once(c, 'exit');
  clearTimeout(force);
}

export async function stopAll(code: number) {
  if (phase === 'stopping') return;
  phase = 'stopping';
  process.stdout.write('\nstopping…\n');
  for (const p of procs) clearTimeout(p.restartTimer);
  await Promise.all(procs.map(stopChild));
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
  process.exit(code);
}

/** Ends a start that cannot go on with one line saying why (once, however many parts fail). */
export function failStart(err: unknown) {
  if (phase === 'stopping') return;
  const message = err instanceof StartError || err instanceof ConfigError ? err.message : `start failed: ${(err as Error).stack ?? err}`;
  process.stderr.write(`extranet: ${message}\n`);
  void stopAll(1);
}

/** Copies a child's output line by line with its name in front; remembers the last line and whether the ready line came. */
function relay(p: Proc, stream: NodeJS.ReadableStream, out: NodeJS.WriteStream) {
  let buf = '';
  stream.on('data', (d: Buffer) => {
    buf += d.toString();
    const lines = buf.split('\n');
    buf = lines.pop()!;
    for (const l of lines) {
      if (l.trim()) p.lastLine = l;
      if (p.readyLine?.test(l)) p.ready = true;
      out.write(`[${p.name}] ${l}\n`);
    }
  });
}

/** Spawns the process (first start or restart). */
function launch(p: Proc) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, p.entry)], {
    cwd: ROOT,
    env: { ...process.env, ...p.env, EXTRANET_PROCESS: p.name },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  Object.assign(p, { child, lastLine: '', ready: false, launchedAt: Date.now() });
  relay(p, child.stdout!, process.stdout);
  relay(p, child.stderr!, process.stderr);
  // 'close' comes after the child's last output, so the last line is known.
  p.ended = new Promise<never>((_, reject) =>
    child.once('close', (code, signal) => {
      const err = new StartError(`${p.name} could not start: ${p.lastLine || howItEnded(code, signal)}`);
      reject(err);
      if (phase === 'starting') failStart(err);
      else if (phase === 'running') scheduleRestart(p, code, signal);
    }),
  );
  p.ended.catch(() => undefined);
}

/** A crash after the start: one line, then a restart with back-off (1 s, 2 s, 4 s … 30 s; from 1 s again after a minute up). */
function scheduleRestart(p: Proc, code: number | null, signal: NodeJS.Signals | null) {
  if (Date.now() - p.launchedAt > STAYED_UP_MS) p.failures = 0;
  const delay = Math.min(1000 * 2 ** p.failures, RESTART_MAX_MS);
  p.failures++;
  process.stderr.write(`${p.name} stopped (${howItEnded(code, signal)}); restarting in ${delay / 1000} s\n`);
  p.restartTimer = setTimeout(() => void restart(p), delay);
}

/** Starts a crashed process again; one that never gets ready is killed, and its end schedules the next attempt. */
async function restart(p: Proc) {
  if (phase !== 'running') return;
  launch(p);
  try {
    await waitReady(p);
    process.stdout.write(`${p.name} is back\n`);
  } catch (err) {
    if (alive(p.child) && phase === 'running') {
      process.stderr.write(`${p.name}: ${(err as Error).message}\n`);
      p.child.kill('SIGKILL');
    }
  }
}

/** Waits until the process answers its health check (or prints its ready line); rejects when it ends first. */
async function waitReady(p: Proc): Promise<void> {
  if (!p.healthUrl && !p.readyLine) return;
  const ended = p.ended!;
  const until = Date.now() + 60_000;
  for (;;) {
    const ok = await Promise.race([
      p.healthUrl
        ? fetch(p.healthUrl).then(
            (r) => r.ok,
            () => false,
          )
        : Promise.resolve(p.ready),
      ended,
    ]);
    if (ok) return;
    if (phase === 'stopping') throw new StartError('stopping');
    if (Date.now() > until) throw new StartError(`${p.name} did not become ready within 60 s${p.healthUrl ? ` (${p.healthUrl})` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Starts one process of the system, prefixing its output, and waits until it is ready. */
export async function startProcess(name: string, entry: string, childEnv: Record<string, string>, healthUrl?: string, readyLine?: RegExp): Promise<void> {
  if (phase === 'stopping') throw new StartError('stopping');
  const p: Proc = { name, entry, env: childEnv, healthUrl, readyLine, lastLine: '', ready: false, launchedAt: 0, failures: 0 };
  procs.push(p);
  launch(p);
  await waitReady(p);
}
