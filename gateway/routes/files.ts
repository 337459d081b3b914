import type Router from '@koa/router';
import busboy from 'busboy';
import type { Context } from 'koa';
import type { Dispatcher } from 'undici';
import { PassThrough } from 'node:stream';
import { HttpError, badRequest } from '../../lib/errors.js';
import type { Governed, RequestsClient } from '../../internal/clients/requests.js';
import { asHttpError, callerOf, relay } from '../upstream.js';
import { uuidParam } from './params.js';

/** The header an upload must carry: a cross-site form cannot set it (see middleware/csrf.ts). */
export const UPLOAD_HEADER = 'x-extranet-upload';

/** Types a browser may render without running anything; any other file is sent as bytes. */
const INERT = new Set(['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp', 'text/plain', 'text/csv']);
/** Types a document card may show in the page (a PDF or an image). */
const INLINE = new Set(['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export interface FilePart {
  stream: NodeJS.ReadableStream;
  name: string;
  type: string;
}

/** The one file of a multipart form, named `file`, as a stream; refused (400) when absent, repeated or misnamed. */
function filePart(ctx: Context, maxBytes: number): Promise<FilePart & { tooLarge: () => boolean }> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: ctx.req.headers, limits: { files: 1, fields: 0, parts: 1, fileSize: maxBytes, headerPairs: 20 } });
    } catch {
      reject(badRequest('file', 'send the file as multipart/form-data'));
      return;
    }
    bb.on('file', (field, stream, info) => {
      if (field !== 'file') {
        stream.resume();
        reject(badRequest('file', 'the form field of the file must be named "file"'));
        return;
      }
      // Past the limit busboy stops and ends the stream early: the copy sent on is broken off instead, so no shortened file is kept.
      const out = new PassThrough();
      let over = false;
      stream.on('limit', () => {
        over = true;
        out.destroy(new Error('file too large'));
      });
      stream.pipe(out);
      // A client who stops sending mid-file: the copy sent on is broken off, so the service frees its connection and keeps nothing.
      ctx.req.once('close', () => {
        if (!ctx.req.complete) out.destroy(new Error('the upload was broken off'));
      });
      resolve({ stream: out, name: info.filename ?? '', type: (info.mimeType ?? '').toLowerCase(), tooLarge: () => over });
    });
    bb.on('fieldsLimit', () => reject(badRequest('file', 'the form carries only the file')));
    bb.on('partsLimit', () => reject(badRequest('file', 'the form carries one file')));
    bb.on('filesLimit', () => reject(badRequest('file', 'send one file at a time')));
    bb.on('error', () => reject(badRequest('file', 'the form could not be read')));
    bb.on('close', () => reject(badRequest('file', 'the form has no file')));
    ctx.req.pipe(bb);
  });
}

/** `filename*` for any name, and a plain ASCII fallback without quotes or controls. */
function disposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * Reads and drops what is left of a refused body, so that a client still
 * sending it reads the refusal instead of a reset connection. A body larger
 * than `limit` is not read to its end: the connection closes after the answer.
 */
function discardBody(ctx: Context, declared: number, limit: number): Promise<void> {
  const req = ctx.req;
  if (declared > limit) {
    ctx.set('connection', 'close');
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    if (req.complete) return resolve();
    req.on('data', () => undefined);
    req.once('end', () => resolve());
    req.once('close', () => resolve());
    req.once('error', () => resolve());
  });
}

const tooLarge = (maxBytes: number) =>
  new HttpError(413, 'file_too_large', `the file is larger than the limit of ${maxBytes / 1024 / 1024} MB`, { field: 'file' });

/**
 * Reads the multipart upload of this request under the owning service's rules
 * and hands its file, as a stream, to `send` (which streams it on to the
 * service); a file over the limit is broken off and refused with 413, a type
 * outside the list with 415.
 */
export async function relayUpload<T>(ctx: Context, rules: { maxBytes: number; types: string[] }, send: (part: FilePart) => Promise<T>): Promise<T> {
  const declared = Number(ctx.get('content-length') || 0);
  // A multipart body is a little larger than its file; far larger is refused without being kept (read to its end up to twice the limit).
  if (declared > rules.maxBytes + 64 * 1024) {
    await discardBody(ctx, declared, 2 * rules.maxBytes + 64 * 1024);
    throw tooLarge(rules.maxBytes);
  }
  const part = await filePart(ctx, rules.maxBytes);
  if (!rules.types.includes(part.type)) {
    part.stream.resume();
    throw new HttpError(415, 'file_type_refused', `files of type ${part.type || 'unknown'} are not accepted; accepted: ${rules.types.join(', ')}`, {
      field: 'file',
    });
  }
  try {
    return await send(part);
  } catch (err) {
    if (part.tooLarge()) {
      ctx.set('connection', 'close');
      throw tooLarge(rules.maxBytes);
    }
    throw asHttpError(err);
  }
}

/** `?inline=1`: a PDF or an image shown in the page instead of saved. */
export const wantsInline = (ctx: Context) => ctx.query.inline === '1';

/**
 * Serves a file a service answered: as an attachment, or inline when asked and
 * the type is a PDF or an image; with a type that cannot run script and
 * nosniff either way, and a sandbox CSP except for a PDF shown in the page
 * (the browser's viewer refuses a sandbox; it runs no script of this origin).
 */
export function relayDownload(ctx: Context, res: Dispatcher.ResponseData, inline = false) {
  const type = String(res.headers['content-type'] ?? '').split(';')[0]!;
  const name = decodeURIComponent(String(res.headers['x-file-name'] ?? 'file'));
  const shown = inline && INLINE.has(type);
  ctx.set('content-disposition', shown ? disposition(name).replace(/^attachment/, 'inline') : disposition(name));
  ctx.set('x-content-type-options', 'nosniff');
  ctx.set('content-security-policy', shown && type === 'application/pdf' ? "default-src 'none'; object-src 'self'" : "default-src 'none'; sandbox");
  ctx.set('cache-control', 'private, no-store');
  if (res.headers['x-file-sha256']) ctx.set('x-file-sha256', String(res.headers['x-file-sha256']));
  if (res.headers['content-length']) ctx.length = Number(res.headers['content-length']);
  ctx.type = INERT.has(type) ? (type.startsWith('text/') ? `${type}; charset=utf-8` : type) : 'application/octet-stream';
  ctx.body = res.body;
}

/**
 * Files on both sides: upload (multipart, one part named `file`, streamed on
 * to the requests service, never held whole), download (always as an
 * attachment, with a type that cannot run script on this origin), delete.
 * `governed` is undefined for a client (their scope travels in their actor).
 */
export function fileRoutes(router: Router, requests: RequestsClient, governed: (ctx: Context) => Promise<Governed | undefined>) {
  router.post('/attachments', async (ctx) => {
    const actor = callerOf(ctx);
    const who = await governed(ctx);
    const rules = await relay(requests.fileRules(actor));
    ctx.body = await relayUpload(ctx, rules, (part) => requests.upload(actor, who, part));
    ctx.status = 201;
  });

  router.get('/attachments/:id', async (ctx) => {
    const id = uuidParam(ctx, 'id', 'file');
    relayDownload(ctx, await relay(requests.download(callerOf(ctx), await governed(ctx), id)));
  });

  router.delete('/attachments/:id', async (ctx) => {
    const id = uuidParam(ctx, 'id', 'file');
    ctx.body = await relay(requests.deleteFile(callerOf(ctx), await governed(ctx), id));
  });
}
