import { afterEach, expect } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import type { AxeResults } from 'axe-core';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { DEMO } from '../domain/demo.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * The web apps as the gateway serves them (.data/web), built from web/ when
 * their sources changed since the last build; quick when nothing changed.
 */
export function buildWebApps(): void {
  execFileSync(process.execPath, [`${ROOT}scripts/build-web.mjs`], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Debian's Chromium, headless, with the flags this closed network needs (no background connections); the web apps built first. */
export function launchBrowser(): Promise<Browser> {
  buildWebApps();
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/** Waits until the locator shows the text (Playwright's own auto-waiting), then returns all of its text. */
export async function waitForText(locator: Locator, text: string | RegExp, timeout = 15_000): Promise<string> {
  await locator.filter({ hasText: text }).first().waitFor({ timeout });
  return (await locator.first().textContent()) ?? '';
}

/** One problem a page reported; `http` when it is the browser's own log line for an HTTP error answer. */
interface Problem {
  text: string;
  http?: { status: number; path: string };
}

/**
 * The uncaught script errors, console errors and CSP violations of every page
 * opened with `openPage`. Made by `watchPageProblems`, which checks and clears
 * them after each test, so a problem fails the step that caused it.
 *
 * Chromium logs every HTTP error answer to a fetch as a console error ("Failed
 * to load resource"). A test that provokes one on purpose (a refused password, a
 * visitor not signed in) says so with `allowHttpError`; any other one is a problem.
 */
export class PageProblems {
  private readonly seen: Problem[] = [];
  private readonly pages = new Set<Page>();
  private allowed: { status: number; path: string | RegExp }[] = [];

  watch(page: Page): void {
    this.pages.add(page);
    page.on('close', () => this.pages.delete(page));
    page.on('pageerror', (err) => this.seen.push({ text: `page error: ${err.message}` }));
    page.on('console', (msg) => {
      const text = msg.text();
      if (msg.type() !== 'error' && !/Content Security Policy|Refused to/i.test(text)) return;
      const { url } = msg.location();
      const status = /^Failed to load resource: the server responded with a status of (\d{3})/.exec(text)?.[1];
      this.seen.push({
        text: `console ${msg.type()}: ${text}${url ? ` (${url})` : ''}`,
        http: status && url ? { status: Number(status), path: new URL(url).pathname } : undefined,
      });
    });
  }

  /** In the current test only: the answer `status` to a request for `path` is expected, not a problem. */
  allowHttpError(status: number, path: string | RegExp): void {
    this.allowed.push({ status, path });
  }

  private isAllowed({ http }: Problem): boolean {
    if (!http) return false;
    // Chromium asks every origin for a favicon; the pages have none.
    if (http.status === 404 && http.path === '/favicon.ico') return true;
    return this.allowed.some((a) => a.status === http.status && (typeof a.path === 'string' ? a.path === http.path : a.path.test(http.path)));
  }

  /**
   * The problems since the last call, after a round trip to each open page so
   * events it already emitted have arrived; clears them and the allowances.
   */
  async take(): Promise<string[]> {
    for (const page of this.pages) await page.evaluate(() => 0).catch(() => undefined);
    const problems = this.seen
      .splice(0)
      .filter((p) => !this.isAllowed(p))
      .map((p) => p.text);
    this.allowed = [];
    return problems;
  }
}

/** Page problems for a browser test file: every test fails if any page had a script error, console error or CSP violation while it ran. */
export function watchPageProblems(): PageProblems {
  const problems = new PageProblems();
  afterEach(async () => {
    expect(await problems.take(), 'script errors, console errors or CSP violations during this test').toEqual([]);
  });
  return problems;
}

/** A fresh browser context whose page's problems are collected. */
export async function openPage(browser: Browser, problems: PageProblems): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  problems.watch(page);
  return { context, page };
}

/**
 * Signs an employee in to Governance through the real OIDC login form (Olivia
 * unless told), starting from `path`, and waits until the page names them.
 */
export async function signInToGovernance(
  page: Page,
  problems: PageProblems,
  gatewayUrl: string,
  who: { login: string; password: string; name: string } = DEMO.employee,
  path = '/extranet-governance',
): Promise<void> {
  // The page asks who is signed in; the answer for a visitor is 401.
  problems.allowHttpError(401, '/api/governance/me');
  await page.goto(`${gatewayUrl}${path}`);
  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.getByLabel('Email').fill(who.login);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(new RegExp(`^${gatewayUrl}/extranet-governance`));
  await waitForText(page.getByTestId('who'), who.name);
}

/**
 * Signs a client in to the portal through its sign-in form, starting from
 * `path` (a document's link opens its card after it). A visitor has no session
 * and no refresh token yet: those two 401s are expected.
 */
export async function signInToPortal(
  page: Page,
  problems: PageProblems,
  gatewayUrl: string,
  who: { login: string; password: string },
  path = '/extranet',
): Promise<void> {
  problems.allowHttpError(401, '/api/portal/me');
  problems.allowHttpError(401, '/api/portal/refresh');
  await page.goto(`${gatewayUrl}${path}`);
  await page.locator('#login-login').fill(who.login);
  await page.locator('#login-password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The id of the element that has the focus ('' for none). */
export const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core on the page as it is now: fails on any serious or critical
 * violation, naming the rule, the elements and why. `screen` names what is
 * checked in the failure message.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  // The pages' Content-Security-Policy refuses inline scripts, so axe's source is evaluated
  // through the DevTools protocol (which the policy does not govern) rather than added as a <script>.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const result = (await page.evaluate(() =>
    (window as unknown as { axe: { run(ctx: Document, o: object): Promise<unknown> } }).axe.run(document, { resultTypes: ['violations'] }),
  )) as AxeResults;
  const serious = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => `${n.target.join(' ')} (${n.failureSummary?.replace(/\s+/g, ' ')})`).join('; ')}`);
  expect(serious, `accessibility of ${screen}`).toEqual([]);
}

/**
 * A full-page PNG of a screen: always into .data/screenshots (to look at after a
 * run), and into docs/screenshots for the README when it is missing there or
 * UPDATE_SCREENSHOTS=1, so ordinary runs do not rewrite the committed pictures.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const options = { fullPage: true, animations: 'disabled', caret: 'hide' } as const;
  mkdirSync(`${ROOT}.data/screenshots`, { recursive: true });
  await page.screenshot({ ...options, path: `${ROOT}.data/screenshots/${name}.png` });
  const committed = `${ROOT}docs/screenshots/${name}.png`;
  if (process.env.UPDATE_SCREENSHOTS === '1' || !existsSync(committed)) {
    mkdirSync(`${ROOT}docs/screenshots`, { recursive: true });
    await page.screenshot({ ...options, path: committed });
  }
}
