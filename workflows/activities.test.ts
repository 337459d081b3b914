import { describe, expect, it } from 'vitest';
import { identityClient } from '../internal/clients/identity.js';
import { policyClient } from '../internal/clients/policy.js';
import { documentsClient } from '../internal/clients/documents.js';
import { requestsClient } from '../internal/clients/requests.js';
import { createActivities } from './activities.js';

const LINK = '11111111-1111-4111-8111-111111111111';
const USER = '22222222-2222-4222-8222-222222222222';
const CONTACT = '33333333-3333-4333-8333-333333333333';
const COMPANY = '44444444-4444-4444-8444-444444444444';

/** Policy's link detail as it really comes: with names and addresses, which must not leave the activities. */
const linkDetail = {
  id: LINK,
  status: 'active',
  user: { id: USER, login: 'emily.carter', email: 'emily.carter@northern-light.test', firstName: 'Emily', lastName: 'Carter' },
  contact: { id: CONTACT, email: 'emily@contacts.test', firstName: 'Emily', lastName: 'Carter' },
  companies: [{ id: COMPANY, name: 'Northern Light' }],
};

/** A ServiceClient stand-in that records what it was asked and answers from `answer`. */
function fakeService(answer: (method: string, path: string, body?: unknown) => unknown) {
  const calls: [string, string, unknown][] = [];
  const call = async (method: string, path: string, body?: unknown) => {
    calls.push([method, path, body]);
    return answer(method, path, body);
  };
  return {
    calls,
    client: {
      get: (_actor: unknown, path: string) => call('GET', path),
      post: (_actor: unknown, path: string, body?: unknown) => call('POST', path, body),
    } as never,
  };
}

function activities(mailer: { sendMail(m: unknown): Promise<unknown> } = { sendMail: async () => ({}) }) {
  const policy = fakeService(() => linkDetail);
  const identity = fakeService((_m, path) => {
    if (path.endsWith('/sessions/end')) return { ended: 3 };
    if (path.endsWith('/delivery'))
      return {
        alreadySent: false,
        token: 'x'.repeat(43),
        email: 'emily.carter@northern-light.test',
        firstName: 'Emily',
        lastName: 'Carter',
        expiresAt: new Date().toISOString(),
      };
    return {};
  });
  const requests = fakeService(() => ({ requests: [{ id: 'r1', title: 'Broken pump at Emily Carter' }] }));
  const acts = createActivities({
    identity: identityClient(identity.client),
    policy: policyClient(policy.client),
    requests: requestsClient(requests.client),
    documents: documentsClient(fakeService(() => ({})).client),
    mailer: mailer as never,
    mailFrom: 'x@vector.test',
    publicUrl: 'http://127.0.0.1:8080',
    temporal: () => Promise.reject(new Error('not in these tests')),
    taskQueue: 'none',
  });
  return { acts, policy, identity, requests };
}

describe('the activities keep personal data out of what they return', () => {
  it('createLink answers the link id and status only, not the detail policy sends', async () => {
    const { acts } = activities();
    expect(await acts.createLink({ reviewId: LINK, employeeId: 'e' })).toEqual({ id: LINK, status: 'active' });
  });

  it('offboarding steps read the user, contact and companies from policy: their input is the link id', async () => {
    const { acts, policy, identity, requests } = activities();
    expect(await acts.endSessions({ linkId: LINK, reason: 'link_revoked' })).toBe(3);
    expect(identity.calls).toEqual([['POST', `/users/${USER}/sessions/end`, { reason: 'link_revoked' }]]);
    expect(await acts.openRequests(LINK)).toEqual(['r1']);
    expect(requests.calls).toEqual([['GET', `/internal/open-requests?contactId=${CONTACT}&companyIds=${COMPANY}`, undefined]]);
    expect(policy.calls.every(([m, p]) => m === 'GET' && p === `/links/${LINK}`)).toBe(true);
  });

  it('a failed send names the SMTP error, never the recipient the server repeated', async () => {
    const refusal = Object.assign(new Error("Can't send mail - all recipients were rejected: 550 5.1.1 <emily.carter@northern-light.test>: unknown"), {
      code: 'EENVELOPE',
      command: 'RCPT TO',
      responseCode: 550,
    });
    const { acts } = activities({
      sendMail: async () => {
        throw refusal;
      },
    });
    const err = (await acts.deliverInvitation({ invitationId: LINK, linkId: LINK }).catch((e: unknown) => e)) as Error;
    expect(err.message).toBe('the invitation email was not sent (EENVELOPE RCPT TO 550)');
    expect(JSON.stringify({ message: err.message, stack: err.stack })).not.toContain('emily');
  });
});
