import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible, launchBrowser, openPage, signInToGovernance, waitForText, watchPageProblems, focusedId } from './browser.js';
import { startSystem, type TestSystem } from './harness.js';
import { employeeAgent, onboardEmily } from './flows.js';
import type { Agent } from './agent.js';
import { DEMO } from '../domain/demo.js';
import { STARTER_PERMISSIONS } from '../domain/vocabulary.js';
import { CHANNEL_KIND_WORDS } from '../domain/wording.js';

const NL = DEMO.northernLight.id;
const SUPPORT = DEMO.pipelines.support.id;

describe('Governance in the browser: the onboarding checklist and the channel links across clients', () => {
  let sys: TestSystem;
  let browser: Browser;
  let employee: Page;
  let olivia: Agent;
  let emily: Awaited<ReturnType<typeof onboardEmily>>;
  const problems = watchPageProblems();

  beforeAll(async () => {
    // The Bot API is never reached: a pending connection only needs the bot's name.
    sys = await startSystem({ telegram: { apiUrl: 'http://127.0.0.1:9', token: 't', secret: 'webhook-secret-0123456789' } });
    olivia = await employeeAgent(sys);
    // Activation signs Emily in: her link is on the checklist.
    emily = await onboardEmily(sys, olivia);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
  });

  it('shows Olivia Emily on the onboarding checklist, above the client links, and opens her link from it', async () => {
    ({ page: employee } = await openPage(browser, problems));
    await signInToGovernance(employee, problems, sys.gatewayUrl);
    const checklist = employee.getByTestId('onboarding-checklist');
    const item = checklist.getByTestId('checklist-item').filter({ hasText: emily.login });
    await item.waitFor();
    expect(await employee.locator('#section-links > :first-child').getAttribute('id')).toBe('onboarding-checklist');
    expect(await item.getAttribute('data-link-id')).toBe(emily.linkId);
    const text = (await item.textContent()) ?? '';
    for (const part of [
      `Emily Carter (${emily.login})`,
      'Contact: Emily Carter',
      DEMO.northernLight.name,
      'first signed in',
      'Check what they can reach (open the link, use View as / Diagnostics), then mark it re-checked',
    ])
      expect(text).toContain(part);
    // Daniel's seeded link never signed in: not on the list.
    expect(await checklist.getByTestId('checklist-item').count()).toBe(1);
    expect(await checklist.locator('#checklist-empty').isVisible()).toBe(false);
    await expectAccessible(employee, 'Governance → Client links with the onboarding checklist');

    await item.getByRole('button', { name: 'Open the link' }).click();
    const detail = employee.getByTestId('link-detail');
    expect(await waitForText(detail, emily.login)).toContain(emily.login);
  });

  it('marks Emily re-checked: the entry leaves the list (for the server too), a notice says so', async () => {
    const checklist = employee.getByTestId('onboarding-checklist');
    await checklist.getByTestId('checklist-item').filter({ hasText: emily.login }).getByRole('button', { name: 'Mark re-checked' }).click();
    expect(await waitForText(employee.getByTestId('checklist-notice'), 're-checked')).toBe(`Emily Carter (${emily.login}) is marked re-checked.`);
    await expect.poll(() => checklist.getByTestId('checklist-item').count()).toBe(0);
    expect(await checklist.locator('#checklist-empty').isVisible()).toBe(true);
    // The item's buttons are gone: the focus is on the checklist's heading.
    expect(await focusedId(employee)).toBe('checklist-title');
    const list = (await olivia.get('/api/governance/onboarding-checklist')).body.links as { linkId: string }[];
    expect(list.map((l) => l.linkId)).not.toContain(emily.linkId);
    const trail = (await olivia.get(`/api/governance/audit?linkId=${emily.linkId}`)).body;
    expect(JSON.stringify(trail)).toContain('link.access_checked');
    await expectAccessible(employee, 'Governance → an empty onboarding checklist');
  });

  it('lists Emily’s pending Telegram connection under Channel links, filtered, and revokes it after an inline confirmation', async () => {
    const allow = await olivia.post(`/api/governance/contacts/${DEMO.emily.id}/policies/${NL}`, {
      permissions: [...STARTER_PERMISSIONS, 'telegram'],
      pipelineIds: [SUPPORT],
    });
    expect(allow.status, JSON.stringify(allow.body)).toBe(200);
    const code = await emily.client.post('/api/portal/channel-links/telegram', {});
    expect(code.status, JSON.stringify(code.body)).toBe(201);
    const listed = await olivia.get('/api/governance/channel-links?kind=telegram&status=pending');
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    expect(listed.body.channelLinks).toEqual([
      expect.objectContaining({
        linkId: emily.linkId,
        kind: 'telegram',
        status: 'pending',
        contactName: 'Emily Carter',
        companyNames: [DEMO.northernLight.name],
      }),
    ]);

    await employee.locator('#nav-channels').click();
    const section = employee.locator('#section-channels');
    await section.waitFor();
    const rows = section.getByTestId('channel-link-row');
    const row = rows.filter({ hasText: 'Emily Carter' });
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('pending');
    const text = (await row.textContent()) ?? '';
    for (const part of [DEMO.northernLight.name, CHANNEL_KIND_WORDS.telegram.label, 'Pending', 'waiting for the code']) expect(text).toContain(part);

    // The filters: the company, the kind and the status each narrow the list.
    await section.getByLabel('Company').selectOption(NL);
    await section.getByLabel('Kind').selectOption('telegram');
    await section.getByLabel('Status').selectOption('pending');
    await expect.poll(() => rows.count()).toBe(1);
    await section.getByLabel('Kind').selectOption('widget');
    await expect.poll(() => rows.count()).toBe(0);
    expect(await section.locator('#channels-list-empty').isVisible()).toBe(true);
    await section.getByLabel('Kind').selectOption('telegram');
    await row.waitFor();
    await section.getByLabel('Status').selectOption('');
    await expectAccessible(employee, 'Governance → Channel links');

    // Revoke asks first; Cancel leaves it be.
    await row.getByRole('button', { name: 'Revoke the Telegram connection of Emily Carter' }).click();
    await row.getByRole('button', { name: 'Cancel' }).click();
    expect(await row.getAttribute('data-status')).toBe('pending');
    await row.getByRole('button', { name: 'Revoke the Telegram connection of Emily Carter' }).click();
    await expectAccessible(employee, 'Governance → Channel links, confirming a revocation');
    await row.getByRole('button', { name: 'Yes, revoke' }).click();
    expect(await waitForText(section.getByTestId('channel-links-notice'), 'revoked')).toBe('The Telegram connection of Emily Carter is revoked.');
    await expect.poll(() => row.getAttribute('data-status')).toBe('revoked');
    expect(await row.getByRole('button', { name: /Revoke/ }).count()).toBe(0);
    expect(await focusedId(employee)).toBe('channels-title');
    const after = await olivia.get('/api/governance/channel-links?kind=telegram');
    expect(after.body.channelLinks).toEqual([expect.objectContaining({ status: 'revoked', revokedAt: expect.any(String) })]);

    // Its contact opens the link in Client links.
    await row.getByRole('button', { name: 'Open the link of Emily Carter' }).click();
    expect(await employee.locator('#nav-links').getAttribute('aria-current')).toBe('page');
    expect(await waitForText(employee.getByTestId('link-detail'), emily.login)).toContain(emily.login);
  });
});
