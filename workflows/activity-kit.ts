import { ApplicationFailure } from '@temporalio/common';
import { ServiceError } from '../internal/client.js';

/**
 * A service's refusal (4xx) is final and becomes a non-retryable failure typed
 * with the service's error code; a 5xx or a network error is retried.
 */
export async function service<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof ServiceError && err.status >= 400 && err.status < 500)
      throw ApplicationFailure.nonRetryable(err.message, err.code, err.body.error?.details ?? {});
    throw err;
  }
}

/**
 * A failure to send an email without what nodemailer puts in its message (the
 * server's answer often repeats the recipient's address): failures are kept in
 * the workflow history, personal data is not.
 */
export function mailFailure(err: unknown, what: string): Error {
  const e = err as { code?: unknown; responseCode?: unknown; command?: unknown };
  const detail = [e.code, e.command, e.responseCode].filter((x) => typeof x === 'string' || typeof x === 'number').join(' ');
  return new Error(`${what} was not sent (${detail || 'mail transport error'})`);
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
