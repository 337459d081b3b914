import Koa from 'koa';
import Router from '@koa/router';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { closeServer, listen } from '../../lib/http.js';

/** One received email. */
export interface CaughtMail {
  id: string;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export interface MailCatcher {
  smtpPort: number;
  httpPort: number;
  url: string;
  messages(): CaughtMail[];
  /** Resolves with the first message (old or new) matching, or rejects after the timeout. */
  waitFor(match: (m: CaughtMail) => boolean, timeoutMs?: number): Promise<CaughtMail>;
  stop(): Promise<void>;
}

/**
 * A real SMTP server on loopback that keeps what it receives (in a folder when
 * given, so a restart keeps the mail) and shows it over a small HTTP API.
 */
export async function startMailCatcher(opts: { host: string; smtpPort: number; httpPort: number; dir?: string }): Promise<MailCatcher> {
  const store: CaughtMail[] = [];
  const waiters = new Set<() => void>();
  if (opts.dir) {
    mkdirSync(opts.dir, { recursive: true });
    for (const f of readdirSync(opts.dir).filter((f) => f.endsWith('.json'))) store.push(JSON.parse(readFileSync(join(opts.dir, f), 'utf8')));
    store.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  }

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const mail: CaughtMail = {
            id: randomUUID(),
            receivedAt: new Date().toISOString(),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
          };
          store.push(mail);
          if (opts.dir) writeFileSync(join(opts.dir, `${mail.receivedAt.replace(/[:.]/g, '-')}-${mail.id}.json`), JSON.stringify(mail));
          for (const w of waiters) w();
          callback();
        })
        .catch((err) => callback(err));
    },
  });
  const smtpPort: number = await new Promise((resolve, reject) => {
    smtp.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`port ${opts.smtpPort} is already taken; stop what uses it or set SMTP_PORT`) : err),
    );
    smtp.listen(opts.smtpPort, opts.host, () => resolve((smtp.server.address() as { port: number }).port));
  });

  const r = new Router();
  r.get('/messages', (ctx) => {
    ctx.body = { messages: [...store].reverse().map(({ id, receivedAt, from, to, subject }) => ({ id, receivedAt, from, to, subject })) };
  });
  r.get('/messages/:id', (ctx) => {
    const m = store.find((x) => x.id === ctx.params.id);
    if (!m) {
      ctx.status = 404;
      ctx.body = { error: { code: 'not_found', message: 'message not found', details: {} } };
      return;
    }
    ctx.body = m;
  });
  const app = new Koa();
  app.use(r.routes());
  let server: Server;
  let httpPort: number;
  try {
    ({ server, port: httpPort } = await listen(app, opts.httpPort, opts.host, 'mail catcher (MAIL_HTTP_PORT)'));
  } catch (err) {
    await new Promise<void>((res) => smtp.close(() => res()));
    throw err;
  }

  return {
    smtpPort,
    httpPort,
    url: `http://${opts.host}:${httpPort}`,
    messages: () => [...store],
    waitFor(match, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = store.find(match);
          if (m) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(m);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error('no matching email arrived in time'));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async stop() {
      await closeServer(server);
      await new Promise<void>((res) => smtp.close(() => res()));
    },
  };
}
