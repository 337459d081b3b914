import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { audit } from '../../../lib/audit.js';
import type { Actor } from '../../../internal/actor.js';

const IDENTITY: Actor = { kind: 'system', id: 'identity' };

// Verifying against a fixed hash keeps an unknown login and a locked account as slow as a wrong password.
const DUMMY_HASH = await hash('not-a-real-password-' + randomUUID());

export type FailureReason = 'unknown login' | 'wrong password' | 'locked' | 'not activated';

/**
 * Counts a failed sign-in in the hour's window of its account (or of all
 * unknown logins); the audit log gets the first failure of each window and
 * every lockout, so guessing cannot grow it without bound.
 */
async function recordFailure(tx: Knex, account: { id: string } | undefined, reason: FailureReason, via: string) {
  const key = account ? `user:${account.id}` : 'unknown-login';
  const { rows } = await tx.raw(
    `insert into sign_in_failures (key, window_start, count) values (?, date_trunc('hour', now()), 1)
     on conflict (key, window_start) do update set count = sign_in_failures.count + 1 returning count`,
    [key],
  );
  if (rows[0].count === 1)
    await audit(tx, IDENTITY, {
      action: 'sign_in.failed',
      entityType: account ? 'user' : 'login',
      entityId: account?.id ?? 'unknown',
      after: { reason, via, firstInWindow: true },
    });
}

/**
 * Checks a password for one account. The account's row stays locked from the
 * lockout check to the new count, so concurrent guesses are evaluated one at a
 * time: at most the allowed number of wrong passwords is ever evaluated, a
 * locked account evaluates none (not even the right one), and only a success
 * outside a lockout clears the count. Returns the user, or undefined.
 */
export async function checkPassword(
  db: Knex,
  find: (users: Knex.QueryBuilder) => Knex.QueryBuilder,
  password: string,
  limits: { maxFailedAttempts: number; lockoutSeconds: number },
  via: string,
): Promise<Record<string, any> | undefined> {
  return db.transaction(async (tx) => {
    const user = await find(tx('users')).select('*', tx.raw('coalesce(locked_until > now(), false) as is_locked')).forUpdate().first();
    if (!user || user.is_locked) {
      await verify(DUMMY_HASH, password);
      await recordFailure(tx, user, user ? 'locked' : 'unknown login', via);
      return undefined;
    }
    if (await verify(user.password_hash, password)) {
      if (user.password_is_temporary) {
        await recordFailure(tx, user, 'not activated', via);
        return undefined;
      }
      if (user.failed_attempts !== 0 || user.locked_until) await tx('users').where({ id: user.id }).update({ failed_attempts: 0, locked_until: null });
      return user;
    }
    // Counting restarts once a lockout is over, so a lockout always ends: it never adds up to a permanent one.
    const [row] = await tx('users')
      .where({ id: user.id })
      .update({
        failed_attempts: tx.raw(`case when locked_until is not null then 1 else failed_attempts + 1 end`),
        locked_until: tx.raw(
          `case when (case when locked_until is not null then 1 else failed_attempts + 1 end) >= ? then now() + make_interval(secs => ?) else null end`,
          [limits.maxFailedAttempts, limits.lockoutSeconds],
        ),
      })
      .returning(['failed_attempts', 'locked_until']);
    if (row.locked_until)
      await audit(tx, IDENTITY, {
        action: 'sign_in.locked',
        entityType: 'user',
        entityId: user.id,
        after: { failedAttempts: row.failed_attempts, lockedUntil: row.locked_until, via },
      });
    await recordFailure(tx, user, 'wrong password', via);
    return undefined;
  });
}
