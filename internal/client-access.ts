import type { Context } from 'koa';
import type { Knex } from 'knex';
import { forbidden, HttpError } from '../lib/errors.js';
import type { Actor } from './actor.js';

type ClientActor = Extract<Actor, { kind: 'client' }>;

/**
 * Whether a client actor a gateway vouches for may still be served, asked in
 * the service's own query of the two functions identity and policy publish for
 * this (identity.client_session_live, policy.access_epoch): the session must
 * still be the user's, live, and on the same access token (a refresh rotates
 * it), and the scope the actor carries must have been
 * computed at the current access epoch. A gateway may therefore keep sessions
 * and scopes between requests without an ended session, a disabled link or a
 * changed policy counting one request late.
 *
 * An employee's "view as this client" carries no session: it reads only.
 */
export function clientAccessCheck(db: Knex) {
  return async function checkClient(ctx: Context, actor: ClientActor): Promise<void> {
    const vouch = actor.vouch;
    if (vouch.source === 'view-as') {
      if (ctx.method !== 'GET') throw forbidden('viewing as a client reads only');
      return;
    }
    const { rows } = await db.raw('select identity.client_session_live(?, ?, ?) as live, policy.access_epoch()::text as epoch', [
      vouch.sessionId,
      actor.id,
      vouch.tokenHash,
    ]);
    const now = rows[0] as { live: boolean; epoch: string };
    if (!now.live) throw new HttpError(401, 'session_ended', 'your session has ended; sign in again');
    if (now.epoch !== vouch.accessEpoch) throw new HttpError(409, 'access_changed', 'your access changed since this request was prepared; ask again');
  };
}

export type ClientAccessCheck = ReturnType<typeof clientAccessCheck>;
