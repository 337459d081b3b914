import { afterEach, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import type { SMTPTransportOptions } from 'nodemailer/lib/smtp-transport';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../lib/config.js';
import { loadWorkerConfig } from './config.js';
import { isLoopbackHost, mailTransportOptions } from './mail.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('mail transport options', () => {
  const base = { smtpPort: 2525 };

  it('knows the loopback addresses, and nothing else', () => {
    for (const h of ['127.0.0.1', '127.9.8.7', 'localhost', 'LOCALHOST', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) {
      expect(isLoopbackHost(h), h).toBe(true);
    }
    for (const h of [
      '128.0.0.1',
      '10.0.0.5',
      '0.0.0.0',
      '::',
      '::2',
      '::ffff:10.0.0.1',
      'mailpit',
      'smtp.example.com',
      'localhost.example.com',
      '127.0.0.1.example.com',
    ]) {
      expect(isLoopbackHost(h), h).toBe(false);
    }
  });

  it('on loopback: plain SMTP allowed, STARTTLS skipped (the development catcher)', () => {
    for (const smtpHost of ['127.0.0.1', '::1']) {
      expect(mailTransportOptions({ ...base, smtpHost })).toMatchObject({ host: smtpHost, port: 2525, secure: false, ignoreTLS: true, requireTLS: false });
    }
    // "localhost" is dialled as 127.0.0.1, never whatever DNS answers for it.
    expect(mailTransportOptions({ ...base, smtpHost: 'localhost' })).toMatchObject({
      host: '127.0.0.1',
      servername: 'localhost',
      ignoreTLS: true,
      requireTLS: false,
    });
  });

  it('on any other host: STARTTLS required, certificates verified', () => {
    for (const smtpHost of ['smtp.example.com', 'mailpit', '10.0.0.5', '::ffff:10.0.0.1']) {
      const o = mailTransportOptions({ ...base, smtpHost, smtpPort: 587 });
      expect(o, smtpHost).toMatchObject({ host: smtpHost, port: 587, secure: false, requireTLS: true, ignoreTLS: false, tls: { rejectUnauthorized: true } });
    }
  });

  it('with SMTP_SECURE: implicit TLS, certificates verified, also on loopback', () => {
    for (const smtpHost of ['smtp.example.com', '127.0.0.1']) {
      const o = mailTransportOptions({ smtpHost, smtpPort: 465, smtpSecure: true });
      expect(o, smtpHost).toMatchObject({ secure: true, ignoreTLS: false, requireTLS: false, tls: { rejectUnauthorized: true } });
    }
  });

  it('authenticates only when credentials are set', () => {
    expect(mailTransportOptions({ ...base, smtpHost: 'smtp.example.com' }).auth).toBeUndefined();
    expect(mailTransportOptions({ ...base, smtpHost: 'smtp.example.com', smtpUser: 'extranet', smtpPassword: 's3cret' }).auth).toEqual({
      user: 'extranet',
      pass: 's3cret',
    });
  });
});

describe('SMTP settings', () => {
  it('default to plain SMTP on the local catcher, without credentials', () => {
    const c = loadWorkerConfig({});
    expect(c).toMatchObject({ smtpHost: '127.0.0.1', smtpPort: 2525, smtpSecure: false });
    expect(c.smtpUser).toBeUndefined();
    expect(c.smtpPassword).toBeUndefined();
    expect(loadWorkerConfig({ SMTP_SECURE: 'true' })).toMatchObject({ smtpSecure: true, smtpPort: 465 });
    expect(loadWorkerConfig({ SMTP_SECURE: 'true', SMTP_PORT: '2465' })).toMatchObject({ smtpSecure: true, smtpPort: 2465 });
    expect(loadWorkerConfig({ SMTP_USER: 'extranet', SMTP_PASSWORD: 'pw' })).toMatchObject({ smtpUser: 'extranet', smtpPassword: 'pw' });
  });

  it('refuse a bad SMTP_SECURE and half a set of credentials', () => {
    const refusal = (env: Record<string, string>) => {
      try {
        loadWorkerConfig(env);
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return (err as Error).message;
      }
      throw new Error('accepted');
    };
    expect(refusal({ SMTP_SECURE: 'yes' })).toBe('SMTP_SECURE must be true or false, got "yes"');
    expect(refusal({ SMTP_SECURE: 'TRUE' })).toBe('SMTP_SECURE must be true or false, got "TRUE"');
    expect(refusal({ SMTP_USER: 'extranet' })).toBe('SMTP_PASSWORD is required when SMTP_USER is set');
    expect(refusal({ SMTP_PASSWORD: 'pw' })).toBe('SMTP_USER is required when SMTP_PASSWORD is set');
  });

  it('stop the worker process with one line naming the variable', () => {
    for (const [env, line] of [
      [{ SMTP_SECURE: 'yes' }, 'worker: SMTP_SECURE must be true or false, got "yes"'],
      [{ SMTP_USER: 'extranet' }, 'worker: SMTP_PASSWORD is required when SMTP_USER is set'],
    ] as const) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'workflows/main.ts'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', ...env },
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(run.status).toBe(1);
      expect(run.stderr.trim()).toBe(line);
    }
  });
});

/** A real SMTP server on 127.0.0.1 that requires AUTH (extranet / the password below) and keeps what it receives. */
interface TestSmtp {
  port: number;
  received: { subject: string; text: string; to: string[]; user: unknown; secure: boolean }[];
  authAttempts: { username: string; secure: boolean }[];
  close(): Promise<void>;
}

const USER = 'extranet';
const PASSWORD = 'correct horse battery staple';
const servers: TestSmtp[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function startSmtp(opts: Partial<SMTPServerOptions> = {}): Promise<TestSmtp> {
  const received: TestSmtp['received'] = [];
  const authAttempts: TestSmtp['authAttempts'] = [];
  const server = new SMTPServer({
    logger: false,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, session, callback) {
      authAttempts.push({ username: auth.username ?? '', secure: session.secure });
      if (auth.username === USER && auth.password === PASSWORD) callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            to: session.envelope.rcptTo.map((r) => r.address),
            user: session.user,
            secure: session.secure,
          });
          callback();
        })
        .catch(callback);
    },
    ...opts,
  });
  const port: number = await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.server.address() as { port: number }).port));
  });
  const smtp: TestSmtp = { port, received, authAttempts, close: () => new Promise<void>((r) => server.close(() => r())) };
  servers.push(smtp);
  return smtp;
}

const message = (subject: string) => ({
  from: 'Vector Extranet <extranet@vector.test>',
  to: 'emily.carter@northern-light.test',
  subject,
  text: `Hello Emily, ${subject}.`,
});

/** Sends with the given options; resolves to the error nodemailer reports, or undefined when the server accepted the message. */
async function send(options: SMTPTransportOptions, subject: string): Promise<(Error & { code?: string; responseCode?: number }) | undefined> {
  const transport = nodemailer.createTransport({ ...options, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 10_000 });
  try {
    const info = await transport.sendMail(message(subject));
    expect(info.accepted).toEqual(['emily.carter@northern-light.test']);
    return undefined;
  } catch (err) {
    return err as Error;
  } finally {
    transport.close();
  }
}

describe('sending invitations over SMTP (real nodemailer, real smtp-server)', () => {
  it('delivers to a loopback server that requires AUTH, with SMTP_USER/SMTP_PASSWORD; wrong credentials fail', async () => {
    // Like the development catcher: loopback, no STARTTLS. Plain-text AUTH is allowed because nothing leaves the machine.
    const smtp = await startSmtp({ disabledCommands: ['STARTTLS'], allowInsecureAuth: true });
    const env = { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port) };

    const ok = mailTransportOptions(loadWorkerConfig({ ...env, SMTP_USER: USER, SMTP_PASSWORD: PASSWORD }));
    expect(await send(ok, 'your invitation')).toBeUndefined();
    expect(smtp.received).toEqual([
      { subject: 'your invitation', text: 'Hello Emily, your invitation.\n', to: ['emily.carter@northern-light.test'], user: USER, secure: false },
    ]);

    const wrong = mailTransportOptions(loadWorkerConfig({ ...env, SMTP_USER: USER, SMTP_PASSWORD: 'wrong password' }));
    const err = await send(wrong, 'not this one');
    expect(err?.code).toBe('EAUTH');
    expect(err?.responseCode).toBe(535);

    const anonymous = mailTransportOptions(loadWorkerConfig(env));
    const refused = await send(anonymous, 'nor this one');
    expect(refused?.responseCode).toBe(530); // authentication required

    expect(smtp.received.map((m) => m.subject)).toEqual(['your invitation']);
    expect(smtp.authAttempts.map((a) => a.username)).toEqual([USER, USER]);
  });

  // The options for a remote relay, dialled at the loopback test server that stands in for it.
  const relayOptions = (port: number, extra: Partial<SMTPTransportOptions> = {}) => {
    const o = mailTransportOptions(loadWorkerConfig({ SMTP_HOST: 'smtp.relay.test', SMTP_PORT: String(port), SMTP_USER: USER, SMTP_PASSWORD: PASSWORD }));
    expect(o.requireTLS).toBe(true);
    return { ...o, host: '127.0.0.1', servername: 'smtp.relay.test', ...extra };
  };

  it('to a remote host, refuses a server that offers no STARTTLS: no credentials, no mail', async () => {
    const smtp = await startSmtp({ disabledCommands: ['STARTTLS'], allowInsecureAuth: true });
    const err = await send(relayOptions(smtp.port), 'must not go out in plain text');
    expect(err?.code).toBe('ETLS');
    expect(smtp.authAttempts).toEqual([]);
    expect(smtp.received).toEqual([]);
  });

  it('to a remote host, refuses a certificate that does not verify: no credentials, no mail', async () => {
    // smtp-server's built-in certificate is self-signed (and for another name).
    const smtp = await startSmtp();
    const err = await send(relayOptions(smtp.port), 'must not go to an unverified server');
    expect(err?.code).toMatch(/^E(SOCKET|TLS)$/);
    expect(err?.message).toMatch(/certificate/i);
    expect(smtp.authAttempts).toEqual([]);
    expect(smtp.received).toEqual([]);
  });

  describe('with a certificate for the relay (made with openssl)', () => {
    let dir: string | undefined;
    const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
    afterEach(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
      dir = undefined;
    });
    const certificate = () => {
      dir = mkdtempSync(join(tmpdir(), 'extranet-smtp-'));
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=smtp.relay.test',
          '-addext',
          'subjectAltName=DNS:smtp.relay.test',
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
        ],
        { stdio: 'ignore' },
      );
      return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
    };

    it.skipIf(!hasOpenssl)('upgrades with STARTTLS, then authenticates and delivers', async () => {
      const { key, cert } = certificate();
      const smtp = await startSmtp({ key, cert });
      expect(await send(relayOptions(smtp.port, { tls: { ...relayOptions(smtp.port).tls, ca: [cert] } }), 'over STARTTLS')).toBeUndefined();
      expect(smtp.authAttempts).toEqual([{ username: USER, secure: true }]);
      expect(smtp.received).toMatchObject([{ subject: 'over STARTTLS', secure: true, user: USER }]);
    });

    it.skipIf(!hasOpenssl)('with SMTP_SECURE, speaks TLS from the first byte', async () => {
      const { key, cert } = certificate();
      const smtp = await startSmtp({ secure: true, key, cert });
      const o = mailTransportOptions(
        loadWorkerConfig({ SMTP_HOST: 'smtp.relay.test', SMTP_PORT: String(smtp.port), SMTP_SECURE: 'true', SMTP_USER: USER, SMTP_PASSWORD: PASSWORD }),
      );
      expect(await send({ ...o, host: '127.0.0.1', servername: 'smtp.relay.test', tls: { ...o.tls, ca: [cert] } }, 'over implicit TLS')).toBeUndefined();
      expect(smtp.received).toMatchObject([{ subject: 'over implicit TLS', secure: true, user: USER }]);
      // The same options without trusting the certificate: refused.
      const err = await send({ ...o, host: '127.0.0.1', servername: 'smtp.relay.test' }, 'unverified');
      expect(err?.code).toMatch(/^E(SOCKET|TLS)$/);
      expect(err?.message).toMatch(/certificate/i);
      expect(smtp.received).toHaveLength(1);
    });
  });
});
