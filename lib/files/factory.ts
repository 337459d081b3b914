/**
 * Which store the settings name, and the store itself: apart from store.ts,
 * which the two implementations import, so that no import runs in a circle.
 */
import { ConfigError, optional, str, url } from '../config.js';
import { LocalFileStore } from './local.js';
import { S3FileStore } from './s3.js';
import type { FileStore, FileStoreConfig } from './store.js';

type Env = Record<string, string | undefined>;

/**
 * FILE_STORE=local|s3 (default local). local: FILE_DIR (default `defaultDir`).
 * s3: S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY are
 * required; S3_REGION (default us-east-1), S3_FORCE_PATH_STYLE (default true).
 */
export function fileStoreConfig(env: Env = process.env, defaultDir: string): FileStoreConfig {
  const kind = str(env, 'FILE_STORE', 'local');
  if (kind === 'local') return { kind, dir: str(env, 'FILE_DIR', defaultDir) };
  if (kind !== 's3') throw new ConfigError(`FILE_STORE must be "local" or "s3", got "${kind}"`);
  const required = (name: string): string => {
    if (optional(env, name) === undefined) throw new ConfigError(`${name} is required when FILE_STORE=s3`);
    return env[name]!;
  };
  const endpoint = url(env, 'S3_ENDPOINT', required('S3_ENDPOINT'));
  const bucket = required('S3_BUCKET');
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new ConfigError(`S3_BUCKET must be a bucket name (3-63 of a-z, 0-9, ".", "-"), got "${bucket}"`);
  }
  const pathStyle = str(env, 'S3_FORCE_PATH_STYLE', 'true');
  if (pathStyle !== 'true' && pathStyle !== 'false') throw new ConfigError(`S3_FORCE_PATH_STYLE must be "true" or "false", got "${pathStyle}"`);
  return {
    kind,
    endpoint,
    bucket,
    region: str(env, 'S3_REGION', 'us-east-1'),
    accessKeyId: required('S3_ACCESS_KEY_ID'),
    secretAccessKey: required('S3_SECRET_ACCESS_KEY'),
    forcePathStyle: pathStyle === 'true',
  };
}

export function createFileStore(c: FileStoreConfig): FileStore {
  return c.kind === 'local' ? new LocalFileStore(c.dir) : new S3FileStore(c);
}
