// Where the Temporal CLI is: TEMPORAL_CLI, else the project's .tools/bin, else PATH. Shared by setup, start and tests.
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const TOOLS_BIN = join(ROOT, '.tools', 'bin');
export const TEMPORAL_VERSION = 'v1.5.1';

/** The path of a usable `temporal` binary, or undefined. */
export function findTemporalCli(env = process.env) {
  if (env.TEMPORAL_CLI) return existsSync(env.TEMPORAL_CLI) ? env.TEMPORAL_CLI : undefined;
  const local = join(TOOLS_BIN, 'temporal');
  if (existsSync(local)) return local;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    const p = join(dir, 'temporal');
    if (dir && existsSync(p)) return p;
  }
  return undefined;
}
