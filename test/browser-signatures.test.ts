import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  expectAccessible,
  launchBrowser,
  openPage,
  screenshot,
  waitForText,
  watchPageProblems,
  signInToGovernance,
  signInToPortal,
  focusedId,
} from './browser.js';
import { startSystem, type TestSystem } from './harness.js';
import { STRONG_PASSWORD, employeeAgent, onboardEmily, pdfOf, publishToSign } from './flows.js';
import type { Agent } from './agent.js';
import { DEMO } from '../domain/demo.js';

const TO_SIGN = 'Northern Light service agreement 2027';
const TO_DECLINE = 'Northern Light non-disclosure addendum';
const REASON = 'Clause 7 names the wrong company';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('signature requests in the browser: the team asks, the client signs or declines from the email’s link', () => {
  let sys: TestSystem;
  let browser: Browser;
  let employee: Page;
  let client: Page;
  let olivia: Agent;
  let emily: Awaited<ReturnType<typeof onboardEmily>>;
  const ids: Record<string, string> = {};
  const problems = watchPageProblems();

  const signable = (title: string) => publishToSign(olivia, title);

  beforeAll(async () => {
    sys = await startSystem();
    olivia = await employeeAgent(sys);
    emily = await onboardEmily(sys, olivia);
    ids.sign = await signable(TO_SIGN);
    // The second belongs to one of Emily's requests: she opens it from there.
    const request = await sys.db('requests.requests').where({ company_id: DEMO.northernLight.id, pipeline_id: DEMO.pipelines.support.id }).first();
    ids.request = request.id;
    ids.requestTitle = request.title;
    ids.decline = await publishToSign(olivia, TO_DECLINE, { requestId: request.id });
    // The second request is asked through the API; the first through the form below.
    const deadline = new Date(Date.now() + 3600_000).toISOString();
    const second = await olivia.post(`/api/governance/documents/${ids.decline}/signature-requests`, {
      contactIds: [DEMO.emily.id],
      order: 'sequential',
      deadline,
    });
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
  });

  it('lets the employee request Emily’s signature through the form', async () => {
    ({ page: employee } = await openPage(browser, problems));
    await signInToGovernance(employee, problems, sys.gatewayUrl);
    await employee.getByRole('button', { name: 'Documents', exact: true }).click();
    await employee.getByRole('button', { name: `Open the document ${TO_SIGN}` }).click();

    const form = employee.getByTestId('signature-form');
    const box = form.locator(`#signature-signer-${DEMO.emily.id}`);
    await box.waitFor();
    expect(await form.locator(`label[for="signature-signer-${DEMO.emily.id}"]`).textContent()).toBe('Emily Carter');
    expect(await employee.getByTestId('signature-requests').count()).toBe(0);
    // No signer chosen: said beside the signers, nothing asked of the server.
    await form.getByRole('button', { name: 'Request signatures' }).click();
    expect(await waitForText(employee.locator('#signature-contactIds-error'), 'signer')).toBe('Choose at least one signer.');

    await box.check();
    expect(await form.getByTestId('signature-signer-position').textContent()).toBe('Signs #1');
    expect(await form.getByLabel('Signing order').inputValue()).toBe('sequential');
    // The deadline is 14 days ahead by default, in the reader's time.
    const deadline = new Date(await form.getByLabel('Deadline').inputValue()).getTime();
    expect(Math.abs(deadline - (Date.now() + 14 * 86_400_000))).toBeLessThan(5 * 60_000);
    await form.getByLabel('Remind whoever’s turn it is').selectOption({ label: 'Every 2 days' });
    await expectAccessible(employee, 'the signature request form');
    await form.getByRole('button', { name: 'Request signatures' }).click();

    expect(await waitForText(employee.getByTestId('document-notice'), 'requested')).toContain('Signatures are requested');
    const requests = employee.getByTestId('signature-requests');
    const text = await waitForText(requests, 'Awaiting signatures');
    for (const part of ['One after another', 'Every 2 days', 'Emily Carter', 'Not signed yet', 'Their turn']) expect(text).toContain(part);
    const request = (await olivia.get(`/api/governance/documents/${ids.sign}`)).body.signatureRequests[0];
    expect(await requests.getByTestId('signature-workflow-id').first().textContent()).toBe(`signature-${request.id}`);
    // Pending: no second request, only Withdraw.
    expect(await employee.getByTestId('signature-form').count()).toBe(0);
    expect(await requests.getByRole('button', { name: 'Withdraw the request' }).count()).toBe(1);
  });

  it('sends Emily the link; opened signed out, it asks her to sign in, then opens the card', async () => {
    const mail = await sys.mail.waitFor((m) => m.to.includes(emily.email) && m.subject.endsWith(TO_SIGN), 20_000);
    expect(mail.subject).toMatch(/^Your signature is requested/);
    const link = /https?:\/\/\S+\/extranet\/documents\/[0-9a-f-]{36}/.exec(mail.text)?.[0];
    expect(new URL(link!).pathname).toBe(`/extranet/documents/${ids.sign}`);

    ({ page: client } = await openPage(browser, problems));
    await signInToPortal(client, problems, sys.gatewayUrl, { login: emily.login, password: STRONG_PASSWORD }, new URL(link!).pathname);

    const card = client.getByTestId('document-card');
    await waitForText(card.getByRole('heading', { level: 4 }), TO_SIGN);
    await expect.poll(() => focusedId(client)).toBe('document-card-title');
    expect(new URL(client.url()).pathname).toBe('/extranet');
    expect(await waitForText(client.getByTestId('document-next-step'), 'Sign')).toContain('Sign the document with your password');
    const signature = await waitForText(card.getByTestId('document-signature'), 'Awaiting signatures');
    for (const part of ['Emily Carter (you)', 'Not signed yet', 'Your turn']) expect(signature).toContain(part);
    expect(await card.getByLabel('Sign with your password').count()).toBe(1);
    expect(await card.getByLabel('Reason for declining').count()).toBe(1);
    await expectAccessible(client, 'a document to sign with its sign and decline forms');
  });

  it('lets Emily decline the second document, opened from the request it belongs to, with her reason', async () => {
    await client.locator(`[data-request-id="${ids.request}"]`).click();
    await waitForText(client.getByTestId('request-documents'), TO_DECLINE);
    await client.getByTestId('request-documents').getByRole('button', { name: TO_DECLINE }).click();
    const card = client.getByTestId('document-card');
    await waitForText(card.getByRole('heading', { level: 4 }), TO_DECLINE);
    await card.getByLabel('Reason for declining').fill(REASON);
    await card.getByRole('button', { name: 'Decline' }).click();
    expect(await waitForText(client.getByTestId('document-card-notice'), 'declined')).toBe('You declined version 1; the team reads your reason.');
    expect(await waitForText(card.getByTestId('document-signers'), 'Declined')).toContain('Emily Carter (you)');
    expect(await card.getByTestId('document-sign').count()).toBe(0);
    expect(await waitForText(client.getByTestId('document-card-responses'), REASON)).toContain('Declined');
    const team = (await olivia.get(`/api/governance/documents/${ids.decline}`)).body.signatureRequests[0];
    expect(team).toMatchObject({ status: 'declined', signers: [{ state: 'declined', reason: REASON }] });
  });

  it('lets Emily sign the first one with her password, after a wrong one is refused', async () => {
    await client.getByTestId('document-item').filter({ hasText: TO_SIGN }).getByRole('button').click();
    const card = client.getByTestId('document-card');
    await waitForText(card.getByRole('heading', { level: 4 }), TO_SIGN);
    problems.allowHttpError(400, `/api/portal/documents/${ids.sign}/signature`);
    await card.getByLabel('Sign with your password').fill('not-my-password');
    await card.getByRole('button', { name: 'Sign', exact: true }).click();
    await waitForText(client.locator('#document-sign-password-error'), /\w/);
    expect(await card.getByLabel('Sign with your password').getAttribute('aria-invalid')).toBe('true');
    expect(await focusedId(client)).toBe('document-sign-password');
    expect((await olivia.get(`/api/governance/documents/${ids.sign}`)).body.signatureRequests[0].signers[0].state).toBe('waiting');

    await card.getByLabel('Sign with your password').fill(STRONG_PASSWORD);
    await card.getByRole('button', { name: 'Sign', exact: true }).click();
    expect(await waitForText(client.getByTestId('document-card-notice'), 'signed')).toBe('You signed version 1.');
    expect(await waitForText(card.getByTestId('document-signature'), 'Signed by everyone')).toContain('Emily Carter (you) Signed');
    expect(await card.getByTestId('document-sign').count()).toBe(0);
    expect(await client.getByTestId('document-next-step').count()).toBe(0);
  });

  it('shows the employee the signature with its evidence, live', async () => {
    const requests = employee.getByTestId('signature-requests');
    // Nobody clicks Refresh: the pending request is read again every few seconds.
    const row = requests.locator('[data-testid="signer-row"][data-state="signed"]');
    await row.waitFor({ timeout: 20_000 });
    expect(await row.textContent()).toContain('Emily Carter');
    expect(await row.getByTestId('signer-turn').count()).toBe(0);
    const evidence = row.getByTestId('signature-evidence');
    const text = await waitForText(evidence, 'SHA-256');
    expect(text).toContain(`SHA-256 of version 1${sha256(pdfOf(TO_SIGN))}`);
    expect(text).toContain('127.0.0.1');
    expect(await evidence.locator('code').first().textContent()).toMatch(/^[0-9a-f-]{36}$/);
    expect(await waitForText(requests, 'Signed by everyone')).toContain('(Signed)');
    expect(await requests.getByRole('button', { name: 'Withdraw the request' }).count()).toBe(0);
    // The list is read again once nothing is pending.
    await expect.poll(() => employee.getByTestId('document-row').filter({ hasText: TO_SIGN }).textContent()).not.toContain('Awaiting the client');
    expect(await employee.locator('#signature-signed-hint').textContent()).toBe('Everyone signed version 1: a new version can be signed again.');
    await expectAccessible(employee, 'a signature request with the evidence of a signature');
    await screenshot(employee, 'governance-signatures');
  });

  it('never shows either document to Daniel, a Blue Harbor client', async () => {
    const { page } = await openPage(browser, problems);
    await signInToPortal(page, problems, sys.gatewayUrl, DEMO.danielUser);
    // The documents are read: the list, or the words for none.
    await page.locator('#documents-empty, [data-testid="document-item"]').first().waitFor();
    const content = await page.content();
    for (const title of [TO_SIGN, TO_DECLINE]) expect(content).not.toContain(title);
    await page.close();
  });
});
