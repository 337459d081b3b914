/**
 * The file store on an S3-compatible bucket (AWS S3, versitygw, MinIO, …).
 * A put streams through lib-storage's Upload: bodies up to one part (5 MB) go
 * in one PutObject once they have fully arrived, larger ones in a multipart
 * upload whose parts are sent as they fill. Memory stays below about
 * (queueSize + 2) parts whatever the size of the file. An object only becomes
 * visible when PutObject or CompleteMultipartUpload succeeds, so a put that
 * fails (too large, broken stream, store error) leaves no object; Upload then
 * aborts its multipart upload, which discards the parts already sent.
 */
import { CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertFileKey, type FileBody, FileMeter, FileNotFoundError, type FileStore, FileTooLargeError, type StoredFile } from './store.js';

export interface S3FileStoreConfig {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
}

/** Parts in flight at once: with 5 MB parts, about 20 MB of memory per put at most. */
const QUEUE_SIZE = 2;
const PART_SIZE = 5 * 1024 * 1024;

const statusOf = (err: unknown) => (err instanceof S3ServiceException ? err.$metadata.httpStatusCode : undefined);
const isNotFound = (err: unknown, ...names: string[]) => err instanceof S3ServiceException && (names.includes(err.name) || statusOf(err) === 404);

export class S3FileStore implements FileStore {
  readonly kind = 's3' as const;
  readonly client: S3Client;
  readonly bucket: string;

  constructor(c: S3FileStoreConfig) {
    this.bucket = c.bucket;
    this.client = new S3Client({
      endpoint: c.endpoint,
      region: c.region,
      forcePathStyle: c.forcePathStyle,
      credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey },
      // Checksums only where S3 requires them: not every S3-compatible server
      // takes the SDK's default trailing CRC32, and we keep our own SHA-256.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async put(key: string, body: FileBody, opts: { maxBytes: number; contentType: string }): Promise<StoredFile> {
    assertFileKey(key);
    const meter = new FileMeter(opts.maxBytes);
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: meter, ContentType: opts.contentType },
      queueSize: QUEUE_SIZE,
      partSize: PART_SIZE,
      leavePartsOnError: false,
    });
    // Reading the body into the meter fails on a broken body or once it is too large.
    const reading = pipeline(body, meter);
    // A failed upload stops the reading (and the body) too. Upload settles only
    // after it has aborted its multipart upload, so awaiting both is enough.
    const uploading = upload.done().catch((err: unknown) => {
      meter.destroy(err instanceof Error ? err : new Error(String(err)));
      throw err;
    });
    const [read, uploaded] = await Promise.allSettled([reading, uploading]);
    const failures = [read, uploaded].flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    if (failures.length > 0) throw failures.find((e) => e instanceof FileTooLargeError) ?? failures[0];
    return meter.result();
  }

  async get(key: string): Promise<Readable> {
    assertFileKey(key);
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!(res.Body instanceof Readable)) throw new Error(`S3 GetObject of "${key}" gave no readable body`);
      return res.Body;
    } catch (err) {
      if (isNotFound(err, 'NoSuchKey', 'NotFound')) throw new FileNotFoundError(key);
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    assertFileKey(key);
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (err) {
      if (isNotFound(err, 'NoSuchKey', 'NotFound')) return;
      throw err;
    }
  }

  /** The bucket exists afterwards: HeadBucket, and CreateBucket when it is missing. */
  async ensureReady(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
      return;
    } catch (err) {
      if (!isNotFound(err, 'NotFound', 'NoSuchBucket')) throw err;
    }
    try {
      await this.client.send(new CreateBucketCommand({ Bucket: this.bucket }));
    } catch (err) {
      // Another process created it meanwhile.
      if (!(err instanceof S3ServiceException && err.name === 'BucketAlreadyOwnedByYou')) throw err;
    }
  }
}
