import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PERMISSIONS } from '../../../domain/vocabulary.js';
import { effectivePolicy, type Policy } from './effective.js';
import { effectiveFor, scopeOf, type AccessState } from './scope.js';

const PIPES = ['p1', 'p2', 'p3', 'p4'];
const policy = fc.record({
  permissions: fc.subarray([...PERMISSIONS]),
  pipelineIds: fc.subarray(PIPES),
}) as fc.Arbitrary<Policy>;

describe('the effective policy', () => {
  it('is never wider than the company policy nor the contact policy', () => {
    fc.assert(
      fc.property(policy, policy, (company, contact) => {
        const eff = effectivePolicy(company, contact);
        for (const p of eff.permissions) {
          expect(company.permissions).toContain(p);
          expect(contact.permissions).toContain(p);
        }
        for (const p of eff.pipelineIds) {
          expect(company.pipelineIds).toContain(p);
          expect(contact.pipelineIds).toContain(p);
        }
      }),
    );
  });

  it('is exactly the intersection of both policies', () => {
    fc.assert(
      fc.property(policy, policy, (company, contact) => {
        const eff = effectivePolicy(company, contact);
        expect(new Set(eff.permissions)).toEqual(new Set(company.permissions.filter((p) => contact.permissions.includes(p))));
        expect(new Set(eff.pipelineIds)).toEqual(new Set(company.pipelineIds.filter((p) => contact.pipelineIds.includes(p))));
      }),
    );
  });

  it('grants nothing when either policy is missing', () => {
    fc.assert(
      fc.property(policy, (p) => {
        expect(effectivePolicy(p, undefined)).toEqual({ permissions: [], pipelineIds: [] });
        expect(effectivePolicy(undefined, p)).toEqual({ permissions: [], pipelineIds: [] });
      }),
    );
  });

  it('gives a link nothing unless it is active and the company has extranet access switched on', () => {
    fc.assert(
      fc.property(policy, policy, fc.constantFrom('active', 'disabled', 'revoked'), fc.boolean(), (company, contact, status, enabled) => {
        const state: AccessState = {
          links: new Map([['l', { id: 'l', userId: 'u', contactId: 'k', status, defaultCompanyId: 'c', companyIds: ['c'] }]]),
          companies: new Map([['c', { id: 'c', name: 'C', extranetEnabled: enabled }]]),
          companyPolicies: new Map([['c', company]]),
          contactPolicies: new Map([['k:c', contact]]),
          contacts: new Map(),
        };
        const scope = scopeOf(state, 'l');
        if (status !== 'active' || !enabled) {
          expect(scope.flatMap((s) => [...s.permissions, ...s.pipelineIds])).toEqual([]);
          expect(effectiveFor(state, 'l', 'c')).toEqual({ permissions: [], pipelineIds: [] });
        } else expect(scope).toEqual([{ companyId: 'c', ...effectivePolicy(company, contact) }]);
      }),
    );
  });
});
