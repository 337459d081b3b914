import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible, launchBrowser, openPage, screenshot, waitForText, watchPageProblems, signInToGovernance, signInToPortal } from './browser.js';
import { startSystem, type TestSystem } from './harness.js';
import { STRONG_PASSWORD, employeeAgent, onboardEmily } from './flows.js';
import { PERMISSIONS, STARTER_PERMISSIONS } from '../domain/vocabulary.js';
import type { Agent } from './agent.js';
import { DEMO } from '../domain/demo.js';

const NL = DEMO.northernLight.id;
const SUPPORT = DEMO.pipelines.support.id;
const TITLE = 'Damaged parcel at the loading dock';
const NEXT_STEP = 'Send us the order number from the delivery note';
const REPLY = 'Thank you, we are looking into it with the courier.';
const INTERNAL = 'Internal: the courier pays for this one, do not tell the client yet';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

/** No part of the page is wider than the window: nothing to scroll sideways on a phone. */
const fitsTheWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe('a client asks through a pipeline’s form with files; the team answers in the browser, internally too', () => {
  let sys: TestSystem;
  let browser: Browser;
  let employee: Page;
  let client: Page;
  let emily: { linkId: string; login: string };
  let olivia: Agent;
  const problems = watchPageProblems();

  beforeAll(async () => {
    sys = await startSystem();
    olivia = await employeeAgent(sys);
    const { linkId, login } = await onboardEmily(sys, olivia);
    emily = { linkId, login };
    // Emily may also use Northern Light's general channel and start calls.
    const policy = await olivia.post(`/api/governance/contacts/${DEMO.emily.id}/policies/${NL}`, {
      permissions: [...STARTER_PERMISSIONS, 'generalChat', 'calls'],
      pipelineIds: [SUPPORT],
    });
    expect(policy.status, JSON.stringify(policy.body)).toBe(200);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
  });

  it('signs the employee in through the real OIDC login form', async () => {
    ({ page: employee } = await openPage(browser, problems));
    await signInToGovernance(employee, problems, sys.gatewayUrl);
  });

  it('adds a file field to the Support pipeline’s request form in the pipeline settings', async () => {
    await employee.getByRole('button', { name: 'Pipelines', exact: true }).click();
    const row = employee.getByTestId('pipeline-row').filter({ hasText: 'Support' });
    await row.waitFor();
    await expect.poll(() => row.textContent()).toContain('Urgency');
    await expectAccessible(employee, 'Pipelines');
    await row.getByRole('button', { name: 'Open the pipeline Support' }).click();
    const editor = employee.getByTestId('pipeline-editor');
    await expect.poll(() => editor.getByTestId('pipeline-field').count()).toBe(2);
    expect(await editor.locator('legend', { hasText: 'Internal estimate' }).count()).toBe(1);
    expect(await editor.getByLabel('Visible to clients (else hidden: the team’s own)').nth(1).isChecked()).toBe(false);
    await editor.getByRole('button', { name: 'Add a field' }).click();
    const field = editor.getByTestId('pipeline-field').nth(2);
    // The new field's label has the focus: typed at once, and the key follows it.
    await expect.poll(() => employee.evaluate(() => document.activeElement?.id ?? '')).toMatch(/^pipeline-field-\d+-label$/);
    await employee.keyboard.type('Photo of the damage');
    expect(await field.getByLabel('Key').inputValue()).toBe('photo_of_the_damage');
    await field.getByLabel('Kind').selectOption({ label: 'File' });
    await editor.getByRole('button', { name: 'Add a field' }).click();
    const date = editor.getByTestId('pipeline-field').nth(3);
    await date.getByLabel('Label').fill('Delivery date');
    await date.getByLabel('Kind').selectOption({ label: 'Date' });
    await date.getByLabel('Required').check();
    await expectAccessible(employee, 'a pipeline’s settings, with new fields');
    await editor.getByRole('button', { name: 'Save the pipeline' }).click();
    expect(await waitForText(editor.getByTestId('pipeline-notice'), 'saved')).toBe('The pipeline Support is saved.');
    await expect.poll(() => row.textContent()).toContain('Photo of the damage, Delivery date');
  });

  it('creates a pipeline without a responsible, which accepts no client requests', async () => {
    await employee.getByRole('button', { name: 'New pipeline' }).click();
    const editor = employee.getByTestId('pipeline-editor');
    await waitForText(editor.getByRole('heading', { level: 3 }), 'New pipeline');
    await editor.getByRole('button', { name: 'Create the pipeline' }).click();
    expect(await waitForText(employee.locator('#pipeline-name-error'), 'name')).toBe('Give the pipeline a name.');
    await editor.getByLabel('Name').fill('Returns');
    await editor.getByRole('button', { name: 'Create the pipeline' }).click();
    expect(await waitForText(editor.getByTestId('pipeline-notice'), 'created')).toBe(
      'The pipeline Returns is created. It accepts no client requests until someone is responsible for it.',
    );
    const row = employee.getByTestId('pipeline-row').filter({ hasText: 'Returns' });
    await expect.poll(() => row.textContent()).toContain('Not accepted');
    // Northern Light and Emily get the new pipeline, so she can see why it takes no requests.
    const returns = (await olivia.get('/api/governance/pipelines')).body.pipelines.find((p: { name: string }) => p.name === 'Returns').id;
    const company = await olivia.post(`/api/governance/companies/${NL}/policy`, {
      permissions: [...PERMISSIONS],
      pipelineIds: [SUPPORT, DEMO.pipelines.design.id, returns],
    });
    expect(company.status, JSON.stringify(company.body)).toBe(200);
    const contact = await olivia.post(`/api/governance/contacts/${DEMO.emily.id}/policies/${NL}`, {
      permissions: [...STARTER_PERMISSIONS, 'generalChat', 'calls'],
      pipelineIds: [SUPPORT, returns],
    });
    expect(contact.status, JSON.stringify(contact.body)).toBe(200);
  });

  it('signs Emily in to her portal, and refuses a file of a type that is not accepted next to its field', async () => {
    ({ page: client } = await openPage(browser, problems));
    await signInToPortal(client, problems, sys.gatewayUrl, { login: emily.login, password: STRONG_PASSWORD });
    await waitForText(client.getByTestId('requests'), 'Update the delivery address');
    await client.getByRole('button', { name: 'New request' }).click();
    const form = client.getByTestId('new-request-form');
    await form.getByLabel('Photo of the damage').waitFor();
    await expectAccessible(client, 'the new request form');
    // A pipeline without a responsible says why instead of showing its form.
    await form.getByLabel('Pipeline').selectOption({ label: 'Returns' });
    expect(await waitForText(form.getByTestId('new-request-refusal'), 'responsible')).toBe(
      'Returns does not accept requests at the moment: nobody on the team is responsible for this pipeline yet, so it accepts no requests.',
    );
    expect(await form.getByRole('button', { name: 'Review the request' }).isVisible()).toBe(false);
    await expectAccessible(client, 'a pipeline that accepts no requests');
    await form.getByLabel('Pipeline').selectOption({ label: 'Support' });
    problems.allowHttpError(415, '/api/portal/attachments');
    await form.getByLabel('Photo of the damage').setInputFiles({ name: 'tool.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ') });
    expect(await waitForText(client.locator('#new-request-field-photo_of_the_damage-error'), 'not accepted')).toContain(
      'files of type application/x-msdownload are not accepted',
    );
    expect(await form.getByLabel('Photo of the damage').getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByTestId('file-ready').count()).toBe(0);
  });

  it('fills the form with a file field and another file, checks the summary, goes back, and submits it with the keyboard', async () => {
    const form = client.getByTestId('new-request-form');
    await form.getByLabel('Title').fill(TITLE);
    await form.getByLabel('Description').fill('Two boxes arrived crushed.');
    await form.getByLabel('Urgency').selectOption('high');
    // Required fields are checked before the summary, each beside its field.
    await form.getByRole('button', { name: 'Review the request' }).click();
    expect(await waitForText(client.locator('#new-request-field-delivery_date-error'), 'required')).toBe('Delivery date is required.');
    expect(await client.evaluate(() => document.activeElement?.id)).toBe('new-request-field-delivery_date');
    await form.getByLabel('Delivery date').fill('2026-12-01');
    await form.getByLabel('Photo of the damage').setInputFiles({ name: 'dock.png', mimeType: 'image/png', buffer: PNG });
    await form.getByTestId('field-photo_of_the_damage').getByTestId('file-ready').filter({ hasText: 'dock.png' }).waitFor();
    await form.getByLabel('Other files').setInputFiles({ name: 'delivery-note.txt', mimeType: 'text/plain', buffer: Buffer.from('Delivery note 4711') });
    await form.getByTestId('new-request-files').getByTestId('file-ready').filter({ hasText: 'delivery-note.txt' }).waitFor();
    await form.getByRole('button', { name: 'Review the request' }).click();

    const summary = client.getByTestId('new-request-summary');
    const text = await waitForText(summary, TITLE);
    for (const part of [
      'Northern Light',
      'Support',
      'Two boxes arrived crushed.',
      'Urgency',
      'high',
      'Photo of the damage',
      'dock.png',
      'Delivery date2026-12-01',
      'delivery-note.txt',
    ])
      expect(text).toContain(part);
    // The summary takes the focus from the form it replaces.
    const focused = () => client.evaluate(() => document.activeElement?.id ?? '');
    await expect.poll(focused).toBe('new-request-summary-title');
    await expectAccessible(client, 'the summary of a new request');

    await summary.getByRole('button', { name: 'Back' }).click();
    expect(await form.getByLabel('Title').inputValue()).toBe(TITLE);
    expect(await form.getByTestId('file-ready').count()).toBe(2);
    await form.getByRole('button', { name: 'Review the request' }).click();
    await waitForText(summary, TITLE);
    await expect.poll(focused).toBe('new-request-summary-title');
    // From the summary's heading: Back, then Submit.
    await client.keyboard.press('Tab');
    await client.keyboard.press('Tab');
    expect(await client.evaluate(() => document.activeElement?.textContent)).toBe('Submit');
    await client.keyboard.press('Enter');

    const detail = client.getByTestId('request-detail');
    await waitForText(detail.getByRole('heading', { level: 4 }), TITLE);
    expect(await waitForText(client.getByTestId('request-files'), 'delivery-note.txt')).toContain('dock.png');
    await expect.poll(() => client.getByTestId('request-fields').textContent()).toContain('Urgencyhigh');
    expect(await client.getByTestId('request-fields').getByRole('link', { name: 'dock.png' }).getAttribute('download')).toBe('dock.png');
    const item = client.getByTestId('request-item').filter({ hasText: TITLE });
    await expect.poll(() => item.textContent()).toContain('Responsible: Olivia Grant');
    await expect.poll(() => item.textContent()).toContain('New');
    await expectAccessible(client, 'a new request with its files');
  });

  it('shows the new request in the team’s inbox, waiting for the team, with the form and both files', async () => {
    await employee.getByRole('button', { name: 'Requests', exact: true }).click();
    await employee.getByLabel('Waiting for the team').check();
    await employee.getByTestId('inbox-company').selectOption({ label: 'Northern Light' });
    const row = employee.getByTestId('inbox-row').filter({ hasText: TITLE });
    await row.waitFor();
    await expect.poll(() => row.textContent()).toContain('Waiting for the team');
    await expect.poll(() => employee.getByTestId('inbox-page-info').textContent()).toMatch(/^Page 1 of 1 · \d+ requests?$/);
    await expectAccessible(employee, 'the requests inbox');
    await row.getByRole('button', { name: `Open the request ${TITLE}` }).click();
    const detail = employee.getByTestId('team-request');
    await waitForText(detail.getByRole('heading', { level: 3 }), TITLE);
    await expect.poll(() => employee.getByTestId('request-fields').textContent()).toContain('dock.png');
    await expect.poll(() => employee.getByTestId('request-files').textContent()).toContain('delivery-note.txt');
    await expectAccessible(employee, 'a request, the team’s side');
  });

  it('replies with a file, adds an internal comment, and sets “waiting for the client” with a next step', async () => {
    const detail = employee.getByTestId('team-request');
    await detail.getByLabel('Reply', { exact: true }).fill(REPLY);
    await detail.getByLabel('Files (optional)').setInputFiles({ name: 'claim-form.txt', mimeType: 'text/plain', buffer: Buffer.from('Claim form') });
    await detail.getByTestId('request-reply-files').getByTestId('file-ready').waitFor();
    await detail.getByRole('button', { name: 'Send reply' }).click();
    expect(await waitForText(employee.getByTestId('request-reply-notice'), 'sent')).toBe('The reply is sent to the client.');
    await waitForText(employee.getByTestId('request-messages'), REPLY);

    await detail.getByLabel('Internal comment (the client does not see it)').check();
    await detail.getByLabel('Internal comment', { exact: true }).fill(INTERNAL);
    await detail.getByRole('button', { name: 'Add internal comment' }).click();
    const internal = employee.getByTestId('message').filter({ hasText: INTERNAL });
    await internal.waitFor();
    await expect.poll(() => internal.textContent()).toContain('Internal — not visible to the client');
    expect(await internal.getAttribute('data-internal')).toBe('true');
    expect(await employee.getByTestId('message').filter({ hasText: REPLY }).textContent()).not.toContain('Internal —');

    await detail.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Waiting for the client' });
    await detail.getByRole('button', { name: 'Save status' }).click();
    expect(await waitForText(employee.locator('#request-nextStep-error'), 'next')).toContain('Say what the client is to do next');
    expect(await detail.getByLabel('Next step for the client').getAttribute('aria-invalid')).toBe('true');
    await detail.getByLabel('Next step for the client').fill(NEXT_STEP);
    await detail.getByRole('button', { name: 'Save status' }).click();
    expect(await waitForText(employee.getByTestId('request-status-notice'), 'waiting')).toBe('The status is waiting for the client.');
    await expect.poll(() => employee.getByTestId('request-facts').textContent()).toContain(NEXT_STEP);
    const history = await employee.getByTestId('request-history').textContent();
    for (const kind of ['Created', 'Message', 'Internal comment', 'Status changed']) expect(history).toContain(kind);
    await expectAccessible(employee, 'a request after a reply, an internal comment and a status change');
    await screenshot(employee, 'governance-request');
  });

  it('shows Emily the reply with its file and the next step, and never the internal comment', async () => {
    await client.reload();
    const item = client.getByTestId('request-item').filter({ hasText: TITLE });
    await item.waitFor();
    await expect.poll(() => item.textContent()).toContain(`Next step for you: ${NEXT_STEP}`);
    await expect.poll(() => item.textContent()).toContain('Waiting for the client');
    await item.getByRole('button').click();
    expect(await waitForText(client.getByTestId('next-step'), NEXT_STEP)).toBe(`Next step for you${NEXT_STEP}`);
    const chat = client.getByTestId('chat-messages');
    expect(await waitForText(chat, REPLY)).toContain('claim-form.txt');
    expect(await client.getByTestId('request-detail').textContent()).not.toContain(INTERNAL);
    expect(await client.content()).not.toContain('do not tell the client');
    expect(await waitForText(client.getByTestId('request-files'), 'claim-form.txt')).toContain('dock.png');

    // The file downloads with the client's session, as it was uploaded.
    const href = await chat.getByRole('link', { name: 'claim-form.txt' }).getAttribute('href');
    const download = await client.request.get(`${sys.gatewayUrl}${href}`);
    expect(download.status()).toBe(200);
    expect(await download.text()).toBe('Claim form');
    await expectAccessible(client, 'a request waiting for the client');

    // Emily may delete the files she uploaded, not those of the team.
    const files = client.getByTestId('request-files');
    expect(await files.getByRole('button', { name: 'Delete the file claim-form.txt' }).count()).toBe(0);
    await files.getByRole('button', { name: 'Delete the file delivery-note.txt' }).click();
    expect(await waitForText(client.locator('#request-files-notice'), 'deleted')).toBe('The file delivery-note.txt is deleted.');
    expect(await files.textContent()).not.toContain('delivery-note.txt');
  });

  it('keeps Emily’s private notes, and lays the request out for a phone', async () => {
    const notes = client.getByTestId('notes');
    await expect.poll(() => notes.textContent()).toContain('Only you see these notes');
    await notes.getByLabel('New note').fill('Ask Tom for the delivery note.');
    await notes.getByRole('button', { name: 'Add note' }).click();
    await waitForText(notes.getByTestId('note-list'), 'Ask Tom');
    await client.setViewportSize({ width: 375, height: 800 });
    expect(await fitsTheWidth(client)).toBe(true);
    await expectAccessible(client, 'a request on a phone');
    await screenshot(client, 'portal-request');
    await notes.getByRole('button', { name: /^Delete the note/ }).click();
    await expect.poll(() => notes.getByTestId('note').count()).toBe(0);
    await client.setViewportSize({ width: 1280, height: 800 });
  });

  it('lets Emily and the team talk in Northern Light’s general channel, with a call link on both sides', async () => {
    const channel = client.getByTestId('general-channel');
    await channel.getByLabel('Your message to the team').waitFor();
    const call = channel.getByRole('link', { name: /Start a call/ });
    expect(await call.getAttribute('href')).toMatch(/^https:\/\/meet\.example\.test\//);
    expect(await call.getAttribute('target')).toBe('_blank');
    expect(await call.getAttribute('rel')).toContain('noopener');
    await channel.getByLabel('Your message to the team').fill('Is the dock open on Saturday?');
    await channel.getByRole('button', { name: 'Send to the channel' }).click();
    await waitForText(channel.getByTestId('channel-messages'), 'Saturday');
    await expectAccessible(client, 'the general channel');

    await employee.getByRole('tab', { name: 'General channels' }).click();
    const team = employee.getByTestId('team-channel');
    await team.getByLabel('Company').selectOption({ label: 'Northern Light' });
    await waitForText(team.getByTestId('team-channel-messages'), 'Saturday');
    expect(await team.getByRole('link', { name: /Start a call/ }).getAttribute('target')).toBe('_blank');
    await team.getByLabel('Message to the company’s clients').fill('Yes, from 8 to 12.');
    await team.getByRole('button', { name: 'Send to the channel' }).click();
    await waitForText(team.getByTestId('team-channel-messages'), 'from 8 to 12');
    await expectAccessible(employee, 'the general channel, the team’s side');
    // The tabs follow the arrow keys.
    await employee.getByRole('tab', { name: 'General channels' }).focus();
    await employee.keyboard.press('ArrowLeft');
    expect(await employee.getByRole('tab', { name: 'Inbox' }).getAttribute('aria-selected')).toBe('true');
  });

  it('shows an account manager the pipelines read-only, and only the requests of the companies he governs', async () => {
    const { page: adam } = await openPage(browser, problems);
    await signInToGovernance(adam, problems, sys.gatewayUrl, DEMO.manager, '/extranet-governance#pipelines');
    await adam.getByRole('button', { name: 'Pipelines', exact: true }).click();
    await adam.getByTestId('pipeline-row').filter({ hasText: 'Support' }).getByRole('button', { name: 'Open the pipeline Support' }).click();
    const editor = adam.getByTestId('pipeline-editor');
    expect(await waitForText(editor, 'you can read this one')).toContain('Only administrators and department leads change pipelines');
    expect(await editor.getByLabel('Name').isDisabled()).toBe(true);
    expect(await editor.getByRole('button', { name: 'Save the pipeline' }).isDisabled()).toBe(true);
    expect(await adam.getByRole('button', { name: 'New pipeline' }).count()).toBe(0);
    await expectAccessible(adam, 'a pipeline, read-only');

    await adam.getByRole('button', { name: 'Requests', exact: true }).click();
    await waitForText(adam.getByTestId('inbox'), 'Harbor terminal access badges');
    expect(await adam.getByTestId('inbox').textContent()).not.toContain(TITLE);
    await adam.close();
  });
});
