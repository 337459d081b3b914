import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { expectAccessible, launchBrowser, openPage, screenshot, signInToGovernance, waitForText, watchPageProblems, signInToPortal } from './browser.js';
import { startSystem, type TestSystem } from './harness.js';
import { STRONG_PASSWORD, employeeAgent, onboardEmily, publishToSign } from './flows.js';
import type { Agent } from './agent.js';
import { DEMO } from '../domain/demo.js';
import { CLIENT_NOTIFICATION_KINDS, EMPLOYEE_NOTIFICATION_KINDS, type NotificationKind, STARTER_PERMISSIONS } from '../domain/vocabulary.js';
import { NOTIFICATION_KIND_WORDS } from '../domain/wording.js';

const NL = DEMO.northernLight.id;
const SUPPORT = DEMO.pipelines.support.id;
const NEXT_STEP = 'Send the photos';
const DOCUMENT = 'Northern Light maintenance plan';
const NEW_REQUEST = 'Second pump at the harbour';

/** A client's checkbox in the settings table, by its accessible name: the kind and the channel. */
function choice(scope: Locator, kind: NotificationKind, channel: 'email' | 'telegram'): Locator {
  const name = `${NOTIFICATION_KIND_WORDS[kind]} — ${channel === 'email' ? 'by email' : 'on Telegram'}`;
  return scope.getByRole('checkbox', { name, exact: true });
}

describe('notifications in the browser: the client’s card on the portal home, the team’s section in Governance', () => {
  let sys: TestSystem;
  let browser: Browser;
  let client: Page;
  let employee: Page;
  let olivia: Agent;
  let emily: Awaited<ReturnType<typeof onboardEmily>>;
  let request: { id: string; title: string };
  const problems = watchPageProblems();

  /** Clicks Refresh until the feed shows an item with the text (the worker delivers after the 2-second window). */
  async function refreshUntil(page: Page, text: string): Promise<Locator> {
    const item = page.getByTestId('notification-item').filter({ hasText: text });
    await expect
      .poll(
        async () => {
          await page.locator('#notifications-refresh').click();
          return item.count();
        },
        { timeout: 20_000, interval: 1000 },
      )
      .toBeGreaterThan(0);
    return item.first();
  }

  beforeAll(async () => {
    sys = await startSystem();
    olivia = await employeeAgent(sys);
    emily = await onboardEmily(sys, olivia);
    request = await sys.db('requests.requests').where({ company_id: NL, pipeline_id: SUPPORT }).first();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
  });

  it('shows Emily an empty Notifications card and her notification settings near the top of the portal home', async () => {
    ({ page: client } = await openPage(browser, problems));
    await signInToPortal(client, problems, sys.gatewayUrl, { login: emily.login, password: STRONG_PASSWORD });

    expect(await waitForText(client.getByTestId('notifications-unread'), 'unread')).toBe('(0 unread)');
    expect(await client.locator('#notifications-title').textContent()).toBe('Notifications (0 unread)');
    expect(await client.locator('#notifications-empty').isVisible()).toBe(true);
    expect(await client.getByRole('button', { name: 'Mark all as read' }).isDisabled()).toBe(true);
    // The card comes right after the welcome.
    expect(await client.locator('#home > :nth-child(2)').getAttribute('id')).toBe('notifications-section');
    const settings = client.getByTestId('notification-settings');
    await expect.poll(() => settings.getByTestId('notification-setting').count()).toBe(CLIENT_NOTIFICATION_KINDS.length);
    // No company of hers allows Telegram: email only.
    expect(await settings.getByTestId('notification-setting-telegram').count()).toBe(0);
    expect(await settings.getByRole('heading').textContent()).toBe('Email settings');

    // Northern Light allows Telegram for her now: the settings offer it beside email.
    const allow = await olivia.post(`/api/governance/contacts/${DEMO.emily.id}/policies/${NL}`, {
      permissions: [...STARTER_PERMISSIONS, 'telegram'],
      pipelineIds: [SUPPORT],
    });
    expect(allow.status, JSON.stringify(allow.body)).toBe(200);
    await client.reload();
    await expect.poll(() => settings.getByTestId('notification-setting-telegram').count()).toBe(CLIENT_NOTIFICATION_KINDS.length);
    expect(await settings.getByTestId('notification-setting').count()).toBe(CLIENT_NOTIFICATION_KINDS.length);
    expect(await settings.getByRole('heading').textContent()).toBe('Notification settings');
    // A row per kind, a column per channel: each checkbox says both, with a predictable id; all ticked at first.
    const table = settings.getByRole('table');
    expect(await table.getByRole('columnheader').allTextContents()).toEqual(['Notification', 'By email', 'On Telegram']);
    expect(await table.getByRole('rowheader').allTextContents()).toEqual(CLIENT_NOTIFICATION_KINDS.map((k) => NOTIFICATION_KIND_WORDS[k]));
    for (const kind of CLIENT_NOTIFICATION_KINDS) {
      for (const channel of ['email', 'telegram'] as const) {
        const box = choice(settings, kind, channel);
        expect(await box.getAttribute('id')).toBe(`notification-${channel}-${kind}`);
        expect(await box.isChecked()).toBe(true);
      }
    }
  });

  it('shows a status change with its next step, and a document whose link opens its card', async () => {
    const status = await olivia.post(`/api/governance/requests/${request.id}/status`, { status: 'waiting_for_client', nextStep: NEXT_STEP });
    expect(status.status, JSON.stringify(status.body)).toBe(200);
    const documentId = await publishToSign(olivia, DOCUMENT);

    const item = await refreshUntil(client, NEXT_STEP);
    const text = (await item.textContent()) ?? '';
    for (const part of [request.title, `Next step for you: ${NEXT_STEP}`, 'Unread']) expect(text).toContain(part);
    expect(await item.getAttribute('data-unread')).toBe('true');
    expect(await item.getAttribute('data-kind')).toBe('request_status');
    // A status item leads nowhere in particular: no link, only Mark as read.
    expect(await item.getByTestId('notification-link').count()).toBe(0);
    // Its button says what it marks (the item's title describes it).
    const mark = item.getByRole('button', { name: 'Mark as read', exact: true });
    expect(await mark.getAttribute('aria-describedby')).toBe(await item.locator('strong').getAttribute('id'));

    const doc = await refreshUntil(client, DOCUMENT);
    const link = doc.getByRole('link', { name: 'Open the document' });
    expect(await link.getAttribute('href')).toBe(`/extranet/documents/${documentId}`);
    expect(await waitForText(client.getByTestId('notifications-unread'), '2 unread')).toBe('(2 unread)');
    await expectAccessible(client, 'the portal home with unread notifications');
    await screenshot(client, 'portal-notifications');

    // The link opens the document's card below (no page load) and marks the item read.
    await link.click();
    const card = client.getByTestId('document-card');
    await waitForText(card.getByRole('heading', { level: 4 }), DOCUMENT);
    expect(new URL(client.url()).pathname).toBe('/extranet');
    expect(await waitForText(client.getByTestId('notifications-unread'), '1 unread')).toBe('(1 unread)');
    expect(await doc.getAttribute('data-unread')).toBe('false');
  });

  it('marks all as read: the count goes to 0, for the server too', async () => {
    await client.getByRole('button', { name: 'Mark all as read' }).click();
    expect(await waitForText(client.getByTestId('notifications-notice'), 'read')).toBe('All notifications are marked as read.');
    expect(await waitForText(client.getByTestId('notifications-unread'), '0 unread')).toBe('(0 unread)');
    expect(await client.locator('[data-testid="notification-item"][data-unread="true"]').count()).toBe(0);
    expect(await client.getByTestId('notification-item').getByText('Unread', { exact: true }).count()).toBe(0);
    expect(await client.getByRole('button', { name: 'Mark all as read' }).isDisabled()).toBe(true);
    expect((await emily.client.get('/api/portal/notifications')).body.unread).toBe(0);
  });

  it('saves Emily’s choices per channel: each kind is sent whole, so a Telegram tick keeps its email choice', async () => {
    type Saved = { kind: string; email: boolean; telegram: boolean }[];
    const stored = async () => (await emily.client.get('/api/portal/notification-settings')).body.settings as Saved;
    const save = async () => {
      await client.getByTestId('notification-settings').getByRole('button', { name: 'Save notification settings' }).click();
      expect(await waitForText(client.getByTestId('notification-settings-notice'), 'saved')).toBe('Your notification settings are saved.');
    };
    const settingsAfterReload = async () => {
      await client.reload();
      const again = client.getByTestId('notification-settings');
      await expect.poll(() => again.getByTestId('notification-setting-telegram').count()).toBe(CLIENT_NOTIFICATION_KINDS.length);
      return again;
    };
    const others = (saved: Saved) => saved.filter((x) => x.kind !== 'request_reply');

    // Replies: neither by email nor on Telegram.
    let settings = client.getByTestId('notification-settings');
    await choice(settings, 'request_reply', 'email').uncheck();
    await choice(settings, 'request_reply', 'telegram').uncheck();
    await save();
    let saved = await stored();
    expect(saved).toContainEqual({ kind: 'request_reply', email: false, telegram: false });
    expect(others(saved)).toEqual(CLIENT_NOTIFICATION_KINDS.filter((k) => k !== 'request_reply').map((kind) => ({ kind, email: true, telegram: true })));
    settings = await settingsAfterReload();
    expect(await choice(settings, 'request_reply', 'email').isChecked()).toBe(false);
    expect(await choice(settings, 'request_reply', 'telegram').isChecked()).toBe(false);
    expect(await choice(settings, 'request_status', 'telegram').isChecked()).toBe(true);

    // Then on Telegram again: stored as true, and the email choice of the kind (off) is kept.
    await choice(settings, 'request_reply', 'telegram').check();
    await save();
    saved = await stored();
    expect(saved).toContainEqual({ kind: 'request_reply', email: false, telegram: true });
    expect(others(saved).every((x) => x.email && x.telegram)).toBe(true);
    settings = await settingsAfterReload();
    expect(await choice(settings, 'request_reply', 'telegram').isChecked()).toBe(true);
    expect(await choice(settings, 'request_reply', 'email').isChecked()).toBe(false);
    await expectAccessible(client, 'the portal’s notification settings');
  });

  it('shows Olivia a new client request in Governance → Notifications, with the unread count in the navigation', async () => {
    ({ page: employee } = await openPage(browser, problems));
    await signInToGovernance(employee, problems, sys.gatewayUrl);
    const created = await emily.client.post('/api/portal/requests', {
      companyId: NL,
      pipelineId: SUPPORT,
      title: NEW_REQUEST,
      description: 'It leaks',
      fields: { urgency: 'high' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);

    await employee.locator('#nav-notifications').click();
    const section = employee.locator('#section-notifications');
    await section.waitFor();
    const item = await refreshUntil(employee, NEW_REQUEST);
    expect(await item.textContent()).toContain('New client request');
    expect(await item.getAttribute('data-kind')).toBe('request_created');
    expect(await waitForText(employee.getByTestId('nav-unread'), /\d/)).toMatch(/^\d+ unread$/);
    const settings = employee.getByTestId('notification-settings');
    await expect.poll(() => settings.getByTestId('notification-setting').count()).toBe(EMPLOYEE_NOTIFICATION_KINDS.length);
    for (const kind of EMPLOYEE_NOTIFICATION_KINDS) expect(await settings.getByLabel(NOTIFICATION_KIND_WORDS[kind]).isChecked()).toBe(true);
    await expectAccessible(employee, 'Governance → Notifications');
    await screenshot(employee, 'governance-notifications');

    // Marked read on its own: the count leaves the navigation, the focus goes back to the feed's heading.
    await item.getByRole('button', { name: 'Mark as read', exact: true }).click();
    expect(await waitForText(employee.getByTestId('notifications-notice'), 'read')).toBe('The notification is marked as read.');
    expect(await waitForText(employee.getByTestId('notifications-unread'), '0 unread')).toBe('(0 unread)');
    expect(await item.getAttribute('data-unread')).toBe('false');
    await expect.poll(() => employee.evaluate(() => document.activeElement?.id ?? '')).toBe('notifications-title');
    await expect.poll(() => employee.getByTestId('nav-unread').count()).toBe(0);
    expect((await olivia.get('/api/governance/notifications')).body.unread).toBe(0);
    // Its link shows the Requests section.
    await item.getByRole('link', { name: 'Go to Requests' }).click();
    expect(await employee.locator('#nav-requests').getAttribute('aria-current')).toBe('page');
    expect(await section.isHidden()).toBe(true);
  });
});
