/**
 * Typed, validated settings from environment variables. Each process builds one
 * config object at start with these readers; a bad value stops the process with
 * one line naming the variable.
 */
export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

export function str(env: Env, name: string, fallback?: string): string {
  const v = env[name] ?? fallback;
  if (v === undefined || v === '') throw new ConfigError(`${name} is required`);
  return v;
}

export function optional(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v === '' ? undefined : v;
}

export function int(env: Env, name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw)) throw new ConfigError(`${name} must be an integer, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

export function port(env: Env, name: string, fallback: number): number {
  return int(env, name, fallback, 0, 65535);
}

export function url(env: Env, name: string, fallback?: string): string {
  const v = str(env, name, fallback);
  try {
    new URL(v);
  } catch {
    throw new ConfigError(`${name} must be a URL, got "${v}"`);
  }
  return v.replace(/\/$/, '');
}

export function secret(env: Env, name: string, fallback: string): string {
  const v = str(env, name, fallback);
  if (v.length < 32) throw new ConfigError(`${name} must be at least 32 characters`);
  return v;
}

/** The settings every service shares: where it listens, its database, the internal token secret. */
export interface ServiceConfig {
  port: number;
  host: string;
  databaseUrl: string;
  internalSecret: string;
  seedDemo: boolean;
}

export const DEV_INTERNAL_SECRET = 'dev-only-internal-secret-change-me-0123456789';
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/extranet';

export function serviceConfig(env: Env, portVar: string, defaultPort: number): ServiceConfig {
  return {
    port: port(env, portVar, defaultPort),
    host: str(env, 'BIND_HOST', '127.0.0.1'),
    databaseUrl: url(env, 'DATABASE_URL', DEFAULT_DATABASE_URL),
    internalSecret: secret(env, 'INTERNAL_TOKEN_SECRET', DEV_INTERNAL_SECRET),
    seedDemo: (env.SEED_DEMO ?? 'true') !== 'false',
  };
}

/** Runs a process's main, turning a ConfigError or a known start failure into one clear line. */
export async function runMain(name: string, main: () => Promise<unknown>): Promise<void> {
  try {
    await main();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`${name}: ${message}\n`);
    process.exit(1);
  }
}
