import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible, launchBrowser, openPage, screenshot, waitForText, watchPageProblems } from './browser.js';
import { startSystem, type TestSystem } from './harness.js';
import { STRONG_PASSWORD, employeeAgent, onboardEmily } from './flows.js';
import { DEMO } from '../domain/demo.js';

const REQ_DESIGN = '00000000-0000-4000-8000-000000000202';

describe('an employee governs a client’s access in the browser and the client feels it at once', () => {
  let sys: TestSystem;
  let browser: Browser;
  let employee: Page;
  let client: Page;
  let emily: { linkId: string; login: string };
  const problems = watchPageProblems();

  beforeAll(async () => {
    sys = await startSystem();
    const { linkId, login } = await onboardEmily(sys, await employeeAgent(sys));
    emily = { linkId, login };
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
  });

  it('signs the employee in through the real OIDC login form', async () => {
    ({ page: employee } = await openPage(browser, problems));
    // The page asks who is signed in; the answer for a visitor is 401.
    problems.allowHttpError(401, '/api/governance/me');
    await employee.goto(`${sys.gatewayUrl}/extranet-governance`);
    await employee.getByRole('link', { name: 'Sign in' }).click();
    await employee.getByRole('heading', { name: 'Vector employee sign-in' }).waitFor();
    await employee.getByLabel('Email').fill(DEMO.employee.login);
    await employee.getByLabel('Password').fill(DEMO.employee.password);
    await employee.getByRole('button', { name: 'Sign in' }).click();
    await employee.waitForURL(new RegExp(`^${sys.gatewayUrl}/extranet-governance`));
    expect(await waitForText(employee.getByTestId('who'), 'Olivia Grant')).toBe('Signed in as Olivia Grant (administrator)');
  });

  it('lists Emily’s link with who invited her and opens it with what the client gets', async () => {
    const row = employee.getByTestId('link-row').filter({ hasText: emily.login });
    await row.waitFor();
    expect(await row.getByTestId('invited-by').textContent()).toBe('Olivia Grant');
    expect(await employee.getByTestId('links-page-info').textContent()).toMatch(/^Page 1 of 1 · \d+ links$/);
    await row.getByRole('button', { name: `Open the link of ${emily.login}` }).click();
    await waitForText(employee.getByTestId('link-detail').getByRole('heading', { level: 3 }), emily.login);
    const gets = await waitForText(employee.getByTestId('client-gets'), 'This is what the client gets');
    expect(gets).toContain('pipelines: Support');
    expect(gets).not.toContain('Design');
    await employee.getByTestId('contact-policy-editor').waitFor();
    await expectAccessible(employee, 'a link’s detail');
    await screenshot(employee, 'governance-link-detail');
  });

  it('diagnoses why the Design request, picked by its title, is hidden and names the fix in the contact policy', async () => {
    await employee.locator('#diag-type').selectOption('request');
    // The requests of the link's companies are offered by title; the id travels behind it.
    await employee.locator('#diag-request').selectOption({ label: 'New brochure layout' });
    expect(await employee.locator('#diag-request').inputValue()).toBe(REQ_DESIGN);
    await employee.getByRole('button', { name: 'Diagnose' }).click();
    const fix = await waitForText(employee.getByTestId('diag-fix'), 'Design');
    expect(fix).toBe('Fix: add the pipeline Design to the contact policy of Emily Carter at Northern Light');
    const steps = employee.getByTestId('diag-step');
    expect(await steps.evaluateAll((lis) => lis.map((li) => `${(li as HTMLElement).dataset.element}:${(li as HTMLElement).dataset.status}`))).toEqual([
      'user:pass',
      'link:pass',
      'contact:pass',
      'companies:pass',
      'effective-policy:fail',
      'object:pass',
    ]);
    expect(await steps.filter({ hasText: 'Effective policy' }).textContent()).toContain('✗');
    expect(await employee.getByTestId('diag-verdict').textContent()).toContain('is not open to the client');
    await expectAccessible(employee, 'diagnostics');
  });

  it('picks a pipeline by its name and a document by its title for diagnostics', async () => {
    await employee.locator('#diag-type').selectOption('pipeline');
    await employee.locator('#diag-pipeline').selectOption({ label: 'Design' });
    await employee.getByRole('button', { name: 'Diagnose' }).click();
    expect(await waitForText(employee.getByTestId('diag-verdict'), 'Design')).toContain('Pipeline “Design” is not open to the client.');
    await employee.locator('#diag-type').selectOption('document');
    await employee.getByRole('button', { name: 'Diagnose' }).click();
    expect(await waitForText(employee.locator('#diag-objectId-error'), 'document')).toBe('Choose the document.');
    // The draft is listed too: diagnostics says why the client does not see it.
    await employee.locator('#diag-document').selectOption({ label: 'Draft price list (internal)' });
    await employee.getByRole('button', { name: 'Diagnose' }).click();
    expect(await waitForText(employee.getByTestId('diag-verdict'), 'Draft price list')).toContain('Draft price list');
    await expectAccessible(employee, 'diagnostics of a document');
    await employee.locator('#diag-type').selectOption('');
  });

  it('signs Emily in to her portal in a second browser, without the Design request', async () => {
    ({ page: client } = await openPage(browser, problems));
    // A visitor without a session: no session and no refresh token, then the sign-in form.
    problems.allowHttpError(401, '/api/portal/me');
    problems.allowHttpError(401, '/api/portal/refresh');
    await client.goto(`${sys.gatewayUrl}/extranet`);
    await client.getByRole('heading', { name: 'Sign in' }).waitFor();
    await expectAccessible(client, 'the portal’s sign-in');
    await client.locator('#login-login').fill(emily.login);
    await client.locator('#login-password').fill(STRONG_PASSWORD);
    await client.getByRole('button', { name: 'Sign in' }).click();
    const requests = await waitForText(client.getByTestId('requests'), 'Update the delivery address');
    expect(requests).not.toContain('New brochure layout');
  });

  it('previews that ticking the Design pipeline in the contact policy opens exactly one request, then saves it', async () => {
    const editor = employee.getByTestId('contact-policy-editor');
    await editor.getByLabel('Design').check();
    await editor.getByRole('button', { name: 'Preview', exact: true }).click();
    const requests = await waitForText(editor.getByTestId('impact-requests'), 'gained');
    expect(requests).toBe(`Requests: 1 gained, 0 lost · gained: ${REQ_DESIGN}`);
    expect(await editor.getByTestId('impact-permissions').textContent()).toBe('Northern Light: gains the pipelines Design');
    expect(await editor.getByTestId('policy-impact-effective').textContent()).toContain('pipelines: Support and Design');
    await expectAccessible(employee, 'a policy’s preview');
    await editor.getByRole('button', { name: 'Save', exact: true }).click();
    expect(await waitForText(employee.getByTestId('permissions-notice'), 'saved')).toBe('The contact policy is saved. 1 client link changed.');
    expect(await waitForText(employee.getByTestId('client-gets'), 'Design')).toContain('pipelines: Support and Design');
  });

  it('shows the new request in Emily’s portal on her next page load', async () => {
    await client.reload();
    const requests = await waitForText(client.getByTestId('requests'), 'New brochure layout');
    expect(requests).toContain('Update the delivery address');
    await expect.poll(() => client.locator('#new-request-company option').count()).toBeGreaterThan(0);
    await expectAccessible(client, 'the portal’s home');
    await screenshot(client, 'portal-home');
  });

  it('views the portal as Emily sees it, section by section, without signing in as her', async () => {
    await employee.getByRole('button', { name: 'View as this client' }).click();
    const requests = await waitForText(employee.getByTestId('view-as-requests'), 'New brochure layout');
    expect(requests).toContain('2 requests visible');
    const view = (await employee.getByTestId('view-as').textContent()) ?? '';
    expect(view).toContain('PipelinesSupport, Design');
    expect(view).toContain('Telegram connectionNo');
    await expectAccessible(employee, 'view as this client');
  });

  it('renews Emily’s expired access token with her refresh token instead of asking her to sign in', async () => {
    // The portal asks for notifications every 30 s: one may land while her access token is expired or her session ended.
    problems.allowHttpError(401, '/api/portal/notifications');
    await client.context().clearCookies({ name: 'extranet_session' });
    // Without the access token the first answer is 401; the refresh itself must succeed.
    problems.allowHttpError(401, '/api/portal/me');
    await client.reload();
    await waitForText(client.getByTestId('requests'), 'New brochure layout');
    expect(await client.locator('#login').isVisible()).toBe(false);
  });

  it('shows a wrong current password next to its field, and no Telegram or widget form without that permission', async () => {
    // The forms are set up once the home page has loaded (the channel form right after the new-request form,
    // which then offers Northern Light); before that the channel form is hidden whatever the permissions.
    await expect.poll(() => client.locator('#new-request-company option').count()).toBeGreaterThan(0);
    expect(await client.getByTestId('channel-form').isVisible()).toBe(false);
    problems.allowHttpError(400, '/api/portal/password');
    await client.getByLabel('Current password').fill('not-my-password');
    await client.getByLabel('New password').fill('Another-Strong-2026!');
    await client.getByRole('button', { name: 'Change password' }).click();
    expect(await waitForText(client.locator('#password-currentPassword-error'), 'not correct')).toBe('the current password is not correct');
    expect(await client.locator('#password-current').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(client, 'the portal with a refused password change');
  });

  it('previews switching extranet access off for Northern Light, showing what Emily would lose, and cancels', async () => {
    await employee.getByRole('button', { name: 'Companies', exact: true }).click();
    const nl = employee.getByTestId('company-access').filter({ hasText: 'Northern Light' });
    await nl.getByLabel('Extranet access is switched on').uncheck();
    await nl.getByRole('button', { name: 'Preview the change' }).click();
    const impact = nl.getByTestId('impact-link').filter({ hasText: 'Emily Carter' });
    expect(await waitForText(impact.getByTestId('impact-requests'), 'lost')).toMatch(/^Requests: 0 gained, 2 lost/);
    await expectAccessible(employee, 'Companies, with a previewed change');
    await nl.getByRole('button', { name: 'Cancel' }).click();
    expect(await nl.getByTestId('access-impact').isVisible()).toBe(false);
    expect(await employee.getByTestId('companies-notice').textContent()).toBe('');
  });

  it('refuses a lockout of zero seconds next to its field in the security settings', async () => {
    await employee.getByRole('button', { name: 'Security', exact: true }).click();
    const lockout = employee.getByLabel('Lockout duration (seconds)');
    await waitForText(employee.getByTestId('security-form'), 'Minimum length');
    await expect.poll(() => lockout.inputValue()).not.toBe('');
    await lockout.fill('0');
    problems.allowHttpError(400, '/api/governance/security-settings');
    await employee.getByRole('button', { name: 'Save security settings' }).click();
    expect(await waitForText(employee.locator('#sec-lockoutSeconds-error'), 'lockoutSeconds')).toContain('lockoutSeconds');
    expect(await lockout.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(employee, 'Security, with a refused value');
    await employee.getByRole('button', { name: 'Client links', exact: true }).click();
  });

  it('disables the link after showing what Emily would lose, and her next page load asks her to sign in', async () => {
    // The portal asks for notifications every 30 s: one may land while her access token is expired or her session ended.
    problems.allowHttpError(401, '/api/portal/notifications');
    await employee.getByTestId('link-disable').click();
    const preview = employee.getByTestId('status-preview');
    expect(await waitForText(preview.getByTestId('impact-requests'), 'lost')).toMatch(/^Requests: 0 gained, 2 lost/);
    expect(await preview.getByTestId('impact-link').getByRole('heading').textContent()).toBe('Emily Carter');
    // Her unfinished requests, each left open unless the employee closes it or hands it over.
    const choice = preview.getByTestId('offboarding-request').filter({ hasText: 'Update the delivery address' });
    await choice.waitFor();
    expect(await choice.getByLabel('Leave open').isChecked()).toBe(true);
    await expectAccessible(employee, 'a status change’s preview');
    await preview.getByRole('button', { name: 'Confirm' }).click();
    expect(await waitForText(employee.getByTestId('link-access-notice'), 'disabled')).toBe('The link is disabled; the client’s sessions are ended.');
    // The offboarding's report, from its status query: what it ended and what is left to hand over.
    const report = await waitForText(employee.getByTestId('offboarding-report'), 'Sessions ended');
    expect(report).toMatch(/Sessions ended[1-9]/);
    // Nothing was chosen for her unfinished requests: they stay open, listed by title.
    expect(await employee.getByTestId('report-still-open').textContent()).toContain('Update the delivery address');
    await waitForText(employee.locator('#link-facts'), 'Disabled');
    expect(await employee.getByTestId('link-enable').isVisible()).toBe(true);
    expect(await employee.getByTestId('link-disable').isVisible()).toBe(false);

    // The ended session and its refresh token are refused; the page then asks her to sign in.
    problems.allowHttpError(401, '/api/portal/me');
    problems.allowHttpError(401, '/api/portal/refresh');
    await client.reload();
    await client.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await client.locator('#login').isVisible()).toBe(true);
    expect(await client.locator('#home').isVisible()).toBe(false);
    await expectAccessible(client, 'the portal’s sign-in after the link was disabled');
  });

  it('records the disabling in the link’s audit trail, by whom and from what to what', async () => {
    await employee.getByRole('button', { name: 'Audit of this link' }).click();
    const audit = await waitForText(employee.getByTestId('audit'), 'link.disabled');
    expect(audit).toContain('Olivia Grant');
    expect(audit).toContain('{"status":"active"} → {"status":"disabled"}');
    await expectAccessible(employee, 'Audit');
  });

  it('revokes the link only after a second, final confirmation', async () => {
    await employee.getByRole('button', { name: 'Client links', exact: true }).click();
    await employee
      .getByTestId('link-row')
      .filter({ hasText: emily.login })
      .getByRole('button', { name: `Open the link of ${emily.login}` })
      .click();
    await employee.getByTestId('link-revoke').click();
    const preview = employee.getByTestId('status-preview');
    await preview.getByRole('button', { name: 'Confirm' }).click();
    const final = await waitForText(preview.getByTestId('final-confirmation'), 'final');
    expect(final).toContain('Revoking is final');
    await expectAccessible(employee, 'the final confirmation of a revocation');
    await preview.getByRole('button', { name: 'Yes, revoke for good' }).click();
    expect(await waitForText(employee.getByTestId('link-access-notice'), 'revoked')).toContain('The link is revoked');
    await waitForText(employee.locator('#link-facts'), 'Revoked');
    for (const b of ['link-disable', 'link-enable', 'link-revoke']) expect(await employee.getByTestId(b).isVisible()).toBe(false);
  });
});
