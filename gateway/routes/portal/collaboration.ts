import type Router from '@koa/router';
import type { Context } from 'koa';
import type { ServiceClient } from '../../../internal/client.js';
import { callerOf, relay } from '../../upstream.js';
import type { PortalDeps } from './deps.js';

/** Passes a portal call to the service that owns it, as the client with their scope; the service filters in SQL. */
function asClient(service: ServiceClient, method: 'GET' | 'POST', path: (ctx: Context) => string) {
  return async (ctx: Context) => {
    const answer = await relay(service.call(callerOf(ctx), method, path(ctx), method === 'POST' ? ctx.request.body : undefined));
    ctx.status = method === 'POST' ? 201 : 200;
    ctx.body = answer;
  };
}

/** The client's work with the team: pipelines, requests and their conversation, documents. */
export function collaborationRoutes(signedIn: Router, { upstream: { requests, documents } }: PortalDeps) {
  const requestId = (ctx: Context) => encodeURIComponent(ctx.params.id!);
  signedIn.get(
    '/pipelines',
    asClient(requests, 'GET', () => '/portal/pipelines'),
  );
  signedIn.get(
    '/requests',
    asClient(requests, 'GET', () => '/portal/requests'),
  );
  signedIn.post(
    '/requests',
    asClient(requests, 'POST', () => '/portal/requests'),
  );
  signedIn.get(
    '/requests/:id',
    asClient(requests, 'GET', (ctx) => `/portal/requests/${requestId(ctx)}`),
  );
  signedIn.get(
    '/requests/:id/messages',
    asClient(requests, 'GET', (ctx) => `/portal/requests/${requestId(ctx)}/messages`),
  );
  signedIn.post(
    '/requests/:id/messages',
    asClient(requests, 'POST', (ctx) => `/portal/requests/${requestId(ctx)}/messages`),
  );
  signedIn.get(
    '/documents',
    asClient(documents, 'GET', () => '/portal/documents'),
  );
  signedIn.get(
    '/documents/:id',
    asClient(documents, 'GET', (ctx) => `/portal/documents/${encodeURIComponent(ctx.params.id!)}`),
  );
}
