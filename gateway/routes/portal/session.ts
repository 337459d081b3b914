import type Router from '@koa/router';
import { HttpError } from '../../../lib/errors.js';
import { ServiceError } from '../../../internal/client.js';
import { parseBody } from '../../../lib/validate.js';
import { ActivateRequestSchema } from '../../../proto/gen/extranet/v1/portal_pb.js';
import { forward } from '../../../internal/messages.js';
import { CLIENT_COOKIE, REFRESH_COOKIE, clearClientCookies, parseClientCookie, setClientCookies } from '../../auth/cookies.js';
import { relay } from '../../upstream.js';
import type { PortalDeps } from './deps.js';

/** Getting in and out of the portal: activation from the invitation email, sign-in, refresh, sign-out. */
export function sessionRoutes(portal: Router, { config, upstream: { identity, policy }, workflows, limit }: PortalDeps) {
  const gateway = identity.system;
  const signInLimit = limit('sign-in');

  /** The invitation of an activation token, refused unless its link is active (a disabled link's invitation opens nothing). */
  async function activeInvitation(body: unknown) {
    const token = (body as Record<string, unknown> | undefined)?.token;
    const invitation = await relay(identity.invitationOfToken(gateway, forward({ token })));
    const link = await relay(policy.link(gateway, invitation.linkId));
    if (link.status !== 'active') throw new HttpError(410, 'link_not_active', 'this access is not active any more; ask your manager', { field: 'token' });
    return invitation;
  }

  // Before asking for a password: a new account sets one, an existing account accepts with its own.
  portal.post('/activation-info', signInLimit, async (ctx) => {
    const invitation = await activeInvitation(ctx.request.body);
    ctx.body = { existingAccount: invitation.existingAccount, expiresAt: invitation.expiresAt };
  });

  portal.post('/activate', signInLimit, async (ctx) => {
    parseBody(ActivateRequestSchema, ctx.request.body);
    await activeInvitation(ctx.request.body);
    const session = await relay(identity.activate(gateway, forward(ctx.request.body)));
    setClientCookies(ctx, config, session);
    await workflows.notifyInvitation(session.invitationId, 'activated');
    ctx.status = 201;
    ctx.body = { signedIn: true, userId: session.userId };
  });

  portal.post('/login', signInLimit, async (ctx) => {
    const session = await relay(identity.signIn(gateway, forward(ctx.request.body)));
    setClientCookies(ctx, config, session);
    ctx.status = 201;
    ctx.body = { signedIn: true, userId: session.userId };
  });

  // Rotates both tokens; a reused refresh token ends the session (identity decides).
  portal.post('/refresh', signInLimit, async (ctx) => {
    const refreshToken = ctx.cookies.get(REFRESH_COOKIE);
    if (!refreshToken) throw new HttpError(401, 'unauthenticated', 'sign in to the portal');
    try {
      setClientCookies(ctx, config, await relay(identity.refreshSession(gateway, refreshToken)));
    } catch (err) {
      clearClientCookies(ctx, config);
      throw err;
    }
    ctx.status = 201;
    ctx.body = { refreshed: true };
  });

  portal.post('/logout', async (ctx) => {
    const cookie = parseClientCookie(ctx.cookies.get(CLIENT_COOKIE));
    if (cookie) {
      try {
        await identity.endSession(gateway, cookie.token);
      } catch (err) {
        // Already ended: signing out is done either way.
        if (!(err instanceof ServiceError && err.status === 401)) throw err;
      }
    }
    clearClientCookies(ctx, config);
    ctx.body = { signedOut: true };
  });
}
