import type Router from '@koa/router';
import type { Context } from 'koa';
import { ServiceError } from '../../../internal/client.js';
import { forward } from '../../../internal/messages.js';
import type { ClientAuth } from '../../auth/client-session.js';
import { asHttpError, callerOf, relay } from '../../upstream.js';
import type { PortalDeps } from './deps.js';

/** The client's work with the team: pipelines, requests and their conversation, documents. */
export function collaborationRoutes(signedIn: Router, { upstream: { requests, documents }, workflows }: PortalDeps, auth: ClientAuth) {
  const refused = (err: unknown, code: string) => err instanceof ServiceError && err.code === code;
  /**
   * Answers what the owning service answers the client, asked as the client
   * with their scope; the service filters in SQL. The service first checks the
   * session and the scope's epoch: a scope that changed is asked again and the
   * call made once more (the service refused it before doing anything).
   */
  function asClient(status: 200 | 201, call: (ctx: Context) => Promise<unknown>) {
    return async (ctx: Context) => {
      let answer: unknown;
      try {
        answer = await call(ctx);
      } catch (err) {
        if (refused(err, 'session_ended')) throw auth.ended(ctx);
        if (!refused(err, 'access_changed')) throw asHttpError(err);
        await auth.renew(ctx);
        answer = await relay(call(ctx));
      }
      ctx.status = status;
      ctx.body = answer;
    };
  }

  const id = (ctx: Context) => ctx.params.id!;
  signedIn.get(
    '/pipelines',
    asClient(200, (ctx) => requests.clientPipelines(callerOf(ctx))),
  );
  signedIn.get(
    '/requests',
    asClient(200, (ctx) => requests.clientRequests(callerOf(ctx))),
  );
  signedIn.post(
    '/requests',
    asClient(201, (ctx) => requests.createClientRequest(callerOf(ctx), forward(ctx.request.body))),
  );
  signedIn.get(
    '/requests/:id',
    asClient(200, (ctx) => requests.clientRequest(callerOf(ctx), id(ctx))),
  );
  signedIn.get(
    '/requests/:id/messages',
    asClient(200, (ctx) => requests.requestMessages(callerOf(ctx), id(ctx))),
  );
  signedIn.post(
    '/requests/:id/messages',
    asClient(201, (ctx) => requests.postRequestMessage(callerOf(ctx), id(ctx), forward(ctx.request.body))),
  );
  signedIn.get(
    '/requests/:id/notes',
    asClient(200, (ctx) => requests.notes(callerOf(ctx), id(ctx))),
  );
  signedIn.post(
    '/requests/:id/notes',
    asClient(201, (ctx) => requests.addNote(callerOf(ctx), id(ctx), forward(ctx.request.body))),
  );
  signedIn.delete(
    '/requests/:id/notes/:noteId',
    asClient(200, (ctx) => requests.deleteNote(callerOf(ctx), id(ctx), ctx.params.noteId!)),
  );
  signedIn.get(
    '/companies/:companyId/channel/messages',
    asClient(200, (ctx) => requests.clientChannel(callerOf(ctx), ctx.params.companyId!)),
  );
  signedIn.post(
    '/companies/:companyId/channel/messages',
    asClient(201, (ctx) => requests.postClientChannel(callerOf(ctx), ctx.params.companyId!, forward(ctx.request.body))),
  );
  signedIn.get(
    '/documents',
    asClient(200, (ctx) => documents.clientDocuments(callerOf(ctx))),
  );
  signedIn.get(
    '/documents/:id',
    asClient(200, (ctx) => documents.clientDocument(callerOf(ctx), id(ctx))),
  );
  signedIn.post(
    '/documents/:id/responses',
    asClient(201, async (ctx) => {
      const card = await documents.respond(callerOf(ctx), id(ctx), forward(ctx.request.body));
      // A signer's decline ended the signature request: its workflow ends now.
      await workflows.wakeSignatures(card.signatureRequestsChanged);
      return card;
    }),
  );
}
