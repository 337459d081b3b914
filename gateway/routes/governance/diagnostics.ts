import type Router from '@koa/router';
import type { Actor } from '../../../internal/actor.js';
import type { Permission } from '../../../domain/vocabulary.js';
import { callerOf, relay, textQuery } from '../../upstream.js';
import { uuidParam } from '../params.js';
import type { GovernanceDeps } from './deps.js';

/** Diagnostics (why a client can or cannot reach an object) and "view as this client". */
export function diagnosticsRoutes(gov: Router, { upstream: { policy, requests, documents } }: GovernanceDeps) {
  gov.get('/links/:id/diagnostics', async (ctx) => {
    const linkId = uuidParam(ctx, 'id', 'link');
    ctx.body = await relay(policy.diagnose(callerOf(ctx), linkId, textQuery(ctx)));
  });

  // What the client sees, section by section, read by the services with the client's own scope, without signing in as them.
  gov.get('/links/:id/view-as', async (ctx) => {
    const scope = await relay(policy.linkScope(callerOf(ctx), uuidParam(ctx, 'id', 'link')));
    const asClient: Actor = {
      kind: 'client',
      id: scope.userId,
      name: 'view-as',
      linkId: scope.linkId,
      contactId: scope.contactId,
      companies: scope.companies,
      vouch: { source: 'view-as', employeeId: ctx.state.employee.id },
    };
    const [visibleRequests, visibleDocuments, visiblePipelines] = await Promise.all([
      relay(requests.clientRequests(asClient)),
      relay(documents.clientDocuments(asClient)),
      relay(requests.clientPipelines(asClient)),
    ]);
    const can = (p: Permission) => scope.companies.some((c) => c.permissions.includes(p));
    const chatReadable = visibleRequests.requests.filter((r) =>
      scope.companies.some((c) => c.companyId === r.companyId && c.permissions.includes('requestChatRead')),
    );
    ctx.body = {
      linkId: scope.linkId,
      status: scope.status,
      companies: scope.companies,
      sections: {
        requests: {
          visible: visibleRequests.requests.length,
          items: visibleRequests.requests.map((r) => ({ id: r.id, title: r.title, status: r.status })),
          canCreate: can('requestCreate'),
        },
        requestChat: { readable: chatReadable.length, canSend: can('requestChatSend') },
        pipelines: visiblePipelines.pipelines,
        documents: { visible: visibleDocuments.documents.length, items: visibleDocuments.documents.map((d) => ({ id: d.id, title: d.title })) },
        generalChat: can('generalChat'),
        calls: can('calls'),
        telegram: can('telegram'),
        widget: can('widget'),
      },
    };
  });
}
