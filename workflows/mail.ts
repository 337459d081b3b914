import { BlockList, isIPv4, isIPv6 } from 'node:net';
import type { SMTPTransportOptions } from 'nodemailer/lib/smtp-transport';
import type { WorkerConfig } from './config.js';

/** What the worker's mail transport is built from: the SMTP part of its config. */
export type MailSettings = Pick<WorkerConfig, 'smtpHost' | 'smtpPort' | 'smtpSecure' | 'smtpUser' | 'smtpPassword'>;

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/**
 * True for this machine's loopback interface: `localhost`, 127.0.0.0/8 and ::1
 * (also written out in full, in brackets, or IPv4-mapped as ::ffff:127.0.0.1).
 */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h === 'localhost.') return true;
  const family = isIPv4(h) ? 'ipv4' : isIPv6(h) ? 'ipv6' : undefined;
  return family !== undefined && LOOPBACK.check(h, family);
}

/**
 * The nodemailer SMTP options for the worker's settings:
 *
 * - `SMTP_SECURE=true`: implicit TLS from the first byte (e.g. port 465).
 * - Otherwise STARTTLS, and it is required (`requireTLS`): a server that does
 *   not offer it, or whose certificate does not verify for the host name, gets
 *   neither credentials nor mail. The one exception is a loopback host, where
 *   only the development catcher listens: there STARTTLS is skipped (`ignoreTLS`),
 *   since the connection never leaves the machine.
 * - Certificates are always verified; trust a private CA with Node's
 *   `NODE_EXTRA_CA_CERTS`.
 * - `localhost` is dialled as 127.0.0.1: nodemailer asks DNS before the hosts
 *   file, and a plain-text connection must not go wherever DNS says
 *   "localhost" is.
 */
export function mailTransportOptions(config: MailSettings): SMTPTransportOptions {
  const secure = config.smtpSecure ?? false;
  const loopback = isLoopbackHost(config.smtpHost);
  const named = /^localhost\.?$/i.test(config.smtpHost.trim());
  return {
    host: named ? '127.0.0.1' : config.smtpHost.replace(/^\[(.*)\]$/, '$1'),
    ...(named ? { servername: 'localhost' } : {}),
    port: config.smtpPort,
    secure,
    // requireTLS wins over ignoreTLS in nodemailer; set exactly one of them.
    ...(loopback && !secure ? { ignoreTLS: true, requireTLS: false } : { ignoreTLS: false, requireTLS: !secure }),
    tls: { rejectUnauthorized: true, minVersion: 'TLSv1.2' },
    ...(config.smtpUser !== undefined ? { auth: { user: config.smtpUser, pass: config.smtpPassword ?? '' } } : {}),
  };
}
