import type { Server } from 'node:http';
import { DEMO } from '../../domain/demo.js';
import { closeServer } from '../../lib/http.js';

/** Accounts of the development identity provider. Only the first is an Extranet employee. */
export const OIDC_ACCOUNTS = [
  { subject: DEMO.employee.subject, login: DEMO.employee.login, password: DEMO.employee.password, name: DEMO.employee.name, email: DEMO.employee.email },
  { subject: DEMO.manager.subject, login: DEMO.manager.login, password: DEMO.manager.password, name: DEMO.manager.name, email: DEMO.manager.email },
  // A valid company account that is not an Extranet employee: the governance API must refuse it.
  { subject: 'employee-outsider', login: 'outsider@vector.test', password: 'outsider-demo', name: 'Otto Outsider', email: 'outsider@vector.test' },
];

export interface DevOidcOptions {
  port: number;
  /** A server already listening (tests bind port 0 first, then learn the issuer). */
  server?: Server;
  host: string;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid: string, error?: string) {
  return `<!doctype html><meta charset="utf-8"><title>Vector sign-in</title><h1>Vector employee sign-in</h1>${error ? `<p role="alert">${esc(error)}</p>` : ''}
<form method="post" action="/interaction/${esc(uid)}/login"><label>Email <input name="login" autocomplete="username"></label><label>Password <input type="password" name="password" autocomplete="current-password"></label><button>Sign in</button></form>`;
}

async function readForm(req: import('node:http').IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

/**
 * A development OpenID Connect provider (oidc-provider) with a login form for
 * the demo employee, standing in for the company's identity provider.
 */
export async function startDevOidc(opts: DevOidcOptions): Promise<{ issuer: string; stop(): Promise<void> }> {
  // This is the development provider by design (in-memory store, generated keys,
  // Node 20): its warnings about exactly that would only bury the start-up lines.
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!String(args[0]).startsWith('oidc-provider WARNING')) warn(...args);
  };
  const { default: Provider } = await import('oidc-provider');
  const boundPort = opts.server ? (opts.server.address() as { port: number }).port : opts.port;
  const issuer = `http://${opts.host}:${boundPort}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: opts.clientId,
        client_secret: opts.clientSecret,
        redirect_uris: opts.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    pkce: { required: () => true },
    ttl: { AccessToken: 3600, AuthorizationCode: 600, IdToken: 3600, Interaction: 3600, Session: 8 * 3600, Grant: 8 * 3600 },
    cookies: { keys: ['dev-only-oidc-cookie-key-0123456789abcdef'] },
    claims: { openid: ['sub'], email: ['email'], profile: ['name'] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx: unknown, id: string) {
      const a = OIDC_ACCOUNTS.find((x) => x.subject === id);
      return a && { accountId: a.subject, claims: async () => ({ sub: a.subject, email: a.email, name: a.name }) };
    },
  });
  provider.proxy = false;
  console.warn = warn;

  // The interaction pages: a login form, then automatic consent for our own first-party client.
  provider.use(async (ctx: any, next: () => Promise<void>) => {
    const m = /^\/interaction\/([\w-]+)(\/login)?$/.exec(ctx.path);
    if (!m) return next();
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    if (m[2] && ctx.method === 'POST') {
      const form = await readForm(ctx.req);
      const account = OIDC_ACCOUNTS.find((a) => a.login === form.get('login') && a.password === form.get('password'));
      if (!account) {
        ctx.type = 'html';
        ctx.status = 401;
        ctx.body = loginPage(m[1]!, 'Email or password is incorrect.');
        return;
      }
      return provider.interactionFinished(ctx.req, ctx.res, { login: { accountId: account.subject } }, { mergeWithLastSubmission: false });
    }
    if (details.prompt.name === 'consent') {
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
      grant.addOIDCScope('openid email profile');
      const grantId = await grant.save();
      return provider.interactionFinished(ctx.req, ctx.res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    }
    ctx.type = 'html';
    ctx.body = loginPage(m[1]!);
  });

  if (opts.server) {
    opts.server.on('request', provider.callback());
    return { issuer, stop: () => closeServer(opts.server!) };
  }
  const server: Server = await new Promise((resolve, reject) => {
    const s = provider.listen(opts.port, opts.host);
    s.once('listening', () => resolve(s));
    s.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`port ${opts.port} is already taken; stop what uses it or set OIDC_PORT`) : err),
    );
  });
  return { issuer, stop: () => closeServer(server) };
}
