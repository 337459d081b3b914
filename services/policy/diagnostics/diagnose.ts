import type { DiagnosticObject, DiagnosticStep, Permission } from '../../../domain/vocabulary.js';
import { PERMISSION_WORDS } from '../../../domain/wording.js';
import { contactPolicyKey, effectiveFor, type AccessState } from '../access/scope.js';

/** What diagnostics needs besides the access state, fetched beforehand: the pure walk below reads only these. */
export interface DiagnosisFacts {
  /** The link's portal user, when it still exists. */
  user?: { login: string; activated: boolean };
  /** The object asked about, with what decides its visibility. */
  object?: {
    type: DiagnosticObject;
    id: string;
    title: string;
    /** Empty for a pipeline (it belongs to no company). */
    companyId: string;
    pipelineId?: string;
    pipelineName?: string;
    /** Documents: the contact it is published for, or null for the whole company. */
    contactId?: string | null;
    status?: string;
  };
  /** The name of the object's company when it is not among the link's. */
  foreignCompanyName?: string;
}

export interface Step {
  element: DiagnosticStep;
  status: 'pass' | 'fail';
  reason: string;
  fix?: string;
}

export interface Diagnosis {
  linkId: string;
  object: { type: DiagnosticObject; id: string; title: string } | null;
  visible: boolean;
  firstDenial: { element: DiagnosticStep; reason: string; fix?: string } | null;
  steps: Step[];
}

const word = (p: Permission) => PERMISSION_WORDS[p].label.toLowerCase();

/**
 * Walks user → link → contact → companies → effective policy → object, with
 * the same state and functions that build the client's scope, so what it says
 * is what enforcement does. Pure: the same state and facts give the same answer.
 */
export function diagnose(state: AccessState, linkId: string, facts: DiagnosisFacts): Diagnosis {
  const link = state.links.get(linkId);
  if (!link) throw new Error(`the state holds no link ${linkId}`);
  const steps: Step[] = [];
  const contact = state.contacts.get(link.contactId);
  const who = contact?.name ?? 'the client';
  const passes = (element: DiagnosticStep, reason: string) => steps.push({ element, status: 'pass', reason });
  const fails = (element: DiagnosticStep, reason: string, fix: string) => steps.push({ element, status: 'fail', reason, fix });
  const companyName = (id: string) => state.companies.get(id)?.name ?? id;
  const { user, object } = facts;

  if (!user) fails('user', 'the portal user of this link no longer exists', 'create a new link with the link wizard');
  else if (!user.activated)
    fails('user', `${user.login} has not set a password through an invitation yet, so cannot sign in`, 'issue a new invitation and ask the client to open it');
  else passes('user', `${user.login} has set a password and can sign in`);

  if (link.status === 'active') passes('link', 'the link is active');
  else if (link.status === 'disabled') fails('link', 'the link is disabled: access is paused', 'enable the link');
  else fails('link', 'the link is revoked: access ended for good', 'create a new link with the link wizard if the collaboration resumes');

  if (contact) passes('contact', `the link works on behalf of the CRM contact ${contact.name}`);
  else fails('contact', 'the CRM contact of this link no longer exists', 'create a new link to the current contact');

  // Companies: the object's company must be among the link's, with extranet access on.
  const candidates = object?.companyId ? [object.companyId] : link.companyIds;
  if (object?.companyId && !link.companyIds.includes(object.companyId)) {
    const name = facts.foreignCompanyName ?? 'another company';
    fails(
      'companies',
      `“${object.title}” belongs to ${name}, which is not among this link's companies`,
      `add ${facts.foreignCompanyName ?? 'that company'} to the link, only if ${who} should work for it`,
    );
  } else {
    const off = candidates.filter((id) => !state.companies.get(id)?.extranetEnabled);
    const on = candidates.filter((id) => !off.includes(id));
    if (!on.length)
      fails(
        'companies',
        `extranet access is switched off for ${off.map(companyName).join(', ')}`,
        `switch on extranet access for ${off.map(companyName).join(', ')}`,
      );
    else
      passes('companies', `works for ${on.map(companyName).join(', ')}${off.length ? ` (extranet switched off for ${off.map(companyName).join(', ')})` : ''}`);
  }

  // Effective policy = company ∩ contact; name the side that denies.
  const needed: Permission[] = object?.type === 'chat' ? ['requestChatRead'] : object?.type === 'document' ? ['documents'] : [];
  const pipeline = object && object.type !== 'document' ? object.pipelineId : undefined;
  const allows = (cid: string) => {
    const eff = effectiveFor(state, linkId, cid);
    return needed.every((p) => eff.permissions.includes(p)) && (!pipeline || eff.pipelineIds.includes(pipeline));
  };
  if (candidates.some(allows)) {
    const granted = [...new Set(candidates.flatMap((cid) => effectiveFor(state, linkId, cid).permissions))];
    passes(
      'effective-policy',
      `the effective policy allows ${granted.map(word).join(', ') || 'no permission'}${pipeline ? ` and the pipeline ${object?.pipelineName}` : ''}`,
    );
  } else {
    const cid = candidates[0]!;
    const none = { permissions: [] as Permission[], pipelineIds: [] as string[] };
    const cp = state.companyPolicies.get(cid) ?? none;
    const kp = state.contactPolicies.get(contactPolicyKey(link.contactId, cid)) ?? none;
    const what = [...needed.map(word), ...(pipeline ? [`the pipeline ${object?.pipelineName}`] : [])].join(' and ');
    const companyLacks = needed.some((p) => !cp.permissions.includes(p)) || (!!pipeline && !cp.pipelineIds.includes(pipeline));
    const contactLacks = needed.some((p) => !kp.permissions.includes(p)) || (!!pipeline && !kp.pipelineIds.includes(pipeline));
    if (companyLacks)
      fails(
        'effective-policy',
        `the company policy of ${companyName(cid)} does not allow ${what}`,
        `add ${what} to the company policy of ${companyName(cid)}${contactLacks ? `, and to the contact policy of ${who}` : ''}`,
      );
    else if (contactLacks)
      fails(
        'effective-policy',
        `the contact policy of ${who} at ${companyName(cid)} does not allow ${what}`,
        `add ${what} to the contact policy of ${who} at ${companyName(cid)}`,
      );
    else fails('effective-policy', `no access is open at ${companyName(cid)}`, `check the link's status and the company's extranet switch`);
  }

  if (object) {
    if (object.type === 'document' && object.status !== 'published')
      fails('object', `“${object.title}” is not published (${object.status})`, 'publish the document once it is checked for the client');
    else if (object.type === 'document' && object.contactId && object.contactId !== link.contactId)
      fails(
        'object',
        `“${object.title}” is published for another contact of ${companyName(object.companyId)}`,
        `publish it for the whole company or for ${who}`,
      );
    else passes('object', `“${object.title}” is visible once the steps above pass`);
  }

  const denied = steps.find((s) => s.status === 'fail');
  return {
    linkId,
    object: object ? { type: object.type, id: object.id, title: object.title } : null,
    visible: !denied,
    firstDenial: denied ? { element: denied.element, reason: denied.reason, fix: denied.fix } : null,
    steps,
  };
}
