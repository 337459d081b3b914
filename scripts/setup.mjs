#!/usr/bin/env node
// The install step: npm dependencies, generated proto code, the web apps, the Temporal CLI.
// Idempotent and quick when everything is already there; needs only the package registries.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildWeb } from './build-web.mjs';
import { ROOT, TEMPORAL_VERSION, TOOLS_BIN, findTemporalCli } from './temporal-cli.mjs';

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

// 1. npm dependencies, reinstalled only when the lockfile changed.
const lock = join(ROOT, 'package-lock.json');
const stamp = join(ROOT, 'node_modules', '.extranet-lock-hash');
const lockHash = hashOf([lock]);
if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== lockHash) {
  say('installing npm dependencies (npm ci)');
  run('npm', ['ci', '--no-audit', '--no-fund']);
  writeFileSync(stamp, lockHash);
}

// 2. Generated contracts, regenerated when a .proto file changed.
const protoDir = join(ROOT, 'proto', 'extranet', 'v1');
const protos = readdirSync(protoDir)
  .filter((f) => f.endsWith('.proto'))
  .map((f) => join(protoDir, f));
const genStamp = join(ROOT, 'proto', 'gen', '.proto-hash');
const protoHash = hashOf([...protos, join(ROOT, 'proto', 'buf.gen.yaml')]);
if (!existsSync(genStamp) || readFileSync(genStamp, 'utf8') !== protoHash) {
  say('generating TypeScript from proto/ (buf + protoc-gen-es)');
  const bin = join(ROOT, 'node_modules', '.bin');
  run(join(bin, 'buf'), ['generate'], { cwd: join(ROOT, 'proto'), env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
  writeFileSync(genStamp, protoHash);
}

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
try {
  execFileSync('node', ['-e', ''], { cwd: ROOT });
} catch {
  fail('node cannot run here');
}
