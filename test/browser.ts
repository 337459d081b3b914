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

/** A fresh browser context whose uncaught script errors and CSP violations are collected. */
export async function openPage(browser: Browser, problems: string[]): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) problems.push(`console: ${msg.text()}`);
  });
  return { context, page };
}
