import type Koa from 'koa';
import type { Context, Next } from 'koa';
import { bodyParser } from '@koa/bodyparser';
import type { Server } from 'node:http';
import { HttpError, badRequest } from './errors.js';

/** The first NUL character in a value (strings, arrays, objects), as the path of its field; undefined when there is none. */
function nulField(v: unknown, path: string, depth = 0): string | undefined {
  if (typeof v === 'string') return v.includes('\0') ? path : undefined;
  if (depth > 20 || v === null || typeof v !== 'object') return undefined;
  for (const [k, x] of Object.entries(v)) {
    if (k.includes('\0')) return path ? `${path}.${k}` : k;
    const found = nulField(x, path ? `${path}.${k}` : k, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** A NUL character in the query or the path is a 400 naming the field (PostgreSQL text cannot hold one). */
export async function refuseNul(ctx: Context, next: Next) {
  if (ctx.path.includes('\0')) throw badRequest('path', 'the path must not contain a NUL character');
  const field = nulField(ctx.query, '');
  if (field !== undefined) throw badRequest(field.split('.')[0] || 'query', `${field.split('.')[0] || 'query'} must not contain a NUL character`);
  await next();
}

/** The same for a parsed JSON body. */
export async function refuseNulInBody(ctx: Context, next: Next) {
  const field = nulField((ctx.request as { body?: unknown }).body, '');
  if (field !== undefined) throw badRequest(field || 'body', `${field || 'body'} must not contain a NUL character`);
  await next();
}

/** JSON bodies only, up to 256 kB; a body that does not parse is a 400 naming `body`. */
export function jsonBody() {
  return bodyParser({
    enableTypes: ['json'],
    encoding: 'utf-8',
    jsonLimit: '256kb',
    onError: (err: Error & { status?: number }) => {
      if (err.status === 413) throw new HttpError(413, 'body_too_large', 'the body is larger than 256 kB', { field: 'body' });
      throw badRequest('body', `body is not valid JSON: ${err.message}`);
    },
  });
}

/**
 * Idle kept-alive connections stay open longer than any client keeps them
 * (undici: 4 s, browsers and proxies up to 60 s), so a client never sends a
 * request on a connection the server is closing at that moment (a reset
 * connection, which a POST cannot retry). Node's default is 5 s.
 */
export function keepConnections(server: Server): Server {
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}

/** Listens, turning "port taken" into one clear line. Resolves with the bound port. */
export function listen(app: Koa, port: number, host: string, what: string): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = keepConnections(app.listen(port, host));
    server.once('listening', () => {
      const addr = server.address();
      resolve({ server, port: typeof addr === 'object' && addr ? addr.port : port });
    });
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') {
        reject(new Error(`port ${port} is already taken; stop what uses it or set another port for the ${what}`));
      } else reject(err);
    });
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections?.();
  });
}

/** A route param that must be a uuid; anything else is a 404, never a SQL error. */
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** An opaque token as the system hands them out (32 random bytes, base64url): its shape is checked before any lookup. */
export const isTokenShaped = (v: unknown): v is string => typeof v === 'string' && v.length === 43 && /^[A-Za-z0-9_-]+$/.test(v);

export function isUuid(v: unknown): v is string {
  return typeof v === 'string' && UUID_RE.test(v);
}
