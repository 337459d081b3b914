import type { Knex } from 'knex';
import { hash } from '@node-rs/argon2';
import { HttpError, badRequest, conflict, notFound } from '../../../lib/errors.js';
import { audit } from '../../../lib/audit.js';
import { isUuid } from '../../../lib/http.js';
import type { Actor } from '../../../internal/actor.js';
import { newToken, sha256 } from '../tokens.js';
import { loadSettings, lockoutLimits, passwordPolicy } from '../settings/settings.js';
import { createSession, invalidCredentials } from '../sessions/sessions.js';
import { checkPassword } from '../sessions/sign-in.js';
import { unmetPasswordRules } from '../sessions/password-policy.js';
import { isoTime, isoTimeOrNull, type Plain } from '../../../internal/messages.js';
import type { Activation, Invitation, InvitationDelivery } from '../../../proto/gen/extranet/v1/identity_pb.js';

type Who = Pick<Actor, 'kind' | 'id'>;

export const invitationView = (i: Record<string, any>): Plain<Invitation> => ({
  id: i.id as string,
  linkId: i.link_id as string,
  userId: i.user_id as string,
  contactId: i.contact_id as string,
  email: i.email as string,
  status: i.status as string,
  issuedBy: i.issued_by as string,
  issuedAt: isoTime(i.issued_at),
  expiresAt: isoTime(i.expires_at),
  emailSentAt: isoTimeOrNull(i.email_sent_at),
  endedAt: isoTimeOrNull(i.ended_at),
});

/**
 * Records an invitation of a link for the link's user, at that user's own
 * address (idempotent on its id); a re-issue revokes the link's pending one
 * first, in the same transaction.
 */
export async function recordInvitation(db: Knex, caller: Who, input: { id: string; linkId: string; userId: string; contactId: string; issuedBy: string }) {
  return db.transaction(async (tx) => {
    const existing = await tx('invitations').where({ id: input.id }).first();
    if (existing) return { invitation: existing, revokedInvitationIds: [] as string[] };
    const user = await tx('users').where({ id: input.userId }).first();
    if (!user) throw new HttpError(422, 'invalid_reference', 'userId names no portal user', { field: 'userId' });
    const revoked: { id: string }[] = await tx('invitations')
      .where({ link_id: input.linkId, status: 'pending' })
      .update({ status: 'revoked', ended_at: tx.fn.now() })
      .returning('id');
    const s = await loadSettings(tx);
    const [row] = await tx('invitations')
      .insert({
        id: input.id,
        link_id: input.linkId,
        user_id: input.userId,
        contact_id: input.contactId,
        email: user.email,
        status: 'pending',
        issued_by: input.issuedBy,
        expires_at: tx.raw(`now() + make_interval(secs => ?)`, [s.invitation_lifetime_seconds]),
      })
      .returning('*');
    const who: Who = isUuid(input.issuedBy) ? { kind: 'employee', id: input.issuedBy } : caller;
    for (const old of revoked)
      await audit(tx, who, {
        action: 'invitation.revoked',
        entityType: 'invitation',
        entityId: old.id,
        linkId: input.linkId,
        before: { status: 'pending' },
        after: { status: 'revoked', reason: 'replaced by a new invitation' },
      });
    await audit(tx, who, {
      action: 'invitation.issued',
      entityType: 'invitation',
      entityId: input.id,
      linkId: input.linkId,
      after: { contactId: input.contactId, email: row.email, expiresAt: row.expires_at },
    });
    return { invitation: row, revokedInvitationIds: revoked.map((x) => x.id) };
  });
}

export async function findInvitation(db: Knex, id: unknown) {
  const row = isUuid(id) ? await db('invitations').where({ id }).first() : undefined;
  if (!row) throw notFound('invitation');
  return row;
}

/**
 * The token is made here, handed once to the sending activity over the
 * internal network, and stored only as a hash. It goes to the invited user's
 * own address, and only for an invitation recorded here for that link. A retry
 * after a send that was recorded sends nothing; a retry before that makes a new
 * token, so the email is sent at least once and only the newest link works.
 */
export async function prepareDelivery(db: Knex, id: unknown, linkId: string): Promise<Plain<InvitationDelivery>> {
  return db.transaction(async (tx) => {
    const inv = isUuid(id) ? await tx('invitations').where({ id }).forUpdate().first() : undefined;
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
      email: user.email as string,
      firstName: user.first_name as string,
      lastName: user.last_name as string,
      expiresAt: isoTime(inv.expires_at),
      existingAccount: !user.password_is_temporary,
    };
  });
}

/** Ends a pending invitation; the conditional update makes the race with activation harmless. */
export async function endInvitation(db: Knex, id: unknown, status: 'expired' | 'revoked', onlyIfDue: boolean) {
  const row = await findInvitation(db, id);
  const updated = await db('invitations')
    .where({ id: row.id, status: 'pending' })
    .modify((b) => (onlyIfDue ? b.where('expires_at', '<=', db.fn.now()) : b))
    .update({ status, ended_at: db.fn.now() })
    .returning('*');
  return { invitation: updated[0] ?? row, changed: updated.length === 1 };
}

/** Revokes every pending invitation of a link (the collaboration ends), on the record. */
export async function revokePendingOfLink(db: Knex, actor: Who, linkId: string) {
  return db.transaction(async (tx) => {
    const revoked = await tx('invitations').where({ link_id: linkId, status: 'pending' }).update({ status: 'revoked', ended_at: tx.fn.now() }).returning('*');
    for (const inv of revoked)
      await audit(tx, actor, {
        action: 'invitation.revoked',
        entityType: 'invitation',
        entityId: inv.id,
        linkId: inv.link_id,
        before: { status: 'pending' },
        after: { status: 'revoked', reason: 'link ended' },
      });
    return revoked;
  });
}

function refuseInvitation(status: string) {
  if (status === 'used') return new HttpError(410, 'invitation_used', 'this invitation was already used; sign in with your password', { field: 'token' });
  if (status === 'revoked') return new HttpError(410, 'invitation_revoked', 'this invitation was revoked; ask your manager for a new one', { field: 'token' });
  return new HttpError(410, 'invitation_expired', 'this invitation has expired; ask your manager for a new one', { field: 'token' });
}

/** The pending, unexpired invitation of an activation token, or the refusal that says why not. */
export async function invitationOfToken(db: Knex, token: string) {
  const inv = await db('invitations')
    .where({ token_hash: sha256(token) })
    .first();
  if (!inv) throw badRequest('token', 'this activation link is not valid', 'invitation_invalid');
  if (inv.status !== 'pending') throw refuseInvitation(inv.status);
  if (new Date(inv.expires_at).getTime() <= Date.now()) throw refuseInvitation('expired');
  return inv;
}

/**
 * Activation: the token from the email and, for a new account, a password
 * under the policy; an account that already has a password accepts with that
 * password (an invitation never resets it). Every other session of the user ends.
 */
export async function activate(db: Knex, token: string, password: string): Promise<Plain<Activation>> {
  const inv = await invitationOfToken(db, token);
  const s = await loadSettings(db);
  const user = await db('users').where({ id: inv.user_id }).first();
  let passwordHash: string | undefined;
  if (user.password_is_temporary) {
    const unmet = unmetPasswordRules(password, passwordPolicy(s));
    if (unmet.length) throw new HttpError(400, 'weak_password', `password needs ${unmet.join(', ')}`, { field: 'password', unmet });
    passwordHash = await hash(password);
  } else if (!(await checkPassword(db, (q) => q.where({ id: user.id }), password, lockoutLimits(s), 'activation'))) {
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
  return {
    sessionId: session.sessionId,
    token: session.token,
    expiresAt: isoTime(session.expiresAt),
    refreshToken: session.refreshToken,
    refreshExpiresAt: isoTime(session.refreshExpiresAt),
    userId: inv.user_id as string,
    invitationId: inv.id as string,
    linkId: inv.link_id as string,
  };
}
