#!/usr/bin/env node
// The install step: npm dependencies, generated proto code, the web apps, the Temporal CLI, versitygw.
// Idempotent and quick when everything is already there; needs only the package registries.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { buildWeb } from './build-web.mjs';
import { ROOT, TEMPORAL_VERSION, TOOLS_BIN, findTemporalCli } from './temporal-cli.mjs';
import { VERSITYGW_VERSION, findVersitygw } from './versitygw.mjs';

const say = (m) => process.stdout.write(`setup: ${m}\n`);
const fail = (m) => {
  process.stderr.write(`setup: ${m}\n`);
  process.exit(1);
};
const run = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', ...opts });
  if (r.error || r.status !== 0) fail(`${cmd} ${args.join(' ')} failed${r.error ? `: ${r.error.message}` : ''}`);
};
const hashOf = (files) =>
  createHash('sha256')
    .update(files.map((f) => readFileSync(f)).join('\0'))
    .digest('hex');

// `--proto`: only step 2, always (the npm dependencies are already installed, e.g. by a Dockerfile).
const protoOnly = process.argv.includes('--proto');

// 1. npm dependencies, reinstalled only when the lockfile changed.
const lock = join(ROOT, 'package-lock.json');
const stamp = join(ROOT, 'node_modules', '.extranet-lock-hash');
const lockHash = hashOf([lock]);
if (!protoOnly && (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== lockHash)) {
  say('installing npm dependencies (npm ci)');
  run('npm', ['ci', '--no-audit', '--no-fund']);
  writeFileSync(stamp, lockHash);
}

// 2. Generated contracts (proto/gen), regenerated when a .proto file or a generator version changed.
//    protoc (Debian: protobuf-compiler) compiles proto/extranet/v1/*.proto with protoc-gen-es. The
//    protovalidate rules import buf/validate/validate.proto: its compiled descriptor (and those of its
//    imports) comes from the npm package @bufbuild/protovalidate, handed to protoc as a descriptor set,
//    and the generated code imports that package's code for it; google/protobuf/struct.proto comes the
//    same way from @bufbuild/protobuf. Nothing is fetched from the BSR. `valid_types`: each message also
//    gets a `…Valid` type in which the message fields with protovalidate's `required` rule are set
//    (internal/messages.ts builds the services' answer types from those).
//    `node scripts/setup.mjs --proto` (npm run proto) does only this step, and always.
const protoDir = join(ROOT, 'proto', 'extranet', 'v1');
const protos = readdirSync(protoDir)
  .filter((f) => f.endsWith('.proto'))
  .sort()
  .map((f) => join(protoDir, f));
const genDir = join(ROOT, 'proto', 'gen');
const genStamp = join(genDir, '.proto-hash');
const esOpts = 'target=ts,import_extension=js,valid_types=protovalidate_required,rewrite_imports=./buf/validate/*_pb.js:@bufbuild/protovalidate/gen';
const versionOf = (pkg) => JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')).version;
const generators = ['@bufbuild/protobuf', '@bufbuild/protoc-gen-es', '@bufbuild/protovalidate'].map((p) => `${p}@${versionOf(p)}`);
const protoHash = createHash('sha256')
  .update([hashOf(protos), ...protos.map((f) => relative(ROOT, f)), ...generators, esOpts].join('\0'))
  .digest('hex');
if (protoOnly || !existsSync(genStamp) || readFileSync(genStamp, 'utf8') !== protoHash) {
  say('generating TypeScript from proto/ (protoc + protoc-gen-es)');
  if (spawnSync('protoc', ['--version']).status !== 0) {
    fail(
      'protoc (the Protocol Buffers compiler) is missing; it turns proto/ into proto/gen. Install it, e.g. `apt-get install -y protobuf-compiler` (Debian, Ubuntu) or `brew install protobuf` (macOS), then run this again',
    );
  }
  const { create, toBinary } = await import('@bufbuild/protobuf');
  const { FileDescriptorSetSchema, file_google_protobuf_struct } = await import('@bufbuild/protobuf/wkt');
  const { file_buf_validate_validate } = await import('@bufbuild/protovalidate/gen/buf/validate/validate_pb.js');
  // buf/validate/validate.proto, google/protobuf/struct.proto and everything they import, each file after its imports.
  const files = [];
  const add = (file) => {
    if (files.includes(file.proto)) return;
    for (const dep of file.dependencies) add(dep);
    files.push(file.proto);
  };
  add(file_buf_validate_validate);
  add(file_google_protobuf_struct);
  const work = mkdtempSync(join(tmpdir(), 'extranet-proto-'));
  try {
    const deps = join(work, 'buf-validate.binpb');
    writeFileSync(deps, toBinary(FileDescriptorSetSchema, create(FileDescriptorSetSchema, { file: files })));
    const out = join(work, 'gen');
    mkdirSync(out);
    run('protoc', [
      `--descriptor_set_in=${deps}`,
      `--proto_path=${join(ROOT, 'proto')}`,
      `--plugin=protoc-gen-es=${join(ROOT, 'node_modules', '.bin', 'protoc-gen-es')}`,
      `--es_out=${out}`,
      `--es_opt=${esOpts}`,
      ...protos.map((f) => relative(join(ROOT, 'proto'), f)),
    ]);
    writeFileSync(join(out, '.proto-hash'), protoHash);
    // Replaced whole: a .proto that was removed leaves no generated file behind.
    rmSync(genDir, { recursive: true, force: true });
    cpSync(out, genDir, { recursive: true });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
if (protoOnly) process.exit(0);

// 3. The web apps (web/ → .data/web, served by the gateway), rebuilt when their sources changed.
try {
  buildWeb({ say });
} catch (err) {
  fail(err.message);
}

// 4. The Temporal CLI (dev server + Web UI): configured, on PATH, or built from the Go module proxy.
if (findTemporalCli()) {
  say(`Temporal CLI: ${findTemporalCli()}`);
} else if (spawnSync('go', ['version']).status === 0) {
  say(`building the Temporal CLI ${TEMPORAL_VERSION} into .tools/bin (a few minutes, once)`);
  mkdirSync(TOOLS_BIN, { recursive: true });
  run('go', ['install', `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_VERSION}`], { env: { ...process.env, GOBIN: TOOLS_BIN } });
} else {
  // No Go: the Temporal SDK downloads its own dev server at first use (needs internet).
  say('no Go toolchain and no temporal binary: the Temporal SDK will download a dev server on first start');
}

// 5. Versity's S3 gateway (versitygw): the S3 server the file store's tests run against.
//    Configured, on PATH, or built from the Go module proxy like the Temporal CLI; it has no other source.
if (findVersitygw()) {
  say(`versitygw: ${findVersitygw()}`);
} else if (spawnSync('go', ['version']).status === 0) {
  say(`building versitygw ${VERSITYGW_VERSION} (S3 gateway for the tests) into .tools/bin (about two minutes, once)`);
  mkdirSync(TOOLS_BIN, { recursive: true });
  run('go', ['install', `github.com/versity/versitygw/cmd/versitygw@${VERSITYGW_VERSION}`], { env: { ...process.env, GOBIN: TOOLS_BIN } });
} else {
  say(
    `no Go toolchain and no versitygw binary: the S3 file store tests cannot run. Install Go 1.25 or later and run \`npm run setup\` again, or set VERSITYGW to a versitygw ${VERSITYGW_VERSION} binary`,
  );
}
try {
  execFileSync('node', ['-e', ''], { cwd: ROOT });
} catch {
  fail('node cannot run here');
}
