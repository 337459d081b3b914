import type { DocumentsClient } from '../../../internal/clients/documents.js';
import type { RequestsClient } from '../../../internal/clients/requests.js';
import type { Plain } from '../../../internal/messages.js';
import { unprocessable } from '../../../lib/errors.js';
import type { VisibilityDiff } from '../../../proto/gen/extranet/v1/common_pb.js';
import type { ImpactValid, LinkImpactValid, ObjectChange } from '../../../proto/gen/extranet/v1/policy_pb.js';
import { permissionDiff, scopeOf, type AccessState } from './scope.js';

const counted = (d: Plain<VisibilityDiff>): Plain<ObjectChange> => ({ gained: d.gained.length, lost: d.lost.length, gainedIds: d.gained, lostIds: d.lost });

export interface ImpactDeps {
  requests: RequestsClient;
  documents: DocumentsClient;
}

/**
 * The impact of going from one access state to another: each link whose scope
 * changes, with what it gains and loses. The objects are counted by the
 * services that own them, against the two scopes.
 */
export async function impactOf(deps: ImpactDeps, before: AccessState, after: AccessState): Promise<Plain<ImpactValid>> {
  const links: Plain<LinkImpactValid>[] = [];
  for (const linkId of new Set([...before.links.keys(), ...after.links.keys()])) {
    const link = (after.links.get(linkId) ?? before.links.get(linkId))!;
    const was = scopeOf(before, linkId);
    const will = scopeOf(after, linkId);
    if (JSON.stringify(was) === JSON.stringify(will)) continue;
    const [requests, documents] = await Promise.all([
      deps.requests.visibility(deps.requests.system, { before: was, after: will }),
      deps.documents.visibility(deps.documents.system, { contactId: link.contactId, before: was, after: will }),
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
export async function assertPipelinesExist(requests: RequestsClient, ids: string[]): Promise<void> {
  if (!ids.length) return;
  const { pipelines } = await requests.allPipelines(requests.system);
  const unknown = ids.filter((id) => !pipelines.some((p) => p.id === id));
  if (unknown.length) throw unprocessable('pipelineIds', `pipelineIds names unknown pipelines: ${unknown.join(', ')}`);
}
