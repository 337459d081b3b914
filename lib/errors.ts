import type { Context, Next } from 'koa';
import { logger } from './logger.js';

/** Details of a refusal: the field at fault, when there is one. */
export interface ErrorDetails {
  field?: string;
  [key: string]: unknown;
}

/**
 * A refusal with a stable code, answered as `{ error: { code, message, details } }`.
 * Anything thrown that is not an HttpError becomes a 500 whose details stay in the log.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
  }
}

export const badRequest = (field: string, message: string, code = 'invalid_field') => new HttpError(400, code, message, { field });
export const unprocessable = (field: string, message: string, code = 'invalid_reference') => new HttpError(422, code, message, { field });
export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} not found`);
export const conflict = (code: string, message: string, details: ErrorDetails = {}) => new HttpError(409, code, message, details);
export const unauthorized = (message = 'sign-in required') => new HttpError(401, 'unauthenticated', message);
export const forbidden = (message = 'not allowed') => new HttpError(403, 'forbidden', message);

/** Koa middleware: one place where errors become answers. */
export async function errorMiddleware(ctx: Context, next: Next): Promise<void> {
  try {
    await next();
  } catch (err) {
    if (err instanceof HttpError) {
      ctx.status = err.status;
      ctx.body = { error: { code: err.code, message: err.message, details: err.details } };
      return;
    }
    const e = err as { status?: number; expose?: boolean; message?: string; type?: string };
    // Koa/bodyparser errors such as malformed JSON carry an exposable 4xx status.
    if (e.expose && e.status && e.status < 500) {
      ctx.status = e.status;
      ctx.body = { error: { code: 'bad_request', message: e.message ?? 'bad request', details: { field: 'body' } } };
      return;
    }
    const id = crypto.randomUUID();
    logger.error({ err, errorId: id, path: ctx.path }, 'unhandled error');
    ctx.status = 500;
    ctx.body = { error: { code: 'internal', message: 'internal error', details: { errorId: id } } };
  }
}
