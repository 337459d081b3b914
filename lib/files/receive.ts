import type { Context } from 'koa';
import { type FileStore, FileTooLargeError } from './store.js';
import { type FileRules, checkFile, cleanFileName, mediaType, tooLarge } from './rules.js';

export interface ReceivedFile {
  key: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
}

/**
 * Receives the raw file body of a request (as a gateway streams it on, with
 * `content-type` and `x-file-name`) into the store under `key`: the type and a
 * declared length are checked first (415, 413), the bytes are counted and
 * hashed on their way, and a file over the limit is refused (413) leaving
 * nothing under the key. The caller records it, and deletes the key if that fails.
 */
export async function receiveFile(ctx: Context, store: FileStore, rules: FileRules, key: string): Promise<ReceivedFile> {
  const contentType = mediaType(ctx.get('content-type'));
  const length = ctx.get('content-length') ? Number(ctx.get('content-length')) : undefined;
  checkFile(rules, contentType, length);
  const name = cleanFileName(ctx.get('x-file-name'));
  try {
    const stored = await store.put(key, ctx.req, { maxBytes: rules.maxBytes, contentType });
    return { key, name, contentType, ...stored };
  } catch (err) {
    if (err instanceof FileTooLargeError) {
      ctx.set('connection', 'close');
      throw tooLarge(rules);
    }
    throw err;
  }
}

/** Answers a stored file's bytes, with what the gateway needs to serve it safely (its name and hash in headers). */
export async function sendFile(ctx: Context, store: FileStore, file: Record<string, any>) {
  ctx.set('x-file-name', encodeURIComponent(file.name));
  ctx.set('x-file-sha256', file.sha256);
  ctx.type = file.content_type;
  ctx.length = Number(file.size);
  ctx.body = await store.get(file.storage_key);
}
