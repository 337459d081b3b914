#!/usr/bin/env node
// The two web apps (web/) built with Vite into .data/web, which the gateway serves.
// Rebuilt only when their sources changed (a hash stamp, like the proto step); `--force` always builds.
// Run by setup and by the browser tests; two runs at once take turns (a lock), so each finds a whole build.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const WEB_OUT = join(ROOT, '.data', 'web');
const STAMP = join(WEB_OUT, '.web-hash');
const LOCK = `${WEB_OUT}.lock`;

/** Every file the build reads: the apps, the vocabulary they import, the config, the dependency versions, this script. */
function sources() {
  const files = [];
  const walk = (dir) => {
    for (const f of readdirSync(dir).sort()) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk(join(ROOT, 'web'));
  walk(join(ROOT, 'domain'));
  // The vocabulary is derived from the generated enums: a change to the contracts rebuilds the apps.
  walk(join(ROOT, 'proto', 'extranet'));
  return [...files, join(ROOT, 'vite.config.ts'), join(ROOT, 'package-lock.json'), fileURLToPath(import.meta.url)];
}

function sourceHash() {
  const h = createHash('sha256');
  for (const f of sources()) h.update(relative(ROOT, f)).update('\0').update(readFileSync(f)).update('\0');
  return h.digest('hex');
}

const current = (hash) => existsSync(STAMP) && readFileSync(STAMP, 'utf8') === hash;
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Runs `fn` holding the build lock; a lock left by a killed run is taken over after two minutes. */
function locked(fn) {
  mkdirSync(join(ROOT, '.data'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > 120_000) rmSync(LOCK, { recursive: true, force: true });
      } catch {
        // Released meanwhile.
      }
      sleep(200);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/**
 * Builds when the sources changed since the last build (or always with `force`).
 * The new build is made beside the old one and swapped in whole. Returns whether it built.
 */
export function buildWeb({ force = false, say = (m) => process.stdout.write(`${m}\n`) } = {}) {
  const hash = sourceHash();
  if (!force && current(hash)) return false;
  return locked(() => {
    if (!force && current(hash)) return false;
    say('building the web apps (web/ → .data/web, Vite)');
    const tmp = `${WEB_OUT}.new-${process.pid}`;
    const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
    const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, WEB_OUT_DIR: tmp },
    });
    if (r.error || r.status !== 0) {
      rmSync(tmp, { recursive: true, force: true });
      throw new Error(`vite build failed${r.error ? `: ${r.error.message}` : ''}`);
    }
    writeFileSync(join(tmp, '.web-hash'), hash);
    const old = `${WEB_OUT}.old-${process.pid}`;
    if (existsSync(WEB_OUT)) renameSync(WEB_OUT, old);
    renameSync(tmp, WEB_OUT);
    rmSync(old, { recursive: true, force: true });
    return true;
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    buildWeb({ force: process.argv.includes('--force') });
  } catch (err) {
    process.stderr.write(`build-web: ${err.message}\n`);
    process.exit(1);
  }
}
