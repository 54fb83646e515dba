// Opens the VS Code web workbench in Debian's Chromium through playwright-core.
import { chromium, type Browser, type Page } from 'playwright-core';

export const chromiumPath = process.env.INITLINT_CHROMIUM ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: process.env.INITLINT_HEADED !== '1',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Opens `url` and waits until the workbench has rendered. */
export async function openWorkbench(browser: Browser, url: string, timeoutMs = 60_000): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: timeoutMs });
  return page;
}
