/**
 * A store of files (attachments) behind one small interface: a local directory
 * or an S3-compatible bucket. Callers choose the keys (e.g.
 * `attachments/<uuid>`) and stream bodies in and out; nothing holds a whole file
 * in memory, and a put that fails (too large, a broken stream, a store error)
 * leaves nothing under its key.
 */
import { createHash, type Hash } from 'node:crypto';
import { type Readable, Transform, type TransformCallback } from 'node:stream';

export interface StoredFile {
  size: number;
  /** SHA-256 of the bytes, lower-case hex. */
  sha256: string;
}

const MB = 1024 * 1024;

export class FileTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the file is larger than the limit of ${Number((maxBytes / MB).toFixed(2))} MB`);
    this.name = 'FileTooLargeError';
  }
}

export class FileNotFoundError extends Error {
  constructor(key: string) {
    super(`no stored file "${key}"`);
    this.name = 'FileNotFoundError';
  }
}

export class InvalidFileKeyError extends Error {
  constructor(key: string) {
    super(`invalid file key ${JSON.stringify(key)}: use segments of [A-Za-z0-9_.-] joined by "/", none empty or starting with "."`);
    this.name = 'InvalidFileKeyError';
  }
}

export type FileBody = NodeJS.ReadableStream | Readable;

export interface FileStore {
  readonly kind: 'local' | 's3';
  /**
   * Streams `body` to `key`, never buffering it whole; counts bytes and computes
   * SHA-256 while streaming. If more than maxBytes arrive, it stops reading
   * (the body is destroyed), leaves nothing under the key and rejects with
   * FileTooLargeError. Any other stream or store error also leaves nothing. An
   * existing file under the key is replaced only when the put succeeds.
   */
  put(key: string, body: FileBody, opts: { maxBytes: number; contentType: string }): Promise<StoredFile>;
  /** A stream of the stored bytes; FileNotFoundError when absent. */
  get(key: string): Promise<Readable>;
  /** Removes it; removing an absent key is not an error. */
  delete(key: string): Promise<void>;
  /** Readiness check (local: the directory is writable; s3: the bucket exists, created if missing). */
  ensureReady(): Promise<void>;
}

export type FileStoreConfig =
  | { kind: 'local'; dir: string }
  | { kind: 's3'; endpoint: string; bucket: string; region: string; accessKeyId: string; secretAccessKey: string; forcePathStyle: boolean };

/**
 * Keys are opaque to the store but must be plain relative paths: segments of
 * [A-Za-z0-9_.-] joined by single slashes, no leading slash, no backslash, no
 * `..` anywhere, and no segment starting with a dot (the local store's
 * temporary files start with one, so they can never be a key).
 */
export function assertFileKey(key: string): void {
  const ok =
    typeof key === 'string' &&
    key.length > 0 &&
    key.length <= 512 &&
    /^[A-Za-z0-9/_.-]+$/.test(key) &&
    !key.includes('..') &&
    key.split('/').every((segment) => segment !== '' && !segment.startsWith('.'));
  if (!ok) throw new InvalidFileKeyError(key);
}

/**
 * A pass-through that counts the bytes and hashes them; fails with
 * FileTooLargeError as soon as more than `maxBytes` have come.
 */
export class FileMeter extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private bytes = 0;
  private digest: string | undefined;

  constructor(private readonly maxBytes: number) {
    super();
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) throw new RangeError(`maxBytes must be a non-negative integer, got ${maxBytes}`);
  }

  override _transform(chunk: Buffer | string, encoding: BufferEncoding, done: TransformCallback): void {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk;
    this.bytes += buf.length;
    if (this.bytes > this.maxBytes) {
      done(new FileTooLargeError(this.maxBytes));
      return;
    }
    this.hash.update(buf);
    done(null, buf);
  }

  override _flush(done: TransformCallback): void {
    this.digest = this.hash.digest('hex');
    done();
  }

  /** Size and SHA-256 of everything that passed; only once the stream has ended. */
  result(): StoredFile {
    if (this.digest === undefined) throw new Error('the file stream has not ended');
    return { size: this.bytes, sha256: this.digest };
  }
}
