import type Router from '@koa/router';
import type { Context } from 'koa';
import { forward } from '../../../internal/messages.js';
import { callerOf, relay } from '../../upstream.js';
import type { PortalDeps } from './deps.js';

/** Answers what the owning service answers the client, asked as the client with their scope; the service filters in SQL. */
function asClient(status: 200 | 201, call: (ctx: Context) => Promise<unknown>) {
  return async (ctx: Context) => {
    const answer = await relay(call(ctx));
    ctx.status = status;
    ctx.body = answer;
  };
}

/** The client's work with the team: pipelines, requests and their conversation, documents. */
export function collaborationRoutes(signedIn: Router, { upstream: { requests, documents } }: PortalDeps) {
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
    '/documents',
    asClient(200, (ctx) => documents.clientDocuments(callerOf(ctx))),
  );
  signedIn.get(
    '/documents/:id',
    asClient(200, (ctx) => documents.clientDocument(callerOf(ctx), id(ctx))),
  );
}
