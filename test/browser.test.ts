import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible, launchBrowser, openPage, waitForText, watchPageProblems } from './browser.js';
import { startSystem, type TestSystem } from './harness.js';
import { DEMO } from '../domain/demo.js';

const STRONG = 'Northern-Light-2026!';
const tokenFrom = (text: string) => /#token=([A-Za-z0-9_-]{43})/.exec(text)?.[1];

describe('an employee links a client in the browser and the client activates their access', () => {
  let sys: TestSystem;
  let browser: Browser;
  let employee: Page;
  let client: Page;
  let linkId: string;
  let activationUrl: string;
  const problems = watchPageProblems();

  beforeAll(async () => {
    sys = await startSystem();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
  });

  it('serves each app at every path under it, with hashed assets cached for good and a policy without inline scripts or styles', async () => {
    for (const [path, title] of [
      ['/extranet', 'Extranet — Client portal'],
      ['/extranet/activate', 'Extranet — Client portal'],
      ['/extranet-governance', 'Extranet Governance'],
      ['/extranet-governance/links/x', 'Extranet Governance'],
    ]) {
      const res = await fetch(`${sys.gatewayUrl}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control'), path).toBe('no-store');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).toContain("style-src 'self'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).not.toContain('unsafe-inline');
      const html = await res.text();
      expect(html, path).toContain(`<title>${title}</title>`);
      expect(html, path).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>|<style|\sstyle=/);
      for (const asset of html.match(/\/assets\/[\w-]+\.(?:js|css)/g) ?? []) {
        const a = await fetch(`${sys.gatewayUrl}${asset}`);
        expect(a.status, asset).toBe(200);
        expect(a.headers.get('cache-control'), asset).toBe('public, max-age=31536000, immutable');
        expect(a.headers.get('content-type'), asset).toMatch(asset.endsWith('.js') ? /javascript/ : /text\/css/);
      }
    }
    expect((await fetch(`${sys.gatewayUrl}/assets/missing-0000.js`)).status).toBe(404);
    expect((await fetch(`${sys.gatewayUrl}/assets/..%2Fportal%2Findex.html`)).status).toBe(404);
  });

  it('offers a visitor of the governance area a sign-in link', async () => {
    ({ page: employee } = await openPage(browser, problems));
    // The page asks who is signed in; the answer for a visitor is 401.
    problems.allowHttpError(401, '/api/governance/me');
    await employee.goto(`${sys.gatewayUrl}/extranet-governance`);
    const signIn = employee.getByRole('link', { name: 'Sign in' });
    await signIn.waitFor();
    expect(await signIn.getAttribute('href')).toBe('/auth/login');
    expect(await employee.locator('#nav').isHidden()).toBe(true);
    await expectAccessible(employee, 'Governance, signed out');
  });

  it('signs the employee in through the real OIDC login form', async () => {
    await employee.getByRole('link', { name: 'Sign in' }).click();
    await employee.getByRole('heading', { name: 'Vector employee sign-in' }).waitFor();
    await employee.getByLabel('Email').fill(DEMO.employee.login);
    await employee.getByLabel('Password').fill(DEMO.employee.password);
    await employee.getByRole('button', { name: 'Sign in' }).click();
    await employee.waitForURL(new RegExp(`^${sys.gatewayUrl}/extranet-governance`));
    expect(await waitForText(employee.getByTestId('who'), 'Olivia Grant')).toBe('Signed in as Olivia Grant (administrator)');
    await employee.getByRole('heading', { name: 'Client links' }).waitFor();
    await employee.getByTestId('links-page-info').filter({ hasText: 'Page' }).waitFor();
    await expectAccessible(employee, 'Governance, client links');
  });

  it('creates the portal user emily.carter in step 1 of the wizard', async () => {
    await employee.getByRole('button', { name: 'Link a client user' }).click();
    await expectAccessible(employee, 'the link wizard, step 1');
    await employee.locator('#new-user-login').fill('emily.carter');
    await employee.locator('#new-user-email').fill(DEMO.emily.email);
    await employee.locator('#new-user-first-name').fill('Emily');
    await employee.locator('#new-user-last-name').fill('Carter');
    await employee.getByRole('button', { name: 'Create user' }).click();
    expect(await waitForText(employee.getByTestId('wizard-user'), 'emily.carter')).toBe(`Emily Carter (emily.carter, ${DEMO.emily.email})`);
  });

  it('chooses Northern Light and the contact Emily Carter in step 2, and shows the exact combination in step 3', async () => {
    const companies = employee.getByTestId('wizard-companies');
    // Only client companies are offered: the agency itself is not.
    await companies.getByRole('checkbox', { name: 'Northern Light', exact: true }).waitFor();
    expect(await companies.getByRole('checkbox', { name: DEMO.agency.name, exact: true }).count()).toBe(0);
    await companies.getByRole('checkbox', { name: 'Northern Light', exact: true }).check();
    await employee.getByTestId('wizard-contacts').getByRole('radio', { name: 'Emily Carter', exact: true }).check();
    expect(await employee.getByTestId('wizard-default').getByRole('radio', { name: 'Northern Light', exact: true }).isChecked()).toBe(true);
    await expectAccessible(employee, 'the link wizard, step 2');
    await employee.getByRole('button', { name: 'Review' }).click();
    const review = await waitForText(employee.getByTestId('wizard-review'), 'emily.carter');
    expect(review).toContain('Emily Carter');
    expect(review).toContain('Northern Light');
    expect(review).toContain(DEMO.emily.email);
    expect(review).not.toContain('Blue Harbor');
    await expectAccessible(employee, 'the link wizard, step 3 (review)');
  });

  it('confirms in step 4 and tells the employee the invitation email is on its way', async () => {
    await employee.getByTestId('wizard-confirm').click();
    const id = await waitForText(employee.getByTestId('wizard-link-id'), /[0-9a-f-]{36}/);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    linkId = id;
    expect(await employee.getByTestId('wizard-done').textContent()).toContain(`The invitation email is on its way to ${DEMO.emily.email}.`);
    await expectAccessible(employee, 'the link wizard, step 4 (confirmed)');
  });

  it('sends Emily one email with her activation link', async () => {
    const mail = await sys.mail.waitFor((m) => m.to.includes(DEMO.emily.email));
    expect(sys.mail.messages().filter((m) => m.to.includes(DEMO.emily.email))).toHaveLength(1);
    const token = tokenFrom(mail.text);
    expect(token).toBeDefined();
    activationUrl = `${sys.gatewayUrl}/extranet/activate#token=${token}`;
    expect(mail.text).toContain(activationUrl);
  });

  it('shows the new link with its pending invitation and the onboarding step', async () => {
    await employee.getByRole('button', { name: 'Open the link', exact: true }).click();
    const detail = employee.getByTestId('link-detail');
    await waitForText(detail.getByRole('heading', { level: 3 }), 'emily.carter');
    expect(await detail.textContent()).toContain(linkId);
    expect(await employee.getByTestId('link-row').filter({ hasText: 'emily.carter' }).textContent()).toContain('Northern Light');
    // The workflow reaches its waiting step shortly after the email; refresh until it shows.
    const until = Date.now() + 20_000;
    while (!(await employee.getByTestId('onboarding').textContent())?.includes('Waiting activation') && Date.now() < until) {
      await employee.getByRole('button', { name: 'Refresh' }).first().click();
      await employee.waitForTimeout(300);
    }
    expect(await employee.getByTestId('onboarding').textContent()).toContain('Step: Waiting activation');
    const invitation = employee.getByTestId('invitation-row');
    expect(await invitation.count()).toBe(1);
    expect(await invitation.textContent()).toContain('Pending');
    expect(await invitation.textContent()).toContain('Olivia Grant');
    expect(await invitation.getByRole('button', { name: /^Revoke/ }).isVisible()).toBe(true);
    expect(await detail.getByTestId('effective-policy').textContent()).toBe(
      'Create requests, read request conversations, write in request conversations and see documents; pipelines: Support',
    );
    await expectAccessible(employee, 'a link’s detail');
  });

  it('lets the employee read the invitation email in the development mail view', async () => {
    await employee.getByRole('button', { name: 'Mail (development)' }).click();
    await employee.getByTestId('mail-row').filter({ hasText: DEMO.emily.email }).getByRole('button', { name: 'Your invitation to the Extranet' }).click();
    expect(await waitForText(employee.getByTestId('mail-text'), '/extranet/activate#token=')).toContain(activationUrl);
    await expectAccessible(employee, 'Governance, mail');
  });

  it('refuses a weak password on the activation page and names the unmet rules', async () => {
    ({ page: client } = await openPage(browser, problems));
    await client.goto(activationUrl);
    await client.getByRole('heading', { name: 'Set your password' }).waitFor();
    expect(await client.locator('#password-rules').textContent()).toContain('At least 12 characters');
    await expectAccessible(client, 'the activation page');
    await client.locator('#activate-password').fill('short');
    problems.allowHttpError(400, '/api/portal/activate');
    await client.getByRole('button', { name: 'Activate my access' }).click();
    const error = await waitForText(client.getByTestId('activate-password-error'), 'needs');
    for (const rule of ['at least 12 characters', 'an uppercase letter', 'a digit', 'a special character']) expect(error).toContain(rule);
    expect(error).not.toContain('a lowercase letter');
    expect(await client.locator('#activate-password').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(client, 'the activation page with a refused password');
  });

  it('activates with a strong password and welcomes Emily Carter of Northern Light with only her own requests', async () => {
    await client.locator('#activate-password').fill(STRONG);
    await client.getByRole('button', { name: 'Activate my access' }).click();
    const welcome = await waitForText(client.getByTestId('welcome'), 'Emily Carter');
    expect(welcome).toContain('Welcome, Emily Carter');
    expect(welcome).toContain('Northern Light');
    expect(new URL(client.url()).pathname).toBe('/extranet');
    const requests = await waitForText(client.getByTestId('requests'), 'Update the delivery address');
    expect(requests).not.toContain('Harbor terminal access badges');
    expect(await client.getByTestId('request-item').count()).toBe(1);
    await expectAccessible(client, 'the portal’s home');
  });

  it('opens the request with its conversation and lets Emily reply', async () => {
    await client.getByRole('button', { name: /Update the delivery address/ }).click();
    const chat = client.getByTestId('chat-messages');
    await waitForText(chat, 'We have the new address; please confirm the floor.');
    await client.getByLabel('Your message').fill('Third floor, thank you.');
    await client.getByRole('button', { name: 'Send' }).click();
    expect(await waitForText(chat, 'Third floor, thank you.')).toContain('Emily Carter');
    await expectAccessible(client, 'a request with its conversation');
  });
});
