import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PERMISSIONS, type Permission } from '../../../domain/vocabulary.js';
import type { AccessState } from '../access/scope.js';
import { diagnose, type DiagnosisFacts } from './diagnose.js';

const COMPANY: string = 'c0000000-0000-4000-8000-000000000001';
const OTHER: string = 'c0000000-0000-4000-8000-000000000002';
const CONTACT: string = 'd0000000-0000-4000-8000-000000000001';
const LINK = 'e0000000-0000-4000-8000-000000000001';
const PIPES = ['p1', 'p2'];
const policy = fc.record({ permissions: fc.subarray([...PERMISSIONS]), pipelineIds: fc.subarray(PIPES) });

/** A random world of one link: its status, the company switch, both policies, and one object somewhere. */
const world = fc.record({
  linkStatus: fc.constantFrom('active', 'disabled', 'revoked'),
  extranetEnabled: fc.boolean(),
  companyPolicy: fc.option(policy, { nil: undefined }),
  contactPolicy: fc.option(policy, { nil: undefined }),
  activated: fc.boolean(),
  object: fc.record({
    type: fc.constantFrom('request' as const, 'chat' as const, 'document' as const),
    companyId: fc.constantFrom(COMPANY, OTHER),
    pipelineId: fc.constantFrom(...PIPES),
    status: fc.constantFrom('draft', 'published'),
    forContact: fc.constantFrom(null, CONTACT, 'someone-else'),
  }),
});

type World = typeof world extends fc.Arbitrary<infer T> ? T : never;

function stateOf(w: World): AccessState {
  return {
    links: new Map([[LINK, { id: LINK, userId: 'u', contactId: CONTACT, status: w.linkStatus, defaultCompanyId: COMPANY, companyIds: [COMPANY] }]]),
    companies: new Map([[COMPANY, { id: COMPANY, name: 'Northern Light', extranetEnabled: w.extranetEnabled }]]),
    companyPolicies: new Map(w.companyPolicy ? [[COMPANY, w.companyPolicy as { permissions: Permission[]; pipelineIds: string[] }]] : []),
    contactPolicies: new Map(w.contactPolicy ? [[`${CONTACT}:${COMPANY}`, w.contactPolicy as { permissions: Permission[]; pipelineIds: string[] }]] : []),
    contacts: new Map([[CONTACT, { id: CONTACT, firstName: 'Emily', lastName: 'Carter', name: 'Emily Carter', email: 'e@x.test' }]]),
  };
}

/** Enforcement as the services apply it, written independently of the scope code: the oracle. */
function reachable(w: World): boolean {
  const o = w.object;
  if (!w.activated || w.linkStatus !== 'active' || !w.extranetEnabled || o.companyId !== COMPANY) return false;
  if (!w.companyPolicy || !w.contactPolicy) return false;
  const has = (p: Permission) => w.companyPolicy!.permissions.includes(p) && w.contactPolicy!.permissions.includes(p);
  if (o.type === 'document') return has('documents') && o.status === 'published' && (o.forContact === null || o.forContact === CONTACT);
  const pipeline = w.companyPolicy.pipelineIds.includes(o.pipelineId) && w.contactPolicy.pipelineIds.includes(o.pipelineId);
  return pipeline && (o.type !== 'chat' || has('requestChatRead'));
}

function factsOf(w: World): DiagnosisFacts {
  const o = w.object;
  return {
    user: { login: 'emily', activated: w.activated },
    object: {
      type: o.type,
      id: 'o1',
      title: 'Object',
      companyId: o.companyId,
      pipelineId: o.type === 'document' ? undefined : o.pipelineId,
      pipelineName: o.pipelineId,
      contactId: o.type === 'document' ? o.forContact : undefined,
      status: o.type === 'document' ? o.status : undefined,
    },
    foreignCompanyName: o.companyId === OTHER ? 'Blue Harbor' : undefined,
  };
}

describe('diagnose, as a pure function of the state and the facts', () => {
  it('says "visible" exactly when enforcement lets the client reach the object', () => {
    fc.assert(
      fc.property(world, (w) => {
        expect(diagnose(stateOf(w), LINK, factsOf(w)).visible).toBe(reachable(w));
      }),
      { numRuns: 2000 },
    );
  });

  it('names exactly one first denial, the first failing step, with a fix; none when visible', () => {
    fc.assert(
      fc.property(world, (w) => {
        const d = diagnose(stateOf(w), LINK, factsOf(w));
        const failing = d.steps.filter((s) => s.status === 'fail');
        if (d.visible) expect(d.firstDenial).toBeNull();
        else {
          expect(d.firstDenial).toEqual({ element: failing[0]!.element, reason: failing[0]!.reason, fix: failing[0]!.fix });
          for (const s of failing) expect(s.fix).toBeTruthy();
        }
        expect(d.steps.map((s) => s.element)).toEqual(['user', 'link', 'contact', 'companies', 'effective-policy', 'object']);
      }),
    );
  });

  it('blames the side that denies: the company policy when it lacks the permission, else the contact policy', () => {
    fc.assert(
      fc.property(policy, policy, (companyPolicy, contactPolicy) => {
        const w = { linkStatus: 'active', extranetEnabled: true, companyPolicy, contactPolicy, activated: true } as const;
        const object: World['object'] = { type: 'chat', companyId: COMPANY, pipelineId: 'p1', status: 'published', forContact: null };
        const d = diagnose(stateOf({ ...w, object }), LINK, factsOf({ ...w, object }));
        const step = d.steps.find((s) => s.element === 'effective-policy')!;
        const companyLacks = !companyPolicy.permissions.includes('requestChatRead') || !companyPolicy.pipelineIds.includes('p1');
        const contactLacks = !contactPolicy.permissions.includes('requestChatRead') || !contactPolicy.pipelineIds.includes('p1');
        if (companyLacks) expect(step.reason).toMatch(/^the company policy of Northern Light/);
        else if (contactLacks) expect(step.reason).toMatch(/^the contact policy of Emily Carter/);
        else expect(step.status).toBe('pass');
      }),
    );
  });
});
