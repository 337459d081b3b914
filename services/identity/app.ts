import Router from '@koa/router';
import type { Knex } from 'knex';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { createServiceApp, isUuid, requireStaff, requireSystem } from '../../lib/http.js';
import { HttpError, badRequest, conflict, notFound, unauthorized } from '../../lib/errors.js';
import { parseBody } from '../../proto/validate.js';
import { CreatePortalUserRequestSchema } from '../../proto/gen/extranet/v1/governance_pb.js';
import { ActivateRequestSchema, ChangePasswordRequestSchema, LoginRequestSchema } from '../../proto/gen/extranet/v1/portal_pb.js';
import { activateRules, changePasswordRules, createPortalUserRules, loginRules } from '../../proto/rules.js';
import { audit } from '../../lib/audit.js';
import type { Actor } from '../../lib/internal-token.js';
import { isUniqueViolation } from '../../lib/db.js';
import { unmetPasswordRules, type PasswordPolicy } from './password-policy.js';
import type { IdentityConfig } from './config.js';
import { governanceRoutes } from './governance.js';
import { checkPassword } from './sign-in.js';
import { employeeSessionRoutes } from './employee-sessions.js';
import { rateLimitRoutes } from './rate-limits.js';

const SYSTEM_ACTOR: Actor = { kind: 'system', id: 'identity' };
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');

export interface SettingsRow {
  password_min_length: number;
  password_require_lowercase: boolean;
  password_require_uppercase: boolean;
  password_require_digit: boolean;
  password_require_special: boolean;
  max_failed_attempts: number;
  lockout_seconds: number;
  access_lifetime_seconds: number;
  invitation_lifetime_seconds: number;
  refresh_lifetime_seconds: number;
}

export async function ensureSecuritySettings(db: Knex, config: IdentityConfig): Promise<void> {
  await db('security_settings')
    .insert({
      id: 1,
      password_min_length: 12,
      password_require_lowercase: true,
      password_require_uppercase: true,
      password_require_digit: true,
      password_require_special: true,
      max_failed_attempts: 5,
      lockout_seconds: 15 * 60,
      access_lifetime_seconds: config.accessLifetimeSeconds,
      invitation_lifetime_seconds: config.invitationLifetimeSeconds,
    })
    .onConflict('id')
    .ignore();
}

export function settingsView(s: SettingsRow) {
  return {
    passwordMinLength: s.password_min_length,
    passwordRequireLowercase: s.password_require_lowercase,
    passwordRequireUppercase: s.password_require_uppercase,
    passwordRequireDigit: s.password_require_digit,
    passwordRequireSpecial: s.password_require_special,
    maxFailedAttempts: s.max_failed_attempts,
    lockoutSeconds: s.lockout_seconds,
    accessLifetimeSeconds: s.access_lifetime_seconds,
    refreshLifetimeSeconds: s.refresh_lifetime_seconds,
    invitationLifetimeSeconds: s.invitation_lifetime_seconds,
  };
}

export async function settings(db: Knex): Promise<SettingsRow> {
  return (await db('security_settings').where({ id: 1 }).first()) as SettingsRow;
}

export function passwordPolicy(s: SettingsRow): PasswordPolicy {
  return {
    minLength: s.password_min_length,
    requireLowercase: s.password_require_lowercase,
    requireUppercase: s.password_require_uppercase,
    requireDigit: s.password_require_digit,
    requireSpecial: s.password_require_special,
  };
}

const userView = (u: Record<string, unknown>) => ({
  id: u.id,
  login: u.login,
  email: u.email,
  firstName: u.first_name,
  lastName: u.last_name,
  activated: !u.password_is_temporary,
});

export const invitationView = (i: Record<string, unknown>) => ({
  id: i.id,
  linkId: i.link_id,
  userId: i.user_id,
  contactId: i.contact_id,
  email: i.email,
  status: i.status,
  issuedBy: i.issued_by,
  issuedAt: i.issued_at,
  expiresAt: i.expires_at,
  emailSentAt: i.email_sent_at,
  endedAt: i.ended_at,
});

function refuseInvitation(status: string) {
  if (status === 'used') return new HttpError(410, 'invitation_used', 'this invitation was already used; sign in with your password', { field: 'token' });
  if (status === 'revoked') return new HttpError(410, 'invitation_revoked', 'this invitation was revoked; ask your manager for a new one', { field: 'token' });
  return new HttpError(410, 'invitation_expired', 'this invitation has expired; ask your manager for a new one', { field: 'token' });
}

/** A new session: a short access token and a longer refresh token, both stored only as hashes. */
async function createSession(db: Knex, userId: string, s: SettingsRow) {
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

const lockoutLimits = (s: SettingsRow) => ({ maxFailedAttempts: s.max_failed_attempts, lockoutSeconds: s.lockout_seconds });
const invalidCredentials = (field = 'password') => new HttpError(401, 'invalid_credentials', 'login or password is incorrect', { field });

/** The identity service: portal users, employees, invitations, sessions, security settings. */
export function createIdentityApp(db: Knex, config: IdentityConfig) {
  const r = new Router();

  r.post('/users', async (ctx) => {
    const actor = requireStaff(ctx);
    const body = parseBody(CreatePortalUserRequestSchema, ctx.request.body, createPortalUserRules);
    const email = body.email.toLowerCase();
    const taken = await db('users').where({ login: body.login }).orWhere({ email }).first();
    if (taken) {
      const field = taken.login === body.login ? 'login' : 'email';
      throw conflict(`${field}_taken`, `a portal user with this ${field} already exists`, { field, userId: taken.id });
    }
    const id = randomUUID();
    // The temporary password is random and never leaves this service: the client sets their own through the invitation.
    const passwordHash = await hash(newToken());
    try {
      await db.transaction(async (tx) => {
        await tx('users').insert({ id, login: body.login, email, first_name: body.firstName, last_name: body.lastName, password_hash: passwordHash });
        await audit(tx, actor, {
          action: 'user.created',
          entityType: 'user',
          entityId: id,
          after: { login: body.login, email, firstName: body.firstName, lastName: body.lastName },
        });
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('user_taken', 'a portal user with this login or email already exists', { field: 'login' });
      throw err;
    }
    ctx.status = 201;
    ctx.body = userView(await db('users').where({ id }).first());
  });

  r.get('/users', async (ctx) => {
    requireStaff(ctx);
    const q = typeof ctx.query.q === 'string' ? ctx.query.q.trim() : '';
    if (q.length > 100) throw badRequest('q', 'q must be at most 100 characters');
    const rows = await db('users')
      .modify((b) => {
        if (q) {
          const like = `%${q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
          b.where((w) => w.whereILike('login', like).orWhereILike('email', like).orWhereRaw(`first_name || ' ' || last_name ilike ?`, [like]));
        }
      })
      .orderBy('login')
      .limit(50);
    ctx.body = { users: rows.map(userView) };
  });

  r.get('/users/:id', async (ctx) => {
    requireStaff(ctx);
    if (!isUuid(ctx.params.id)) throw notFound('user');
    const u = await db('users').where({ id: ctx.params.id }).first();
    if (!u) throw notFound('user');
    ctx.body = userView(u);
  });

  r.get('/security-settings', async (ctx) => {
    requireStaff(ctx);
    ctx.body = settingsView(await settings(db));
  });

  // Invitations. Created by the invitation workflow (idempotent on its id) for the
  // link's user, at that user's own address; the one pending invitation of the
  // link is revoked in the same transaction.
  r.post('/invitations', async (ctx) => {
    const actor = requireSystem(ctx);
    const b = ctx.request.body as Record<string, unknown>;
    for (const f of ['id', 'linkId', 'userId', 'contactId'] as const) if (!isUuid(b[f])) throw badRequest(f, `${f} must be a uuid`);
    const issuedBy = typeof b.issuedBy === 'string' && b.issuedBy ? b.issuedBy : actor.id;
    const result = await db.transaction(async (tx) => {
      const existing = await tx('invitations').where({ id: b.id }).first();
      if (existing) return { invitation: existing, revokedInvitationIds: [] as string[] };
      const user = await tx('users').where({ id: b.userId }).first();
      if (!user) throw new HttpError(422, 'invalid_reference', 'userId names no portal user', { field: 'userId' });
      const revoked = await tx('invitations')
        .where({ link_id: b.linkId, status: 'pending' })
        .update({ status: 'revoked', ended_at: tx.fn.now() })
        .returning('id');
      const s = await settings(tx);
      const [row] = await tx('invitations')
        .insert({
          id: b.id,
          link_id: b.linkId,
          user_id: b.userId,
          contact_id: b.contactId,
          email: user.email,
          status: 'pending',
          issued_by: issuedBy,
          expires_at: tx.raw(`now() + make_interval(secs => ?)`, [s.invitation_lifetime_seconds]),
        })
        .returning('*');
      const who = isUuid(issuedBy) ? { kind: 'employee' as const, id: issuedBy } : actor;
      for (const old of revoked)
        await audit(tx, who, {
          action: 'invitation.revoked',
          entityType: 'invitation',
          entityId: old.id,
          linkId: b.linkId as string,
          before: { status: 'pending' },
          after: { status: 'revoked', reason: 'replaced by a new invitation' },
        });
      await audit(tx, who, {
        action: 'invitation.issued',
        entityType: 'invitation',
        entityId: b.id as string,
        linkId: b.linkId as string,
        after: { contactId: b.contactId, email: row.email, expiresAt: row.expires_at },
      });
      return { invitation: row, revokedInvitationIds: revoked.map((x: { id: string }) => x.id) };
    });
    ctx.status = 201;
    ctx.body = { invitation: invitationView(result.invitation), revokedInvitationIds: result.revokedInvitationIds };
  });

  r.get('/invitations', async (ctx) => {
    requireStaff(ctx);
    const linkId = ctx.query.linkId;
    if (linkId !== undefined && !isUuid(linkId)) throw badRequest('linkId', 'linkId must be a uuid');
    const rows = await db('invitations')
      .modify((b) => (linkId ? b.where({ link_id: linkId }) : b))
      .orderBy('issued_at', 'desc')
      .limit(200);
    ctx.body = { invitations: rows.map(invitationView) };
  });

  r.get('/invitations/:id', async (ctx) => {
    requireStaff(ctx);
    if (!isUuid(ctx.params.id)) throw notFound('invitation');
    const row = await db('invitations').where({ id: ctx.params.id }).first();
    if (!row) throw notFound('invitation');
    ctx.body = invitationView(row);
  });

  // The token is made here, handed once to the sending activity over the internal
  // network, and stored only as a hash. It goes to the invited user's own
  // address, and only for an invitation recorded here for that link. A retry
  // after a send that was recorded sends nothing.
  r.post('/invitations/:id/delivery', async (ctx) => {
    requireSystem(ctx);
    if (!isUuid(ctx.params.id)) throw notFound('invitation');
    const linkId = (ctx.request.body as Record<string, unknown>).linkId;
    if (!isUuid(linkId)) throw badRequest('linkId', 'linkId must be a uuid');
    ctx.body = await db.transaction(async (tx) => {
      const inv = await tx('invitations').where({ id: ctx.params.id }).forUpdate().first();
      if (!inv || inv.link_id !== linkId) throw notFound('invitation');
      if (inv.status !== 'pending') throw conflict('invitation_not_pending', `invitation is ${inv.status}`, { status: inv.status });
      if (inv.email_sent_at) return { alreadySent: true };
      const token = newToken();
      await tx('invitations')
        .where({ id: inv.id })
        .update({ token_hash: sha256(token) });
      const user = await tx('users').where({ id: inv.user_id }).first();
      return {
        alreadySent: false,
        token,
        email: user.email,
        firstName: user.first_name,
        lastName: user.last_name,
        expiresAt: inv.expires_at,
        existingAccount: !user.password_is_temporary,
      };
    });
  });

  r.post('/invitations/:id/delivered', async (ctx) => {
    requireSystem(ctx);
    if (!isUuid(ctx.params.id)) throw notFound('invitation');
    const n = await db('invitations').where({ id: ctx.params.id }).whereNull('email_sent_at').update({ email_sent_at: db.fn.now() });
    ctx.body = { recorded: n === 1 };
  });

  /** Ends a pending invitation; the conditional update makes the race with activation harmless. */
  async function endInvitation(id: string, status: 'expired' | 'revoked', onlyIfDue: boolean) {
    if (!isUuid(id)) throw notFound('invitation');
    const updated = await db('invitations')
      .where({ id, status: 'pending' })
      .modify((b) => (onlyIfDue ? b.where('expires_at', '<=', db.fn.now()) : b))
      .update({ status, ended_at: db.fn.now() })
      .returning('*');
    const row = updated[0] ?? (await db('invitations').where({ id }).first());
    if (!row) throw notFound('invitation');
    return { view: invitationView(row), changed: updated.length === 1 };
  }

  r.post('/invitations/:id/expire', async (ctx) => {
    requireSystem(ctx);
    ctx.body = (await endInvitation(ctx.params.id!, 'expired', true)).view;
  });

  r.post('/invitations/:id/revoke', async (ctx) => {
    const actor = requireStaff(ctx);
    const { view, changed } = await endInvitation(ctx.params.id!, 'revoked', false);
    if (!changed) throw conflict('invitation_not_pending', `invitation is already ${view.status}`, { status: view.status });
    await audit(db, actor, {
      action: 'invitation.revoked',
      entityType: 'invitation',
      entityId: view.id as string,
      linkId: view.linkId as string,
      before: { status: 'pending' },
      after: { status: 'revoked' },
    });
    ctx.body = view;
  });

  /** The pending, unexpired invitation of an activation token, or the refusal that says why not. */
  async function invitationOfToken(token: string) {
    const inv = await db('invitations')
      .where({ token_hash: sha256(token) })
      .first();
    if (!inv) throw badRequest('token', 'this activation link is not valid', 'invitation_invalid');
    if (inv.status !== 'pending') throw refuseInvitation(inv.status);
    if (new Date(inv.expires_at).getTime() <= Date.now()) throw refuseInvitation('expired');
    return inv;
  }

  // What the activation page needs before asking for a password: is this a new account, or an existing one?
  r.post('/invitations/by-token', async (ctx) => {
    requireSystem(ctx);
    const token = (ctx.request.body as Record<string, unknown>).token;
    if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(token))
      throw badRequest('token', 'token must be an activation token from the invitation email');
    const inv = await invitationOfToken(token);
    const user = await db('users').where({ id: inv.user_id }).first();
    ctx.body = { id: inv.id, linkId: inv.link_id, expiresAt: inv.expires_at, existingAccount: !user.password_is_temporary };
  });

  // Activation: the token from the email and, for a new account, a password under
  // the policy; an account that already has a password accepts with that password
  // (an invitation never resets it). Every other session of the user ends.
  r.post('/activations', async (ctx) => {
    requireSystem(ctx);
    const body = parseBody(ActivateRequestSchema, ctx.request.body, activateRules);
    const inv = await invitationOfToken(body.token);
    const s = await settings(db);
    const user = await db('users').where({ id: inv.user_id }).first();
    let passwordHash: string | undefined;
    if (user.password_is_temporary) {
      const unmet = unmetPasswordRules(body.password, passwordPolicy(s));
      if (unmet.length) throw new HttpError(400, 'weak_password', `password needs ${unmet.join(', ')}`, { field: 'password', unmet });
      passwordHash = await hash(body.password);
    } else if (!(await checkPassword(db, (q) => q.where({ id: user.id }), body.password, lockoutLimits(s), 'activation'))) {
      throw invalidCredentials();
    }
    const session = await db.transaction(async (tx) => {
      const used = await tx('invitations')
        .where({ id: inv.id, status: 'pending' })
        .where('expires_at', '>', tx.fn.now())
        .update({ status: 'used', ended_at: tx.fn.now() })
        .returning('id');
      if (used.length === 0) {
        const now = await tx('invitations').where({ id: inv.id }).first();
        throw refuseInvitation(now.status === 'pending' ? 'expired' : now.status);
      }
      if (passwordHash) {
        // Only a user who never set a password gets one here (checked again under the update).
        const set = await tx('users')
          .where({ id: inv.user_id, password_is_temporary: true })
          .update({ password_hash: passwordHash, password_is_temporary: false, failed_attempts: 0, locked_until: null });
        if (set !== 1) throw conflict('already_activated', 'this account already has a password; accept with it', { field: 'password' });
      }
      await tx('sessions').where({ user_id: inv.user_id }).whereNull('ended_at').update({ ended_at: tx.fn.now(), end_reason: 'activated' });
      return createSession(tx, inv.user_id, s);
    });
    ctx.status = 201;
    ctx.body = { ...session, userId: inv.user_id, invitationId: inv.id, linkId: inv.link_id };
  });

  // Password sign-in. Unknown login, wrong password and a locked account give the same answer.
  r.post('/sessions', async (ctx) => {
    requireSystem(ctx);
    const body = parseBody(LoginRequestSchema, ctx.request.body, loginRules);
    const s = await settings(db);
    const login = body.login.toLowerCase();
    const user = await checkPassword(db, (q) => q.where({ login }).orWhere({ email: login }), body.password, lockoutLimits(s), 'sign-in');
    if (!user) throw invalidCredentials();
    ctx.status = 201;
    ctx.body = { ...(await createSession(db, user.id, s)), userId: user.id };
  });

  async function currentSession(token: string | undefined) {
    if (!token) throw unauthorized();
    const row = await db('sessions')
      .where({ token_hash: sha256(token) })
      .whereNull('ended_at')
      .where('expires_at', '>', db.fn.now())
      .first();
    if (!row) throw unauthorized('session ended or expired; sign in again');
    return row;
  }

  r.get('/sessions/current', async (ctx) => {
    requireSystem(ctx);
    const row = await currentSession(ctx.get('x-session-token'));
    const user = await db('users').where({ id: row.user_id }).first();
    ctx.body = { sessionId: row.id, expiresAt: row.expires_at, user: userView(user) };
  });

  r.post('/sessions/current/end', async (ctx) => {
    requireSystem(ctx);
    const row = await currentSession(ctx.get('x-session-token'));
    await db('sessions').where({ id: row.id }).update({ ended_at: db.fn.now(), end_reason: 'signed_out' });
    ctx.body = { ended: true };
  });

  // Refresh rotates both tokens. A refresh token that was already rotated is a
  // stolen copy or a replay: the whole session ends.
  r.post('/sessions/refresh', async (ctx) => {
    requireSystem(ctx);
    const refreshToken = (ctx.request.body as Record<string, unknown>).refreshToken;
    if (typeof refreshToken !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(refreshToken)) throw badRequest('refreshToken', 'refreshToken is missing or malformed');
    const s = await settings(db);
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
          await audit(tx, SYSTEM_ACTOR, {
            action: 'session.ended_refresh_reuse',
            entityType: 'session',
            entityId: session.id,
            after: { userId: session.user_id },
          });
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
      throw new HttpError(
        401,
        result.error === 'reused' ? 'refresh_token_reused' : 'session_ended',
        result.error === 'reused' ? 'this refresh token was already used; the session has ended, sign in again' : 'session ended or expired; sign in again',
        { field: 'refreshToken' },
      );
    }
    ctx.status = 201;
    ctx.body = result;
  });

  // The client's own password change: the current password is required, other sessions end.
  r.post('/password', async (ctx) => {
    requireSystem(ctx);
    const row = await currentSession(ctx.get('x-session-token'));
    const body = parseBody(ChangePasswordRequestSchema, ctx.request.body, changePasswordRules);
    const s = await settings(db);
    // A wrong current password counts toward the lockout like a failed sign-in.
    const user = await checkPassword(db, (q) => q.where({ id: row.user_id }), body.currentPassword, lockoutLimits(s), 'password change');
    if (!user) throw new HttpError(400, 'wrong_password', 'the current password is not correct', { field: 'currentPassword' });
    const unmet = unmetPasswordRules(body.newPassword, passwordPolicy(s));
    if (unmet.length) throw new HttpError(400, 'weak_password', `password needs ${unmet.join(', ')}`, { field: 'newPassword', unmet });
    const passwordHash = await hash(body.newPassword);
    await db.transaction(async (tx) => {
      await tx('users').where({ id: user.id }).update({ password_hash: passwordHash });
      const ended = await tx('sessions')
        .where({ user_id: user.id })
        .whereNot({ id: row.id })
        .whereNull('ended_at')
        .update({ ended_at: tx.fn.now(), end_reason: 'password_changed' });
      await audit(
        tx,
        { kind: 'system', id: `client:${user.id}` },
        { action: 'password.changed', entityType: 'user', entityId: user.id, after: { otherSessionsEnded: ended } },
      );
    });
    ctx.body = { changed: true };
  });

  governanceRoutes(r, db, { settings, settingsView, invitationView, currentSession });
  employeeSessionRoutes(r, db);
  rateLimitRoutes(r, db);
  return createServiceApp('identity', config.internalSecret, [r]);
}
