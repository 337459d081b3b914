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

/** Production: NODE_ENV=production, or a public address on https. Development defaults are refused there. */
export function isProduction(env: Env): boolean {
  return env.NODE_ENV === 'production' || (env.PUBLIC_URL ?? '').toLowerCase().startsWith('https:');
}

/** The development defaults of the secrets: they let one command start the system, and never run in production. */
export const DEV_INTERNAL_SECRET = 'dev-only-internal-secret-change-me-0123456789';
export const DEV_SESSION_SECRET = 'dev-only-session-secret-change-me-0123456789';
export const DEV_OIDC_CLIENT_SECRET = 'dev-only-oidc-client-secret';
const isDevSecret = (v: string) => [DEV_INTERNAL_SECRET, DEV_SESSION_SECRET, DEV_OIDC_CLIENT_SECRET].includes(v) || v.startsWith('dev-only-');

/**
 * A secret setting. Outside production a development default keeps the system
 * starting with one command; in production the variable must be set, must not
 * be a development default and must be at least 32 characters.
 */
export function secret(env: Env, name: string, devDefault: string, minLength = 32): string {
  const given = optional(env, name);
  if (isProduction(env)) {
    if (given === undefined) throw new ConfigError(`${name} is required in production (32+ random characters)`);
    if (isDevSecret(given)) throw new ConfigError(`${name} is a development default; set a random value of 32+ characters in production`);
    if (given.length < 32) throw new ConfigError(`${name} must be at least 32 characters in production`);
    return given;
  }
  const v = given ?? devDefault;
  if (v.length < minLength) throw new ConfigError(`${name} must be at least ${minLength} characters`);
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
