import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startSystem, type TestSystem } from './harness.js';
import { DEMO } from '../lib/demo.js';

const wait = async (loc: any, text: any) => { await loc.filter({ hasText: text }).first().waitFor({ timeout: 10000 }); return loc.first().textContent(); };
describe('scratch', () => {
  let sys: TestSystem; let browser: Browser; const problems: string[] = [];
  beforeAll(async () => { sys = await startSystem(); browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] }); });
  afterAll(async () => { await browser?.close(); await sys?.stop(); });
  const page = async () => { const p = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage(); p.on('pageerror', (e) => problems.push(e.message)); p.on('console', (m) => { if (m.type() === 'error') console.log('CONSOLE', m.text()); }); return p; };

  it('portal', async () => {
    const p = await page();
    await p.goto(`${sys.gatewayUrl}/extranet`);
    await p.getByRole('heading', { name: 'Sign in' }).waitFor();
    await p.screenshot({ path: '/tmp/shot-portal-login.png' });
    await p.locator('#login-login').fill('daniel.brooks'); await p.locator('#login-password').fill('wrong');
    await p.getByRole('button', { name: 'Sign in' }).click();
    console.log('LOGIN ERR', await wait(p.locator('#login-password-error'), 'incorrect'));
    await p.locator('#login-password').fill(DEMO.danielUser.password);
    await p.getByRole('button', { name: 'Sign in' }).click();
    console.log('WELCOME', await wait(p.getByTestId('welcome'), 'Daniel'));
    console.log('REQS', await wait(p.getByTestId('requests'), 'Harbor'));
    console.log('DOCS', await p.getByTestId('documents').textContent());
    console.log('NEWREQ visible', await p.locator('#new-request-toggle').isVisible());
    if (await p.locator('#new-request-toggle').isVisible()) {
      await p.locator('#new-request-toggle').click();
      console.log('PIPES', await p.locator('#new-request-pipeline').textContent());
      await p.getByRole('button', { name: 'Create request' }).click();
      console.log('TITLE ERR', await wait(p.locator('#new-request-title-error'), 'title'));
      await p.locator('#new-request-title-input').fill('Browser made'); await p.getByRole('button', { name: 'Create request' }).click();
      console.log('DETAIL', await wait(p.getByTestId('request-detail'), 'Browser made'));
    }
    await p.getByRole('button', { name: /Harbor terminal/ }).click();
    console.log('CHAT', await wait(p.locator('#chat'), /./));
    await p.waitForTimeout(300);
    await p.screenshot({ path: '/tmp/shot-portal-home.png', fullPage: true });
    console.log('CHAT2', await p.locator('#chat').textContent());
    // governance with client cookie
    const g = await p.context().newPage();
    await g.goto(`${sys.gatewayUrl}/extranet-governance`);
    console.log('GOV AS CLIENT', await wait(g.locator('#signed-out-message'), 'client portal'));
    await p.getByRole('button', { name: 'Sign out' }).click();
    console.log('SIGNED OUT', await wait(p.locator('#page-notice'), 'signed out'), await p.locator('#login').isVisible());
    await p.goto(`${sys.gatewayUrl}/extranet/activate`);
    console.log('NO TOKEN', await wait(p.locator('#page-notice'), 'incomplete'));
  });

  it('governance', async () => {
    const p = await page();
    await p.goto(`${sys.gatewayUrl}/auth/login`);
    await p.getByLabel('Email').fill(DEMO.employee.login); await p.getByLabel('Password').fill(DEMO.employee.password);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await wait(p.getByTestId('who'), 'Olivia');
    console.log('LINKS', await wait(p.getByTestId('links'), 'daniel'));
    await p.locator('#links-status').selectOption('revoked');
    await p.waitForTimeout(300); console.log('REVOKED rows', await p.getByTestId('link-row').count(), await p.locator('#links-empty').isVisible());
    await p.locator('#links-status').selectOption('');
    await p.locator('#links-q').fill('harbor'); await p.getByRole('button', { name: 'Search', exact: true }).click();
    await p.waitForTimeout(300); console.log('Q rows', await p.getByTestId('link-row').count());
    await p.getByRole('button', { name: 'Open the link of daniel.brooks' }).click();
    console.log('DETAIL', await wait(p.getByTestId('link-detail'), 'Blue Harbor'));
    await p.getByRole('button', { name: 'Issue new invitation' }).click();
    console.log('NOTICE', await wait(p.locator('#invitation-notice'), 'on its way'));
    await p.waitForTimeout(1500);
    for (let i = 0; i < 20 && (await p.getByTestId('invitation-row').filter({ hasText: 'Pending' }).count()) === 0; i++) { await p.locator('#link-refresh').click(); await p.waitForTimeout(300); }
    console.log('INVS', await p.getByTestId('invitations').textContent());
    await p.screenshot({ path: '/tmp/shot-gov-link.png', fullPage: true });
    await p.getByTestId('revoke-invitation').first().click();
    console.log('REVOKE', await wait(p.locator('#invitation-notice'), 'revoked'), await p.getByTestId('invitations').textContent());
    // wizard errors
    await p.getByRole('button', { name: 'Link a client user' }).click();
    await p.locator('#new-user-login').fill('Bad Login'); await p.getByRole('button', { name: 'Create user' }).click();
    console.log('LOGIN FIELD ERR', await wait(p.locator('#new-user-login-error'), /./));
    await p.locator('#user-q').fill('daniel'); await p.getByRole('button', { name: 'Search', exact: true }).click();
    await p.getByRole('button', { name: 'Choose daniel.brooks' }).click();
    await p.getByRole('checkbox', { name: 'Blue Harbor', exact: true }).check();
    await p.getByRole('checkbox', { name: 'Northern Light', exact: true }).check();
    await p.waitForTimeout(300);
    console.log('CONTACTS both', await p.getByTestId('wizard-contacts').textContent());
    await p.getByRole('checkbox', { name: 'Northern Light', exact: true }).uncheck();
    await p.getByRole('radio', { name: 'Daniel Brooks' }).check();
    await p.screenshot({ path: '/tmp/shot-gov-wizard.png', fullPage: true });
    await p.getByRole('button', { name: 'Review' }).click();
    console.log('REVIEW ERR', await wait(p.locator('#wizard-contactId-error'), /./));
    await p.getByRole('button', { name: 'Mail (development)' }).click();
    await p.getByTestId('mail-row').first().getByRole('button').click();
    await wait(p.getByTestId('mail-text'), 'token');
    await p.screenshot({ path: '/tmp/shot-gov-mail.png', fullPage: true });
    await p.getByRole('button', { name: 'Sign out' }).click();
    await p.getByRole('link', { name: 'Sign in' }).waitFor();
    console.log('GOV SIGNED OUT', await p.locator('#nav').isHidden());
    expect(problems).toEqual([]);
  });
});
