import { PERMISSIONS, type Permission } from '../../../domain/vocabulary.js';

/** A policy: permissions and allowed pipelines. */
export interface Policy {
  permissions: Permission[];
  pipelineIds: string[];
}

/**
 * Effective policy = company policy ∩ contact policy. A missing policy grants
 * nothing, so the result can never be wider than either side.
 */
export function effectivePolicy(company: Policy | undefined, contact: Policy | undefined): Policy {
  if (!company || !contact) return { permissions: [], pipelineIds: [] };
  const perms = new Set(contact.permissions);
  const pipes = new Set(contact.pipelineIds);
  return {
    permissions: PERMISSIONS.filter((p) => company.permissions.includes(p) && perms.has(p)),
    pipelineIds: company.pipelineIds.filter((p) => pipes.has(p)),
  };
}
