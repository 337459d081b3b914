/**
 * A tiny HTTP user agent for tests: keeps cookies like a browser, follows
 * redirects by hand (so cross-origin hops to the OIDC provider work), sends JSON.
 */
export class Agent {
  readonly cookies = new Map<string, Map<string, string>>();
  constructor(readonly baseUrl: string) {}

  private cookieHeader(url: URL): string {
    return [...(this.cookies.get(url.host) ?? new Map())].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(url: URL, res: Response) {
    const jar = this.cookies.get(url.host) ?? new Map<string, string>();
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i).trim();
      const value = pair!.slice(i + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(c)) jar.delete(name);
      else jar.set(name, value);
    }
    this.cookies.set(url.host, jar);
  }

  /** A raw request; relative paths go to the gateway. Redirects are followed unless `follow` is false. */
  async fetch(path: string, init: RequestInit & { follow?: boolean } = {}): Promise<Response> {
    let url = new URL(path, this.baseUrl);
    let req: RequestInit = init;
    for (let hops = 0; hops < 20; hops++) {
      const headers = new Headers(req.headers);
      const cookie = this.cookieHeader(url);
      if (cookie) headers.set('cookie', cookie);
      const res = await fetch(url, { ...req, headers, redirect: 'manual' });
      this.keep(url, res);
      const location = res.headers.get('location');
      if (init.follow === false || !location || res.status < 300 || res.status >= 400) return res;
      url = new URL(location, url);
      req = { method: 'GET' };
    }
    throw new Error('too many redirects');
  }

  async json<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await this.fetch(path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    // A download answers bytes, not JSON: its text stands for it.
    const json = res.headers.get('content-type')?.startsWith('application/json');
    return { status: res.status, body: text ? (json ? JSON.parse(text) : text) : undefined } as { status: number; body: T };
  }

  get<T = any>(path: string) {
    return this.json<T>('GET', path);
  }
  post<T = any>(path: string, body: unknown = {}) {
    return this.json<T>('POST', path, body);
  }
}

/** Signs an employee in through the real OIDC flow (authorization code + PKCE), form and all. */
export async function signInEmployee(agent: Agent, login: string, password: string): Promise<Response> {
  const page = await agent.fetch('/auth/login');
  const html = await page.text();
  const action = /action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`no login form: ${page.status} ${html.slice(0, 200)}`);
  return agent.fetch(new URL(action, page.url).href, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ login, password }).toString(),
  });
}

/** Polls until `check` returns a value (not undefined), or fails after the timeout. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
