import Router from '@koa/router';
import type { Knex } from 'knex';
import { isUuid } from '../../../lib/http.js';
import { requireStaff } from '../../../internal/service-app.js';
import { badRequest, notFound } from '../../../lib/errors.js';
import { ServiceError } from '../../../internal/client.js';
import type { DocumentsClient } from '../../../internal/clients/documents.js';
import type { IdentityClient } from '../../../internal/clients/identity.js';
import type { RequestsClient } from '../../../internal/clients/requests.js';
import type { Plain } from '../../../internal/messages.js';
import type { DiagnosisValid } from '../../../proto/gen/extranet/v1/policy_pb.js';
import { DIAGNOSTIC_OBJECTS, oneOf, type DiagnosticObject } from '../../../domain/vocabulary.js';
import { loadAccessState, type AccessState } from '../access/scope.js';
import { findLink } from '../links/details.js';
import { diagnose, type DiagnosisFacts } from './diagnose.js';

export interface DiagnosticsDeps {
  identity: IdentityClient;
  requests: RequestsClient;
  documents: DocumentsClient;
}

/** A service's answer, or undefined when it says 404. */
async function unlessMissing<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (err) {
    if (err instanceof ServiceError && err.status === 404) return undefined;
    throw err;
  }
}

/** Fetches what diagnose needs from the services that own it: the portal user, the object, a foreign company's name. */
export async function gatherFacts(db: Knex, deps: DiagnosticsDeps, state: AccessState, linkId: string, asked?: { type: DiagnosticObject; id: string }) {
  const link = state.links.get(linkId)!;
  const facts: DiagnosisFacts = { user: await unlessMissing(deps.identity.user(deps.identity.system, link.userId)) };
  if (!asked) return facts;
  type Found = Omit<NonNullable<DiagnosisFacts['object']>, 'type' | 'id'>;
  let found: Found | undefined;
  if (asked.type === 'document') found = await unlessMissing(deps.documents.documentFacts(deps.documents.system, asked.id));
  else if (asked.type === 'pipeline') {
    const { pipelines } = await deps.requests.allPipelines(deps.requests.system);
    const p = pipelines.find((x) => x.id === asked.id);
    if (p) found = { companyId: '', pipelineId: p.id, pipelineName: p.name, title: p.name };
  } else found = await unlessMissing(deps.requests.requestFacts(deps.requests.system, asked.id));
  if (!found) throw notFound(asked.type);
  facts.object = { ...found, type: asked.type, id: asked.id };
  if (found.companyId && !link.companyIds.includes(found.companyId))
    facts.foreignCompanyName = (await db('companies').where({ id: found.companyId }).first())?.name;
  return facts;
}

/** Why a client can or cannot reach something: the first element that denies, and the change that would grant it. */
export function diagnosticsRoutes(db: Knex, deps: DiagnosticsDeps): Router {
  const r = new Router();
  r.get('/links/:id/diagnostics', async (ctx) => {
    const link = await findLink(db, ctx.params.id, requireStaff(ctx));
    const { objectType, objectId } = ctx.query;
    const type = oneOf(DIAGNOSTIC_OBJECTS, objectType);
    if (objectType !== undefined && !type) throw badRequest('objectType', `objectType must be one of ${DIAGNOSTIC_OBJECTS.join(', ')}`);
    if (type && !isUuid(objectId)) throw badRequest('objectId', 'objectId must be a uuid');
    const state = await loadAccessState(db, (q) => q.where({ id: link.id }));
    const facts = await gatherFacts(db, deps, state, link.id, type ? { type, id: objectId as string } : undefined);
    ctx.body = diagnose(state, link.id, facts) satisfies Plain<DiagnosisValid>;
  });
  return r;
}
