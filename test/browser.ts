import { afterEach, expect } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

/** Debian's Chromium, headless, with the flags this closed network needs (no background connections). */
export function launchBrowser(): Promise<Browser> {
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
