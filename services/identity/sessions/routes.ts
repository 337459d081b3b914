import Router from '@koa/router';
import type { Knex } from 'knex';
import { isUuid } from '../../../lib/http.js';
import { requireStaff, requireSystem } from '../../../internal/service-app.js';
import { badRequest, notFound } from '../../../lib/errors.js';
import { parseBody } from '../../../lib/validate.js';
import { ChangePasswordRequestSchema, LoginRequestSchema } from '../../../proto/gen/extranet/v1/portal_pb.js';
import { HttpError } from '../../../lib/errors.js';
import { loadSettings, lockoutLimits } from '../settings/settings.js';
import { checkPassword } from './sign-in.js';
import { userView } from '../users/users.js';
import { isoTime, type Plain } from '../../../internal/messages.js';
import {
  ConfirmPasswordRequestSchema,
  EndSessionsRequestSchema,
  type PasswordConfirmed,
  RefreshSessionRequestSchema,
  type CurrentSessionValid,
  type PasswordChanged,
  type SessionEnded,
  type SessionList,
  type SessionsEnded,
} from '../../../proto/gen/extranet/v1/identity_pb.js';
import { changePassword, currentSession, endSessionsOfUser, refreshSession, sessionView, signIn, tokensView } from './sessions.js';

/** Client sessions: sign-in, the session of a token, sign-out, refresh, password change; the employees' view of them. */
export function sessionRoutes(db: Knex): Router {
  const r = new Router();
  const sessionOf = (ctx: { get(name: string): string }) => currentSession(db, ctx.get('x-session-token'));

  r.post('/sessions', async (ctx) => {
    requireSystem(ctx);
    const input = parseBody(LoginRequestSchema, ctx.request.body);
    ctx.status = 201;
    ctx.body = tokensView(await signIn(db, await loadSettings(db), input.login, input.password));
  });

  r.get('/sessions/current', async (ctx) => {
    requireSystem(ctx);
    const session = await sessionOf(ctx);
    ctx.body = {
      sessionId: session.id,
      expiresAt: isoTime(session.expires_at),
      user: userView({ ...session, id: session.user_id }),
    } satisfies Plain<CurrentSessionValid>;
  });

  r.post('/sessions/current/end', async (ctx) => {
    requireSystem(ctx);
    const session = await sessionOf(ctx);
    await db('sessions').where({ id: session.id }).update({ ended_at: db.fn.now(), end_reason: 'signed_out' });
    ctx.body = { ended: true } satisfies Plain<SessionEnded>;
  });

  r.post('/sessions/refresh', async (ctx) => {
    requireSystem(ctx);
    const { refreshToken } = parseBody(RefreshSessionRequestSchema, ctx.request.body);
    ctx.status = 201;
    ctx.body = tokensView(await refreshSession(db, await loadSettings(db), refreshToken));
  });

  r.post('/password', async (ctx) => {
    requireSystem(ctx);
    const session = await sessionOf(ctx);
    await changePassword(db, await loadSettings(db), session, parseBody(ChangePasswordRequestSchema, ctx.request.body));
    ctx.body = { changed: true } satisfies Plain<PasswordChanged>;
  });

  // Before a signature: the signed-in client types their password again. A wrong one counts toward the lockout like a failed sign-in.
  r.post('/sessions/current/confirm-password', async (ctx) => {
    requireSystem(ctx);
    const session = await sessionOf(ctx);
    const { password } = parseBody(ConfirmPasswordRequestSchema, ctx.request.body);
    const user = await checkPassword(db, (q) => q.where({ id: session.user_id }), password, lockoutLimits(await loadSettings(db)), 'signature');
    if (!user) throw new HttpError(400, 'wrong_password', 'the password is not correct', { field: 'password' });
    ctx.body = { userId: session.user_id, sessionId: session.id } satisfies Plain<PasswordConfirmed>;
  });

  r.get('/sessions', async (ctx) => {
    requireStaff(ctx);
    if (!isUuid(ctx.query.userId)) throw badRequest('userId', 'userId must be a uuid');
    const rows = await db('sessions').where({ user_id: ctx.query.userId }).orderBy('created_at', 'desc').limit(50);
    ctx.body = { sessions: rows.map(sessionView) } satisfies Plain<SessionList>;
  });

  // An employee ends every session of a client (also used when a link is disabled or revoked).
  r.post('/users/:id/sessions/end', async (ctx) => {
    const actor = requireStaff(ctx);
    if (!isUuid(ctx.params.id)) throw notFound('user');
    const reason = parseBody(EndSessionsRequestSchema, ctx.request.body).reason || 'ended_by_employee';
    ctx.body = { ended: await endSessionsOfUser(db, actor, ctx.params.id, reason) } satisfies Plain<SessionsEnded>;
  });
  return r;
}
