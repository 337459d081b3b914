import type Router from '@koa/router';
import { parseBody } from '../../../lib/validate.js';
import { SignRequestSchema } from '../../../proto/gen/extranet/v1/documents_pb.js';
import { CLIENT_COOKIE, parseClientCookie } from '../../auth/cookies.js';
import { callerOf, relay } from '../../upstream.js';
import { uuidParam } from '../params.js';
import type { PortalDeps } from './deps.js';

/**
 * A signature (seed page 002): the signer types their password again and
 * identity checks it (a wrong one counts toward the lockout); the documents
 * service then records the signature with its evidence, the session and the
 * address it came from, and the request's workflow is woken.
 */
export function signatureRoutes(signedIn: Router, { upstream: { identity, documents }, workflows, limit }: PortalDeps) {
  signedIn.post('/documents/:id/signature', limit('password'), async (ctx) => {
    const documentId = uuidParam(ctx, 'id', 'document');
    const { password } = parseBody(SignRequestSchema, ctx.request.body);
    const token = parseClientCookie(ctx.cookies.get(CLIENT_COOKIE))!.token;
    const confirmed = await relay(identity.confirmPassword(identity.system, token, { password }));
    const card = await relay(
      documents.sign(callerOf(ctx), documentId, {
        sessionId: confirmed.sessionId,
        address: ctx.ip.slice(0, 100),
        userAgent: (ctx.get('user-agent') || '').slice(0, 500),
      }),
    );
    await workflows.wakeSignatures(card.signatureRequestsChanged);
    ctx.status = 201;
    ctx.body = card;
  });
}
