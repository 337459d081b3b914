import { DOCUMENT_ACTION_WORDS, REQUEST_STATUS_WORDS } from '../../domain/wording.js';
import type { Actor } from '../../internal/actor.js';
import type { DocumentsClient } from '../../internal/clients/documents.js';
import type { IdentityClient } from '../../internal/clients/identity.js';
import type { PolicyClient } from '../../internal/clients/policy.js';
import type { RequestsClient } from '../../internal/clients/requests.js';
import type { Plain } from '../../internal/messages.js';
import type { NewNotification } from '../../proto/gen/extranet/v1/notifications_pb.js';
import type { Event } from './messages.js';

const WORKER: Actor = { kind: 'system', id: 'worker' };

export interface ComposeDeps {
  identity: IdentityClient;
  policy: PolicyClient;
  requests: RequestsClient;
  documents: DocumentsClient;
}

const words = (table: Record<string, string>, value: string) => table[value] ?? value;
const quoted = (title: string) => `“${title}”`;

/** Missing objects are withheld, not retried: a deleted request or document has nothing to tell. */
const orNothing = <T>(p: Promise<T>) => p.catch((err: { status?: number }) => (err.status === 404 ? undefined : Promise.reject(err)));

/**
 * What one event tells one recipient now, or undefined when they may not see
 * it any more: a client through the portal's own scope code (policy), an
 * employee while they still govern the company and take part. Composed from
 * the objects as they are now (a status's next step, a document's title), so
 * nothing an earlier state showed, and no internal comment, reaches anyone.
 */
export async function compose(
  deps: ComposeDeps,
  event: Event,
  to: { recipientId: string; audience: string },
  employees: () => ReturnType<IdentityClient['employees']>,
): Promise<Plain<NewNotification> | undefined> {
  const { policy, requests, documents } = deps;
  const item = (title: string, body: string, url: string) => ({ eventId: event.id, kind: event.kind, title, body, url });
  const sees = async (q: { companyId: string; permission?: string; pipelineId?: string; contactId?: string }) =>
    (await policy.notificationAudience(WORKER, { permission: '', pipelineId: '', contactId: '', ...q, userIds: [to.recipientId] })).audience.length > 0;
  const governs = async (companyId: string) => {
    const me = (await employees()).employees.find((e) => e.id === to.recipientId);
    return !!me && (await policy.employeeGoverns(WORKER, { employeeId: me.id, role: me.role, companyId })).governs;
  };

  if (event.requestId) {
    const r = await orNothing(requests.requestFacts(WORKER, event.requestId));
    if (!r) return undefined;
    if (to.audience === 'client') {
      const reply = event.kind === 'request_reply';
      if (!(await sees({ companyId: r.companyId, pipelineId: r.pipelineId, permission: reply ? 'requestChatRead' : '' }))) return undefined;
      if (reply) return item(`New reply in ${quoted(r.title)}`, 'The team replied in your request.', '/extranet');
      const next = r.status === 'waiting_for_client' && r.nextStep ? ` Next step for you: ${r.nextStep}` : '';
      return item(`${quoted(r.title)} is now ${words(REQUEST_STATUS_WORDS, r.status).toLowerCase()}`, `The request changed status.${next}`, '/extranet');
    }
    if (!r.teamIds.includes(to.recipientId) || !(await governs(r.companyId))) return undefined;
    if (event.kind === 'request_handed_over')
      return item(`Handed over to you: ${quoted(r.title)}`, 'Its client’s collaboration ended; the request is yours now.', '/extranet-governance#requests');
    const created = event.kind === 'request_created';
    return item(
      created ? `New client request: ${quoted(r.title)}` : `Client message in ${quoted(r.title)}`,
      `${r.pipelineName} pipeline.`,
      '/extranet-governance#requests',
    );
  }

  const d = await orNothing(documents.documentFacts(WORKER, event.documentId));
  if (!d) return undefined;
  if (to.audience === 'client') {
    if (d.status !== 'published' || !(await sees({ companyId: d.companyId, permission: 'documents', contactId: d.contactId ?? '' }))) return undefined;
    const url = `/extranet/documents/${d.id}`;
    if (event.kind === 'document_published') return item(`New document: ${quoted(d.title)}`, 'A document was published for you.', url);
    return item(`A document ${words(DOCUMENT_ACTION_WORDS, d.expectedAction)}: ${quoted(d.title)}`, 'The team asks you to act on it.', url);
  }
  if (d.createdBy !== to.recipientId || !(await governs(d.companyId))) return undefined;
  return item(`A client answered ${quoted(d.title)}`, 'See the answer in the document.', '/extranet-governance#documents');
}
