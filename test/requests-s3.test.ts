import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from './agent.js';
import { startSystem, type TestSystem } from './harness.js';
import { startS3ForTests, type TestS3Server } from './s3-server.js';
import { upload } from './flows.js';
import { DEMO } from '../domain/demo.js';

/** The same files through the whole system, kept in S3-compatible storage (Versity's S3 gateway on loopback). */
describe('files in S3-compatible storage', () => {
  let s3: TestS3Server;
  let sys: TestSystem;
  let daniel: Agent;
  const bucket = 'extranet-files';
  /** The request files in the bucket (the documents service keeps its files there too, under documents/). */
  const objects = async () => {
    const client = new S3Client({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    });
    const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'attachments/' }));
    client.destroy();
    return (listed.Contents ?? []).map((o) => o.Key);
  };

  beforeAll(async () => {
    s3 = await startS3ForTests();
    sys = await startSystem({
      files: {
        kind: 's3',
        endpoint: s3.endpoint,
        bucket,
        region: 'us-east-1',
        accessKeyId: s3.accessKeyId,
        secretAccessKey: s3.secretAccessKey,
        forcePathStyle: true,
      },
    });
    daniel = new Agent(sys.gatewayUrl);
    expect((await daniel.post('/api/portal/login', { login: DEMO.danielUser.login, password: DEMO.danielUser.password })).status).toBe(201);
  });
  afterAll(async () => {
    await sys?.stop();
    await s3?.stop();
  });

  it('uploads, downloads the same bytes, refuses a file over the limit without leaving an object, and deletes', async () => {
    const bytes = new Uint8Array(1024 * 1024).map((_, i) => i % 251);
    const file = await upload(daniel, 'portal', 'scan.png', 'image/png', bytes);
    expect(file.status).toBe(201);
    expect(file.body.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(await objects()).toEqual([`attachments/${file.body.id}`]);
    const back = await daniel.fetch(`/api/portal/attachments/${file.body.id}`);
    expect(back.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await back.arrayBuffer())).toEqual(bytes);

    const big = await upload(daniel, 'portal', 'big.png', 'image/png', new Uint8Array(3 * 1024 * 1024));
    expect(big.status).toBe(413);
    expect(await objects()).toEqual([`attachments/${file.body.id}`]);

    expect((await daniel.json('DELETE', `/api/portal/attachments/${file.body.id}`)).status).toBe(200);
    expect(await objects()).toEqual([]);
  });
});
