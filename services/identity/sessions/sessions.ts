import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { HttpError, unauthorized } from '../../../lib/errors.js';
import { audit } from '../../../lib/audit.js';
import type { Actor } from '../../../internal/actor.js';
import type { ChangePasswordRequest } from '../../../proto/gen/extranet/v1/portal_pb.js';
import type { Session, SessionTokens as SessionTokensMessage } from '../../../proto/gen/extranet/v1/identity_pb.js';
import { isoTime, isoTimeOrNull, type Plain } from '../../../internal/messages.js';
import { isTokenShaped } from '../../../lib/http.js';
import { newToken, sha256 } from '../tokens.js';
import { lockoutLimits, passwordPolicy, type SettingsRow } from '../settings/settings.js';
import { checkPassword } from './sign-in.js';
import { unmetPasswordRules } from './password-policy.js';

const IDENTITY: Actor = { kind: 'system', id: 'identity' };

/** What a client gets at sign-in: a short access token and a longer refresh token, both stored only as hashes. */
export interface SessionTokens {
  sessionId: string;
  token: string;
  expiresAt: Date;
  refreshToken: string;
  refreshExpiresAt: Date;
}

export async function createSession(db: Knex, userId: string, s: SettingsRow): Promise<SessionTokens> {
  const token = newToken();
  const refreshToken = newToken();
  const expiresAt = new Date(Date.now() + s.access_lifetime_seconds * 1000);
  const refreshExpiresAt = new Date(Date.now() + s.refresh_lifetime_seconds * 1000);
  const id = randomUUID();
  await db('sessions').insert({
    id,
    user_id: userId,
    token_hash: sha256(token),
    expires_at: expiresAt,
    refresh_token_hash: sha256(refreshToken),
    refresh_expires_at: refreshExpiresAt,
  });
  await db('refresh_tokens').insert({ token_hash: sha256(refreshToken), session_id: id });
  return { sessionId: id, token, expiresAt, refreshToken, refreshExpiresAt };
}

export const invalidCredentials = () => new HttpError(401, 'invalid_credentials', 'login or password is incorrect', { field: 'password' });

/** Password sign-in. Unknown login, wrong password and a locked account give the same answer. */
export async function signIn(db: Knex, s: SettingsRow, login: string, password: string) {
  const name = login.toLowerCase();
  const user = await checkPassword(db, (q) => q.where({ login: name }).orWhere({ email: name }), password, lockoutLimits(s), 'sign-in');
  if (!user) throw invalidCredentials();
  return { ...(await createSession(db, user.id, s)), userId: user.id as string };
}

/** The live session of an access token with its user's columns (every portal request asks this: one query), or a 401. */
export async function currentSession(
  db: Knex,
  token: string | undefined,
): Promise<{ id: string; user_id: string; expires_at: Date } & Record<string, unknown>> {
  if (!isTokenShaped(token)) throw unauthorized('session ended or expired; sign in again');
  const row = await db('sessions')
    .join('users', 'users.id', 'sessions.user_id')
    .where({ 'sessions.token_hash': sha256(token) })
    .whereNull('sessions.ended_at')
    .where('sessions.expires_at', '>', db.fn.now())
    .first(
      'sessions.id',
      'sessions.user_id',
      'sessions.expires_at',
      'users.login',
      'users.email',
      'users.first_name',
      'users.last_name',
      'users.password_is_temporary',
    );
  if (!row) throw unauthorized('session ended or expired; sign in again');
  return row;
}

/**
 * Rotates both tokens. A refresh token that was already rotated is a stolen
 * copy or a replay: the whole session ends.
 */
export async function refreshSession(db: Knex, s: SettingsRow, refreshToken: string) {
  const result = await db.transaction(async (tx) => {
    const rt = await tx('refresh_tokens')
      .where({ token_hash: sha256(refreshToken) })
      .forUpdate()
      .first();
    if (!rt) return { error: 'unknown' as const };
    const session = await tx('sessions').where({ id: rt.session_id }).forUpdate().first();
    if (rt.rotated_at) {
      if (!session.ended_at) {
        await tx('sessions').where({ id: session.id }).update({ ended_at: tx.fn.now(), end_reason: 'refresh_token_reused' });
        await audit(tx, IDENTITY, { action: 'session.ended_refresh_reuse', entityType: 'session', entityId: session.id, after: { userId: session.user_id } });
      }
      return { error: 'reused' as const };
    }
    if (session.ended_at || new Date(session.refresh_expires_at).getTime() <= Date.now()) return { error: 'ended' as const };
    const token = newToken();
    const next = newToken();
    await tx('refresh_tokens').where({ token_hash: rt.token_hash }).update({ rotated_at: tx.fn.now() });
    await tx('refresh_tokens').insert({ token_hash: sha256(next), session_id: session.id });
    const expiresAt = new Date(Date.now() + s.access_lifetime_seconds * 1000);
    await tx('sessions')
      .where({ id: session.id })
      .update({ token_hash: sha256(token), expires_at: expiresAt, refresh_token_hash: sha256(next) });
    return { sessionId: session.id, token, expiresAt, refreshToken: next, refreshExpiresAt: session.refresh_expires_at, userId: session.user_id };
  });
  if ('error' in result) {
    const reused = result.error === 'reused';
    throw new HttpError(
      401,
      reused ? 'refresh_token_reused' : 'session_ended',
      reused ? 'this refresh token was already used; the session has ended, sign in again' : 'session ended or expired; sign in again',
      { field: 'refreshToken' },
    );
  }
  return result;
}

/** Ends every live session of a user, on the record when any ended. */
export async function endSessionsOfUser(db: Knex, actor: Pick<Actor, 'kind' | 'id'>, userId: string, reason: string): Promise<number> {
  return db.transaction(async (tx) => {
    const n = await tx('sessions').where({ user_id: userId }).whereNull('ended_at').update({ ended_at: tx.fn.now(), end_reason: reason });
    if (n) await audit(tx, actor, { action: 'sessions.ended', entityType: 'user', entityId: userId, after: { sessions: n, reason } });
    return n;
  });
}

/**
 * The client's own password change: the current password is required (and a
 * wrong one counts toward the lockout like a failed sign-in); other sessions end.
 */
export async function changePassword(db: Knex, s: SettingsRow, session: { id: string; user_id: string }, input: ChangePasswordRequest): Promise<void> {
  const user = await checkPassword(db, (q) => q.where({ id: session.user_id }), input.currentPassword, lockoutLimits(s), 'password change');
  if (!user) throw new HttpError(400, 'wrong_password', 'the current password is not correct', { field: 'currentPassword' });
  const unmet = unmetPasswordRules(input.newPassword, passwordPolicy(s));
  if (unmet.length) throw new HttpError(400, 'weak_password', `password needs ${unmet.join(', ')}`, { field: 'newPassword', unmet });
  const passwordHash = await hash(input.newPassword);
  await db.transaction(async (tx) => {
    await tx('users').where({ id: user.id }).update({ password_hash: passwordHash });
    const ended = await tx('sessions')
      .where({ user_id: user.id })
      .whereNot({ id: session.id })
      .whereNull('ended_at')
      .update({ ended_at: tx.fn.now(), end_reason: 'password_changed' });
    await audit(
      tx,
      { kind: 'system', id: `client:${user.id}` },
      { action: 'password.changed', entityType: 'user', entityId: user.id, after: { otherSessionsEnded: ended } },
    );
  });
}

export const sessionView = (s: Record<string, any>): Plain<Session> => ({
  id: s.id as string,
  createdAt: isoTime(s.created_at),
  expiresAt: isoTime(s.expires_at),
  refreshExpiresAt: isoTimeOrNull(s.refresh_expires_at),
  endedAt: isoTimeOrNull(s.ended_at),
  endReason: s.end_reason as string | null,
});

/** The tokens of a new or refreshed session, and whose it is, as identity answers them. */
export const tokensView = (t: SessionTokens & { userId: string }): Plain<SessionTokensMessage> => ({
  sessionId: t.sessionId,
  token: t.token,
  expiresAt: isoTime(t.expiresAt),
  refreshToken: t.refreshToken,
  refreshExpiresAt: isoTime(t.refreshExpiresAt),
  userId: t.userId,
});
