// Where Versity's S3 gateway (versitygw) is: VERSITYGW, else the project's .tools/bin, else PATH.
// The tests run the file stores' contract against it; setup builds it with Go.
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { TOOLS_BIN } from './temporal-cli.mjs';

export const VERSITYGW_VERSION = 'v1.8.0';

/** The path of a usable `versitygw` binary, or undefined. */
export function findVersitygw(env = process.env) {
  if (env.VERSITYGW) return existsSync(env.VERSITYGW) ? env.VERSITYGW : undefined;
  const local = join(TOOLS_BIN, 'versitygw');
  if (existsSync(local)) return local;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    const p = join(dir, 'versitygw');
    if (dir && existsSync(p)) return p;
  }
  return undefined;
}
