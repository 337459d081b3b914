import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DEMO } from '../domain/demo.js';
import { Agent } from '../test/agent.js';

const LOAD = fileURLToPath(new URL('./load.mjs', import.meta.url));

/** One cell of a benchmark: a closed-loop run at one concurrency (latencies in ms). */
export interface Cell {
  requests: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

/**
 * One closed-loop run in a separate process (bench/load.mjs); connection i
 * sends headers[i % headers.length]. Refuses a run with any failed answer.
 */
export async function load(url: string, connections: number, seconds: number, headers: Record<string, string>[] = []): Promise<Cell> {
  const { stdout } = await promisify(execFile)(process.execPath, [LOAD, JSON.stringify({ url, connections, seconds, headers })], {
    maxBuffer: 1 << 20,
  });
  const cell = JSON.parse(stdout) as Cell;
  if (cell.non2xx || cell.errors || cell.timeouts || !cell.requests)
    throw new Error(`${url} at ${connections}: ${cell.non2xx} non-2xx, ${cell.errors} errors, ${cell.timeouts} timeouts of ${cell.requests} answers`);
  return cell;
}

/** The cookies of `n` sessions of the demo client daniel.brooks, one per simulated browser. */
export async function demoClientCookies(gatewayUrl: string, n: number): Promise<string[]> {
  const host = new URL(gatewayUrl).host;
  const cookies: string[] = [];
  for (let i = 0; i < n; i++) {
    const agent = new Agent(gatewayUrl);
    const res = await agent.post('/api/portal/login', { login: DEMO.danielUser.login, password: DEMO.danielUser.password });
    if (res.status !== 201) throw new Error(`sign-in as ${DEMO.danielUser.login}: ${res.status} ${JSON.stringify(res.body)}`);
    cookies.push([...(agent.cookies.get(host) ?? [])].map(([k, v]) => `${k}=${v}`).join('; '));
  }
  return cookies;
}
