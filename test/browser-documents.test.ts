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
import { STRONG_PASSWORD, employeeAgent, onboardEmily, pdfOf } from './flows.js';
import type { Agent } from './agent.js';
import { DEMO } from '../domain/demo.js';

const TITLE = 'Harbor price sheet 2027';
const DESCRIPTION = 'The prices for the next season, per container.';
const REASON = 'The fuel surcharge is missing';
const ATTACH_TITLE = 'Insurance certificate';
const REQUEST_TITLE = 'Harbor terminal access badges';

/** No part of the page is wider than the window: nothing to scroll sideways on a phone. */
const fitsTheWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe('the team publishes documents and a client answers them in the browser', () => {
  let sys: TestSystem;
  let browser: Browser;
  let employee: Page;
  let client: Page;
  let olivia: Agent;
  let emily: Awaited<ReturnType<typeof onboardEmily>>;
  const ids: Record<string, string> = {};
  const problems = watchPageProblems();

  beforeAll(async () => {
    sys = await startSystem();
    olivia = await employeeAgent(sys);
    emily = await onboardEmily(sys, olivia);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
  });

  /** The id of a document of the team's list, by its title. */
  async function documentId(title: string): Promise<string> {
    const list = (await olivia.get('/api/governance/documents')).body.documents as { id: string; title: string }[];
    return list.find((d) => d.title === title)!.id;
  }

  it('signs the employee in through the real OIDC login form', async () => {
    ({ page: employee } = await openPage(browser, problems));
    await signInToGovernance(employee, problems, sys.gatewayUrl);
  });

  it('lists the documents with filters, and creates a draft for Blue Harbor tied to one of its requests', async () => {
    await employee.getByRole('button', { name: 'Documents', exact: true }).click();
    const rows = employee.getByTestId('document-row');
    await waitForText(rows, 'Terminal access policy');
    await employee.getByTestId('documents-status').selectOption({ label: 'Draft' });
    await expect.poll(() => employee.getByTestId('documents').textContent()).not.toContain('Terminal access policy');
    expect(await employee.getByTestId('documents').textContent()).toContain('Draft price list (internal)');
    await employee.getByTestId('documents-status').selectOption({ label: 'All' });
    await employee.getByTestId('documents-company').selectOption({ label: 'Blue Harbor' });
    await expect.poll(() => employee.getByTestId('documents').textContent()).not.toContain('Draft price list');
    await expectAccessible(employee, 'the documents list');

    await employee.getByRole('button', { name: 'New document' }).click();
    const form = employee.getByTestId('document-new');
    // The title has the focus; a draft without one is refused beside it.
    await expect.poll(() => focusedId(employee)).toBe('document-title');
    await form.getByRole('button', { name: 'Create the draft' }).click();
    expect(await waitForText(employee.locator('#document-title-error'), 'title')).toBe('Give the document a title.');
    expect(await form.getByLabel('Title').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('Title').fill(TITLE);
    await form.getByLabel('Description').fill(DESCRIPTION);
    await form.getByLabel('Company').selectOption({ label: 'Blue Harbor' });
    // The company's contacts and requests are offered by name and title once it is chosen.
    await expect.poll(() => form.getByLabel('Contact (optional)').textContent()).toContain('Daniel Brooks');
    expect(await form.getByLabel('Contact (optional)').textContent()).not.toContain('Emily Carter');
    await expect.poll(() => form.getByLabel('Request (optional)').textContent()).toContain(REQUEST_TITLE);
    expect(await form.getByLabel('Request (optional)').textContent()).not.toContain('Update the delivery address');
    await form.getByLabel('Request (optional)').selectOption({ label: REQUEST_TITLE });
    await form.getByLabel('The client is asked to').selectOption({ label: 'Approve or decline' });
    await expectAccessible(employee, 'the new document form');
    await form.getByRole('button', { name: 'Create the draft' }).click();

    const detail = employee.getByTestId('team-document');
    await waitForText(detail.getByRole('heading', { level: 3 }), TITLE);
    // The new draft takes the focus from the form it replaces.
    await expect.poll(() => focusedId(employee)).toBe('document-detail-title');
    const facts = await waitForText(employee.getByTestId('document-facts'), REQUEST_TITLE);
    for (const part of ['Draft', 'Blue Harbor', 'Every client of the company', 'Approve or decline']) expect(facts).toContain(part);
    await expect.poll(() => employee.getByTestId('documents').textContent()).toContain(TITLE);
    ids.price = await documentId(TITLE);
  });

  it('uploads a PDF as the first version, previews exactly who will see it (Daniel Brooks) and publishes it with the keyboard', async () => {
    const detail = employee.getByTestId('team-document');
    // Nothing to publish before a file: said beside the versions, nothing asked of the server.
    await detail.getByRole('button', { name: 'Preview who will see it' }).click();
    expect(await waitForText(employee.locator('#document-versions-error'), 'Upload')).toBe('Upload the document’s file before publishing it.');

    await detail.getByLabel('The document’s file (version 1)').setInputFiles({ name: 'prices.pdf', mimeType: 'application/pdf', buffer: pdfOf('v1') });
    await detail.getByRole('button', { name: 'Upload the version' }).click();
    expect(await waitForText(employee.getByTestId('document-notice'), 'uploaded')).toBe('Version 1 is uploaded: prices.pdf.');
    const versions = employee.getByTestId('document-versions');
    expect(await waitForText(versions, 'prices.pdf')).toContain('Version 1');
    expect(await employee.locator('#document-versions-error').textContent()).toBe('');

    // The download is an attachment; the preview opens the PDF in a new tab, shown inline.
    const download = versions.getByRole('link', { name: 'prices.pdf', exact: true });
    expect(await download.getAttribute('download')).toBe('prices.pdf');
    const preview = versions.getByRole('link', { name: 'Preview prices.pdf (opens in a new tab)' });
    expect(await preview.getAttribute('target')).toBe('_blank');
    expect(await preview.getAttribute('rel')).toContain('noopener');
    const shown = await employee.request.get(`${sys.gatewayUrl}${await preview.getAttribute('href')}`);
    expect(shown.status()).toBe(200);
    expect(shown.headers()['content-disposition']).toMatch(/^inline; filename="prices.pdf"/);
    expect(shown.headers()['content-type']).toBe('application/pdf');
    expect(Buffer.from(await shown.body()).equals(pdfOf('v1'))).toBe(true);
    const saved = await employee.request.get(`${sys.gatewayUrl}${await download.getAttribute('href')}`);
    expect(saved.headers()['content-disposition']).toMatch(/^attachment; /);

    await detail.getByRole('button', { name: 'Preview who will see it' }).click();
    const audience = employee.getByTestId('document-audience');
    expect(await waitForText(audience, 'will see it')).toContain('1 client will see it');
    expect(await employee.getByTestId('document-audience-names').textContent()).toBe('Daniel Brooks');
    // The preview wrote nothing: still a draft.
    expect((await olivia.get(`/api/governance/documents/${ids.price}`)).body.status).toBe('draft');
    await expectAccessible(employee, 'the pre-publish preview of a document');
    // The audience's heading has the focus; the Publish button is the next stop.
    await expect.poll(() => focusedId(employee)).toBe('document-audience-title');
    await employee.keyboard.press('Tab');
    expect(await focusedId(employee)).toBe('document-publish');
    await employee.keyboard.press('Enter');
    expect(await waitForText(employee.getByTestId('document-notice'), 'published')).toBe('The document is published: 1 client sees it.');
    await expect.poll(() => employee.getByTestId('document-facts').textContent()).toContain('Published');
    expect(await employee.getByTestId('document-facts').textContent()).toContain('Awaiting the clientYes');
  });

  it('shows Daniel the card; declining without a reason is refused beside the reason, then he declines with one', async () => {
    ({ page: client } = await openPage(browser, problems));
    await signInToPortal(client, problems, sys.gatewayUrl, DEMO.danielUser);
    const item = client.getByTestId('document-item').filter({ hasText: TITLE });
    await item.waitFor();
    expect(await item.textContent()).toContain('To approve');
    await item.getByRole('button').click();

    const card = client.getByTestId('document-card');
    await waitForText(card.getByRole('heading', { level: 4 }), TITLE);
    expect(await waitForText(client.getByTestId('document-next-step'), 'Approve')).toBe(
      'Next step for youApprove the document, or decline it with your reason.',
    );
    expect(await card.textContent()).toContain(DESCRIPTION);
    const versions = client.getByTestId('document-card-versions');
    expect(await waitForText(versions, 'prices.pdf')).toContain('Version 1');
    const preview = versions.getByRole('link', { name: 'Preview prices.pdf (opens in a new tab)' });
    expect(await preview.getAttribute('target')).toBe('_blank');
    const shown = await client.request.get(`${sys.gatewayUrl}${await preview.getAttribute('href')}`);
    expect(shown.headers()['content-disposition']).toMatch(/^inline; filename="prices.pdf"/);
    expect(Buffer.from(await shown.body()).equals(pdfOf('v1'))).toBe(true);
    await expectAccessible(client, 'a document’s card with its actions');

    await card.getByRole('button', { name: 'Decline' }).click();
    expect(await waitForText(client.locator('#document-reason-error'), 'reason')).toBe('Give your reason for declining: the team reads it.');
    expect(await card.getByLabel('Reason for declining').getAttribute('aria-invalid')).toBe('true');
    expect(await focusedId(client)).toBe('document-reason');
    await expectAccessible(client, 'a decline without a reason');
    await client.keyboard.type(REASON);
    await card.getByRole('button', { name: 'Decline' }).click();
    expect(await waitForText(client.getByTestId('document-card-notice'), 'declined')).toBe('You declined version 1; the team reads your reason.');
    const answers = await waitForText(client.getByTestId('document-card-responses'), REASON);
    expect(answers).toContain('Declined');
    expect(answers).toContain('version 1');
    // Nothing more is asked of him on this version.
    expect(await client.getByTestId('document-answer').count()).toBe(0);
    expect(await client.getByTestId('document-next-step').count()).toBe(0);
  });

  it('shows the team the decline with its reason; a new version asks the client again', async () => {
    const detail = employee.getByTestId('team-document');
    await detail.getByRole('button', { name: 'Refresh' }).click();
    const responses = employee.getByTestId('document-responses');
    const text = await waitForText(responses, REASON);
    for (const part of ['Declined', 'Daniel Brooks', 'version 1']) expect(text).toContain(part);
    await expect.poll(() => employee.getByTestId('document-facts').textContent()).toContain('Awaiting the clientNo');

    await detail.getByLabel('New version (version 2)').setInputFiles({ name: 'prices-v2.pdf', mimeType: 'application/pdf', buffer: pdfOf('v2') });
    await detail.getByRole('button', { name: 'Upload the version' }).click();
    expect(await waitForText(employee.getByTestId('document-notice'), 'uploaded')).toBe('Version 2 is uploaded: prices-v2.pdf.');
    const versions = employee.getByTestId('document-version');
    await expect.poll(() => versions.evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.version))).toEqual(['2', '1']);
    await expect.poll(() => employee.getByTestId('document-facts').textContent()).toContain('Awaiting the clientYes');

    // "Awaiting the client" lists it again.
    await employee.getByLabel('Awaiting the client').check();
    const row = employee.getByTestId('document-row').filter({ hasText: TITLE });
    await expect.poll(() => row.textContent()).toContain('Version 2');
    expect(await row.textContent()).toContain('Awaiting the client');
    await expectAccessible(employee, 'a document with a client response and a second version');
    await screenshot(employee, 'governance-document');
  });

  it('lets Daniel approve the new version, on a phone too', async () => {
    await client.getByTestId('document-item').filter({ hasText: TITLE }).getByRole('button').click();
    const card = client.getByTestId('document-card');
    await waitForText(client.getByTestId('document-next-step'), 'Approve');
    const versions = card.getByTestId('document-version');
    expect(await versions.evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.version))).toEqual(['2', '1']);
    expect(await card.getByTestId('document-card-versions').textContent()).toContain('prices-v2.pdf');
    expect(await waitForText(client.locator('#document-answer-title'), 'version 2')).toBe('Your answer on version 2');

    await client.setViewportSize({ width: 375, height: 800 });
    expect(await fitsTheWidth(client)).toBe(true);
    await expectAccessible(client, 'a document’s card on a phone');
    // From the reason, the keyboard reaches Approve.
    await card.getByLabel('Reason for declining').focus();
    await client.keyboard.press('Tab');
    expect(await focusedId(client)).toBe('document-approve');
    await client.keyboard.press('Enter');
    expect(await waitForText(client.getByTestId('document-card-notice'), 'approved')).toBe('You approved version 2.');
    const answers = client.getByTestId('document-response');
    await expect.poll(() => answers.evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.kind))).toEqual(['declined', 'approved']);
    expect(await fitsTheWidth(client)).toBe(true);
    await screenshot(client, 'portal-document');
    await client.setViewportSize({ width: 1280, height: 800 });

    const team = (await olivia.get(`/api/governance/documents/${ids.price}`)).body;
    expect(team).toMatchObject({ pendingAction: false, responses: [{ kind: 'declined' }, { kind: 'approved', versionNumber: 2, userName: 'Daniel Brooks' }] });
  });

  it('asks Daniel for a file; he attaches it and the team sees and downloads it', async () => {
    await employee.getByLabel('Awaiting the client').uncheck();
    await employee.getByRole('button', { name: 'New document' }).click();
    const form = employee.getByTestId('document-new');
    await form.getByLabel('Title').fill(ATTACH_TITLE);
    await form.getByLabel('Company').selectOption({ label: 'Blue Harbor' });
    await expect.poll(() => form.getByLabel('Contact (optional)').textContent()).toContain('Daniel Brooks');
    await form.getByLabel('Contact (optional)').selectOption({ label: 'Daniel Brooks' });
    await form.getByLabel('The client is asked to').selectOption({ label: 'Attach a file' });
    await form.getByRole('button', { name: 'Create the draft' }).click();
    const detail = employee.getByTestId('team-document');
    await waitForText(detail.getByRole('heading', { level: 3 }), ATTACH_TITLE);
    await expect.poll(() => employee.getByTestId('document-facts').textContent()).toContain('ForDaniel Brooks');
    await detail
      .getByLabel('The document’s file (version 1)')
      .setInputFiles({ name: 'what-we-need.pdf', mimeType: 'application/pdf', buffer: pdfOf('please send') });
    await detail.getByRole('button', { name: 'Upload the version' }).click();
    await waitForText(employee.getByTestId('document-notice'), 'uploaded');
    await detail.getByRole('button', { name: 'Preview who will see it' }).click();
    expect(await waitForText(employee.getByTestId('document-audience-names'), 'Daniel')).toBe('Daniel Brooks');
    await detail.getByRole('button', { name: 'Publish', exact: true }).click();
    await waitForText(employee.getByTestId('document-notice'), 'published');
    ids.attach = await documentId(ATTACH_TITLE);

    await client.reload();
    const item = client.getByTestId('document-item').filter({ hasText: ATTACH_TITLE });
    await item.waitFor();
    await item.getByRole('button').click();
    const card = client.getByTestId('document-card');
    expect(await waitForText(client.getByTestId('document-next-step'), 'Attach')).toContain('Attach the file the team asked for.');
    // Neither approve nor decline: only the file.
    expect(await card.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await card.getByRole('button', { name: 'Attach the requested file' }).click();
    expect(await waitForText(client.locator('#document-attach-file-error'), 'file')).toBe('Choose the file first.');
    await expectAccessible(client, 'a document that asks for a file');
    await card.getByLabel('The file the team asked for').setInputFiles({ name: 'certificate.pdf', mimeType: 'application/pdf', buffer: pdfOf('certificate') });
    await card.getByRole('button', { name: 'Attach the requested file' }).click();
    expect(await waitForText(client.getByTestId('document-card-notice'), 'attached')).toBe('The file certificate.pdf is attached: the team sees it now.');
    expect(await waitForText(client.getByTestId('document-card-responses'), 'certificate.pdf')).toContain('Attached a file');
    expect(await client.getByTestId('document-attach').count()).toBe(0);

    await detail.getByRole('button', { name: 'Refresh' }).click();
    const responses = employee.getByTestId('document-responses');
    const text = await waitForText(responses, 'certificate.pdf');
    expect(text).toContain('Attached a file');
    expect(text).toContain('Daniel Brooks');
    const link = responses.getByRole('link', { name: 'certificate.pdf', exact: true });
    const got = await employee.request.get(`${sys.gatewayUrl}${await link.getAttribute('href')}`);
    expect(got.status()).toBe(200);
    expect(Buffer.from(await got.body()).equals(pdfOf('certificate'))).toBe(true);
    await expectAccessible(employee, 'a document with an attached file');
  });

  it('never shows these documents to Emily, a Northern Light client', async () => {
    // Whatever her policy allows at Northern Light, nothing of Blue Harbor reaches her.
    const list = await emily.client.get('/api/portal/documents');
    expect(list.status).toBe(200);
    const seen = list.body.documents as { companyId: string; title: string }[];
    expect(seen.filter((d) => d.companyId !== DEMO.northernLight.id)).toEqual([]);
    expect(JSON.stringify(list.body)).not.toMatch(new RegExp(`${TITLE}|${ATTACH_TITLE}|Terminal access policy`));
    for (const id of [ids.price, ids.attach]) expect((await emily.client.get(`/api/portal/documents/${id}`)).status).toBe(404);

    const { page } = await openPage(browser, problems);
    await signInToPortal(page, problems, sys.gatewayUrl, { login: emily.login, password: STRONG_PASSWORD });
    await waitForText(page.getByTestId('requests'), 'Update the delivery address');
    // The documents are read: the list, or the words for none.
    await page.locator('#documents-empty, [data-testid="document-item"]').first().waitFor();
    expect(await page.getByTestId('document-item').count()).toBe(seen.length);
    if (!seen.length) expect(await page.locator('#documents-empty').textContent()).toBe('No documents are shared with you.');
    const content = await page.content();
    for (const title of [TITLE, ATTACH_TITLE, 'Terminal access policy']) expect(content).not.toContain(title);
    await expectAccessible(page, 'the portal of a client of another company');
    await page.close();
  });
});
