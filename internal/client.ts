import { type Dispatcher, Pool } from 'undici';
import type { Actor } from './actor.js';
import { signActor } from './token.js';

/** A non-2xx answer from a service, with its `{ error }` body. */
export class ServiceError extends Error {
  constructor(
    readonly service: string,
    readonly status: number,
    readonly body: { error?: { code?: string; message?: string; details?: Record<string, unknown> } },
  ) {
    super(`${service} answered ${status}: ${body.error?.message ?? 'no message'}`);
  }
  get code(): string {
    return this.body.error?.code ?? 'unknown';
  }
}

/**
 * Calls one service over HTTP as a given actor. One client per service, shared
 * by all callers of a process; every token it signs is made for that service
 * only and names the calling process.
 */
export class ServiceClient {
  /** This process acting on its own behalf. */
  readonly system: Actor;

  constructor(
    readonly name: string,
    readonly baseUrl: string,
    private readonly secret: string,
    /** The calling process: gateway, worker, policy… */
    readonly caller: string,
  ) {
    this.system = { kind: 'system', id: caller };
    this.pool = new Pool(baseUrl, { connections: 32, keepAliveTimeout: 4_000 });
  }

  /**
   * Tokens already signed for an actor object, reused while young: the
   * process's own actor, and a client's actor that the gateway keeps between
   * requests (auth/client-session.ts), are signed once per 10 seconds, not per call.
   */
  private readonly signed = new WeakMap<Actor, { token: string; until: number }>();

  private async tokenFor(actor: Actor): Promise<string> {
    const kept = this.signed.get(actor);
    if (kept && kept.until > Date.now()) return kept.token;
    const token = await signActor(this.secret, actor, { audience: this.name, issuer: this.caller });
    this.signed.set(actor, { token, until: Date.now() + 10_000 });
    return token;
  }

  /** Kept-alive connections to the service, reused by every call of this process (undici's pool: far less work per call than fetch). */
  private readonly pool: Pool;

  async call<T>(actor: Actor, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const token = await this.tokenFor(actor);
    const res = await this.pool.request({
      path,
      method: method as Dispatcher.HttpMethod,
      headers: {
        ...headers,
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      headersTimeout: 15_000,
      bodyTimeout: 15_000,
    });
    const text = await res.body.text();
    const json = text ? JSON.parse(text) : {};
    if (res.statusCode < 200 || res.statusCode >= 300) throw new ServiceError(this.name, res.statusCode, json);
    return json as T;
  }

  /**
   * A call whose body or answer is a stream (files): the body is sent as it
   * comes; a 2xx answer is handed back unread, anything else is read and
   * thrown as a ServiceError.
   */
  async stream(
    actor: Actor,
    method: Dispatcher.HttpMethod,
    path: string,
    opts: { body?: NodeJS.ReadableStream; headers?: Record<string, string>; signal?: AbortSignal } = {},
  ): Promise<Dispatcher.ResponseData> {
    const token = await this.tokenFor(actor);
    const res = await this.pool.request({
      path,
      method,
      headers: { ...opts.headers, authorization: `Bearer ${token}` },
      body: opts.body as Dispatcher.DispatchOptions['body'],
      signal: opts.signal,
      headersTimeout: 60_000,
      bodyTimeout: 60_000,
    });
    if (res.statusCode >= 200 && res.statusCode < 300) return res;
    const text = await res.body.text();
    let json = {};
    try {
      json = text ? JSON.parse(text) : {};
    } catch {
      // Not the service's JSON error: the status says enough.
    }
    throw new ServiceError(this.name, res.statusCode, json);
  }

  /** Closes the kept-alive connections (a process that stops). */
  close(): Promise<void> {
    return this.pool.close();
  }

  get<T>(actor: Actor, path: string) {
    return this.call<T>(actor, 'GET', path);
  }
  post<T>(actor: Actor, path: string, body: unknown = {}) {
    return this.call<T>(actor, 'POST', path, body);
  }
}
