/**
 * The file store on a local directory: a key `a/b/c` is the file `<dir>/a/b/c`.
 * A put writes a temporary file next to the final one (its name starts with a
 * dot, which no key segment may) and renames it into place only when the whole
 * body arrived within the limit, so a half-written file never has a key's name.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertFileKey, type FileBody, FileMeter, FileNotFoundError, type FileStore, type StoredFile } from './store.js';

const codeOf = (err: unknown) => (err as NodeJS.ErrnoException | undefined)?.code;

export class LocalFileStore implements FileStore {
  readonly kind = 'local' as const;
  private readonly dir: string;

  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  private pathOf(key: string): string {
    assertFileKey(key);
    const path = join(this.dir, ...key.split('/'));
    // assertFileKey already rules out leaving the directory; this is the belt to its braces.
    if (!path.startsWith(this.dir + sep)) throw new Error(`file key escapes the store: ${key}`);
    return path;
  }

  async put(key: string, body: FileBody, opts: { maxBytes: number; contentType: string }): Promise<StoredFile> {
    const path = this.pathOf(key);
    const meter = new FileMeter(opts.maxBytes);
    await mkdir(dirname(path), { recursive: true });
    const temp = join(dirname(path), `.${basename(path)}.${randomUUID()}.partial`);
    try {
      // `wx`: a fresh file of our own, never someone else's.
      await pipeline(body, meter, createWriteStream(temp, { flags: 'wx', mode: 0o640 }));
      await rename(temp, path);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
    return meter.result();
  }

  async get(key: string): Promise<Readable> {
    const path = this.pathOf(key);
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(path, 'r');
    } catch (err) {
      if (codeOf(err) === 'ENOENT' || codeOf(err) === 'ENOTDIR') throw new FileNotFoundError(key);
      throw err;
    }
    try {
      // A key that names a directory (the parent of other keys) holds no file.
      if (!(await handle.stat()).isFile()) throw new FileNotFoundError(key);
    } catch (err) {
      await handle.close();
      throw err;
    }
    return handle.createReadStream();
  }

  async delete(key: string): Promise<void> {
    const path = this.pathOf(key);
    try {
      await unlink(path);
    } catch (err) {
      if (codeOf(err) === 'ENOENT' || codeOf(err) === 'ENOTDIR' || codeOf(err) === 'EISDIR') return;
      throw err;
    }
  }

  /** Creates the directory if needed and proves it writable by writing and removing a probe file. */
  async ensureReady(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const probe = join(this.dir, `.ready-${randomUUID()}`);
    try {
      await writeFile(probe, '', { flag: 'wx' });
    } finally {
      await rm(probe, { force: true });
    }
  }
}
