import type { ServiceClient } from '../../../internal/client.js';
import { unprocessable } from '../../../lib/errors.js';
import { permissionDiff, scopeOf, type AccessState } from './scope.js';

type Diff = { gained: string[]; lost: string[] };
const counted = (d: Diff) => ({ gained: d.gained.length, lost: d.lost.length, gainedIds: d.gained, lostIds: d.lost });

export interface ImpactDeps {
  requests: ServiceClient;
  documents: ServiceClient;
}

/** What a change does, per affected link: permissions per company, and requests, chats and documents by count and id. */
export type Impact = Awaited<ReturnType<typeof impactOf>>;

/**
 * The impact of going from one access state to another: each link whose scope
 * changes, with what it gains and loses. The objects are counted by the
 * services that own them, against the two scopes.
 */
export async function impactOf(deps: ImpactDeps, before: AccessState, after: AccessState) {
  const links = [];
  for (const linkId of new Set([...before.links.keys(), ...after.links.keys()])) {
    const link = (after.links.get(linkId) ?? before.links.get(linkId))!;
    const was = scopeOf(before, linkId);
    const will = scopeOf(after, linkId);
    if (JSON.stringify(was) === JSON.stringify(will)) continue;
    const [requests, documents] = await Promise.all([
      deps.requests.post<{ requests: Diff; chats: Diff }>(deps.requests.system, '/internal/visibility', { before: was, after: will }),
      deps.documents.post<{ documents: Diff }>(deps.documents.system, '/internal/visibility', { contactId: link.contactId, before: was, after: will }),
    ]);
    links.push({
      linkId,
      contactId: link.contactId,
      contactName: (after.contacts.get(link.contactId) ?? before.contacts.get(link.contactId))?.name ?? '',
      permissions: permissionDiff(was, will),
      requests: counted(requests.requests),
      chats: counted(requests.chats),
      documents: counted(documents.documents),
    });
  }
  return { affectedLinks: links.length, links };
}

/** Refuses pipeline ids the requests service does not know. */
export async function assertPipelinesExist(requests: ServiceClient, ids: string[]): Promise<void> {
  if (!ids.length) return;
  const { pipelines } = await requests.get<{ pipelines: { id: string }[] }>(requests.system, '/internal/pipelines');
  const unknown = ids.filter((id) => !pipelines.some((p) => p.id === id));
  if (unknown.length) throw unprocessable('pipelineIds', `pipelineIds names unknown pipelines: ${unknown.join(', ')}`);
}
