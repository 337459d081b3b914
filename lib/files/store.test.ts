import {
  AbortMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3ForTests } from '../../test/s3-server.js';
import type { S3FileStore } from './s3.js';
import { createFileStore, fileStoreConfig } from './factory.js';
import { FileNotFoundError, type FileStore, FileTooLargeError, InvalidFileKeyError } from './store.js';

const MB = 1024 * 1024;
const CHUNK = 64 * 1024;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const opts = (maxBytes: number) => ({ maxBytes, contentType: 'application/octet-stream' });

/** A body of `chunks` fresh 64 kB chunks; `fail` makes it error after that many chunks instead of ending. */
function chunked(chunks: number, o: { fail?: number; onChunk?: (i: number) => void; hash?: ReturnType<typeof createHash> } = {}): Readable {
  return Readable.from(
    (async function* () {
      for (let i = 0; i < chunks; i++) {
        if (i === o.fail) throw new Error('the client went away');
        o.onChunk?.(i);
        const chunk = randomBytes(CHUNK);
        o.hash?.update(chunk);
        yield chunk;
      }
    })(),
  );
}

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

/** Each test writes under its own prefix, so "nothing left" looks only there. */
const prefix = () => `t-${randomUUID()}`;

interface Harness {
  store: FileStore;
  /** Every trace of anything under `prefix/`: files (temporary ones included), objects, multipart uploads. */
  leftovers(prefix: string): Promise<string[]>;
  /** Most bytes a put may hold in memory at once (above that, it buffers the body). */
  maxBuffered: number;
  stop(): Promise<void>;
}

async function localHarness(): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'extranet-files-'));
  const store = createFileStore(fileStoreConfig({ FILE_STORE: 'local' }, join(dir, 'store')));
  return {
    store,
    async leftovers(p) {
      const entries = await readdir(join(dir, 'store', p), { recursive: true, withFileTypes: true }).catch(() => []);
      return entries.filter((e) => !e.isDirectory()).map((e) => join(e.parentPath, e.name));
    },
    maxBuffered: 4 * MB,
    stop: () => rm(dir, { recursive: true, force: true }),
  };
}

async function s3Harness(): Promise<Harness> {
  const server = await startS3ForTests();
  const env = { FILE_STORE: 's3', S3_ENDPOINT: server.endpoint, S3_BUCKET: 'extranet-files' };
  const store = createFileStore(fileStoreConfig({ ...env, S3_ACCESS_KEY_ID: server.accessKeyId, S3_SECRET_ACCESS_KEY: server.secretAccessKey }, ''));
  const { client, bucket } = store as S3FileStore;
  const uploads = async (c: S3Client, p: string) =>
    ((await c.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: `${p}/` }))).Uploads ?? []).map((u) => `upload ${u.Key} ${u.UploadId}`);
  await store.ensureReady();
  // versitygw lists multipart uploads in progress: proved here, so that an empty list below means something.
  const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'probe/file' }));
  expect(await uploads(client, 'probe')).toEqual([`upload probe/file ${UploadId}`]);
  await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: 'probe/file', UploadId }));
  expect(await uploads(client, 'probe')).toEqual([]);
  return {
    store,
    async leftovers(p) {
      const objects = (await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${p}/` }))).Contents ?? [];
      return [...objects.map((o) => `object ${o.Key}`), ...(await uploads(client, p))];
    },
    // lib-storage's Upload: 2 parts of 5 MB in flight, one filling, one being joined, plus the HTTP
    // client's socket buffers: 15 to 27 MB measured on 2 cores. A store holding the file whole
    // would pass 48 MB; three quarters of it leaves room for the sockets without hiding that.
    maxBuffered: 36 * MB,
    stop: server.stop,
  };
}

describe.each([
  { kind: 'local', start: localHarness },
  { kind: 's3', start: s3Harness },
])('FileStore ($kind)', ({ kind, start }) => {
  let h: Harness;
  let store: FileStore;
  beforeAll(async () => {
    h = await start();
    store = h.store;
    await store.ensureReady();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('is the kind asked for, and ready again when asked twice', async () => {
    expect(store.kind).toBe(kind);
    await store.ensureReady();
  });

  it('gives back the bytes it stored, with their size and SHA-256', async () => {
    const key = `${prefix()}/file.bin`;
    const data = randomBytes(300_000);
    expect(await store.put(key, Readable.from([data.subarray(0, 1000), data.subarray(1000)]), opts(MB))).toEqual({ size: data.length, sha256: sha256(data) });
    expect((await readAll(await store.get(key))).equals(data)).toBe(true);
  });

  it('stores a file of 0 bytes', async () => {
    const key = `${prefix()}/empty`;
    expect(await store.put(key, Readable.from([]), opts(10))).toEqual({ size: 0, sha256: sha256(Buffer.alloc(0)) });
    expect((await readAll(await store.get(key))).length).toBe(0);
  });

  it('accepts exactly maxBytes', async () => {
    const key = `${prefix()}/exact`;
    const data = randomBytes(4096);
    expect(await store.put(key, Readable.from([data]), opts(4096))).toEqual({ size: 4096, sha256: sha256(data) });
  });

  it('streams 48 MB from a generator of 64 kB chunks without ever holding it whole', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const base = process.memoryUsage().arrayBuffers;
    let peak = 0;
    const sample = (i: number) => {
      if (i % 16 !== 0) return;
      gc();
      peak = Math.max(peak, process.memoryUsage().arrayBuffers - base);
    };
    const chunks = (48 * MB) / CHUNK;
    const hash = createHash('sha256');
    const key = `${prefix()}/big.bin`;
    const stored = await store.put(key, chunked(chunks, { onChunk: sample, hash }), opts(64 * MB));
    expect(stored).toEqual({ size: 48 * MB, sha256: hash.digest('hex') });
    expect(peak).toBeLessThan(h.maxBuffered);
    const back = createHash('sha256');
    let size = 0;
    for await (const part of await store.get(key)) {
      back.update(part as Buffer);
      size += (part as Buffer).length;
    }
    expect({ size, sha256: back.digest('hex') }).toEqual(stored);
  });

  it.each([
    { name: 'small', chunks: 64, maxBytes: 100_000 },
    { name: 'past the first 5 MB part', chunks: 192, maxBytes: 7 * MB },
  ])('refuses a body over maxBytes ($name) and leaves nothing', async ({ chunks, maxBytes }) => {
    const p = prefix();
    let pulled = 0;
    const put = store.put(`${p}/too-large`, chunked(chunks, { onChunk: (i) => (pulled = i + 1) }), opts(maxBytes));
    await expect(put).rejects.toBeInstanceOf(FileTooLargeError);
    await expect(put).rejects.toMatchObject({ maxBytes, message: expect.stringMatching(/ MB/) });
    expect(pulled).toBeLessThan(chunks); // it stopped reading
    expect(await h.leftovers(p)).toEqual([]);
    await expect(store.get(`${p}/too-large`)).rejects.toBeInstanceOf(FileNotFoundError);
  });

  it.each([
    { name: 'early', at: 3 },
    { name: 'after the first 5 MB part', at: 176 },
  ])('leaves nothing when the body breaks midway ($name)', async ({ at }) => {
    const p = prefix();
    await expect(store.put(`${p}/broken`, chunked(400, { fail: at }), opts(64 * MB))).rejects.toThrow('the client went away');
    expect(await h.leftovers(p)).toEqual([]);
  });

  it('keeps the previous file when a put under its key fails', async () => {
    const p = prefix();
    const before = randomBytes(2000);
    await store.put(`${p}/doc`, Readable.from([before]), opts(MB));
    await expect(store.put(`${p}/doc`, chunked(4), opts(1000))).rejects.toBeInstanceOf(FileTooLargeError);
    await expect(store.put(`${p}/doc`, chunked(4, { fail: 2 }), opts(MB))).rejects.toThrow('the client went away');
    expect((await readAll(await store.get(`${p}/doc`))).equals(before)).toBe(true);
    expect(await h.leftovers(p)).toEqual([kind === 'local' ? expect.stringMatching(/\/doc$/) : `object ${p}/doc`]);
  });

  it('answers FileNotFoundError for an absent key', async () => {
    await expect(store.get(`${prefix()}/absent`)).rejects.toBeInstanceOf(FileNotFoundError);
  });

  it('deletes, and deleting again (or something never stored) is no error', async () => {
    const p = prefix();
    await store.put(`${p}/gone`, Readable.from([Buffer.from('x')]), opts(10));
    await store.delete(`${p}/gone`);
    await store.delete(`${p}/gone`);
    await store.delete(`${prefix()}/never`);
    await expect(store.get(`${p}/gone`)).rejects.toBeInstanceOf(FileNotFoundError);
    expect(await h.leftovers(p)).toEqual([]);
  });

  it('refuses bad keys for every operation', async () => {
    const bad = ['', '/abs', '../up', 'a/../b', 'a..b', 'a\\b', 'a b', 'a//b', 'a/', '.hidden', 'a/.x', 'é', 'a?b', 'a%2Fb', 'x'.repeat(513)];
    for (const key of bad) {
      await expect(store.put(key, Readable.from([Buffer.from('x')]), opts(10)), key).rejects.toBeInstanceOf(InvalidFileKeyError);
      await expect(store.get(key), key).rejects.toBeInstanceOf(InvalidFileKeyError);
      await expect(store.delete(key), key).rejects.toBeInstanceOf(InvalidFileKeyError);
    }
    const p = prefix();
    for (const key of [`${p}/A-z_0.9`, `${p}/attachments/${randomUUID()}`]) {
      expect((await store.put(key, Readable.from([Buffer.from('ok')]), opts(10))).size).toBe(2);
    }
  });
});

describe('fileStoreConfig', () => {
  const s3 = { FILE_STORE: 's3', S3_ENDPOINT: 'http://s3:7070/', S3_BUCKET: 'extranet-files', S3_ACCESS_KEY_ID: 'id', S3_SECRET_ACCESS_KEY: 'secret' };

  it('defaults to a local directory', () => {
    expect(fileStoreConfig({}, '.data/files')).toEqual({ kind: 'local', dir: '.data/files' });
    expect(fileStoreConfig({ FILE_DIR: '/srv/files' }, '.data/files')).toEqual({ kind: 'local', dir: '/srv/files' });
  });

  it('reads S3 settings with their defaults', () => {
    expect(fileStoreConfig(s3, 'unused')).toEqual({
      kind: 's3',
      endpoint: 'http://s3:7070',
      bucket: 'extranet-files',
      region: 'us-east-1',
      accessKeyId: 'id',
      secretAccessKey: 'secret',
      forcePathStyle: true,
    });
    expect(fileStoreConfig({ ...s3, S3_REGION: 'eu-west-3', S3_FORCE_PATH_STYLE: 'false' }, '')).toMatchObject({ region: 'eu-west-3', forcePathStyle: false });
  });

  it('names what is missing or wrong', () => {
    for (const name of ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY']) {
      expect(() => fileStoreConfig({ ...s3, [name]: '' }, '')).toThrow(`${name} is required when FILE_STORE=s3`);
    }
    expect(() => fileStoreConfig({ ...s3, S3_ENDPOINT: 'not a url' }, '')).toThrow('S3_ENDPOINT must be a URL');
    expect(() => fileStoreConfig({ ...s3, S3_BUCKET: 'Bad_Bucket' }, '')).toThrow('S3_BUCKET must be');
    expect(() => fileStoreConfig({ ...s3, S3_FORCE_PATH_STYLE: 'yes' }, '')).toThrow('S3_FORCE_PATH_STYLE must be');
    expect(() => fileStoreConfig({ FILE_STORE: 'ftp' }, '')).toThrow('FILE_STORE must be "local" or "s3"');
  });
});
