// End-to-end UI tier: drives the real VS Code workbench with the keyboard, the way a user
// would: open an example, read the Problems panel, apply the quick fix from Ctrl+. .
// Screenshots go to test-results/; with UPDATE_README_IMAGE=1 also to docs/images/.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, openWorkbench } from './browser';
import { runIfEntryPoint, summaryLine } from './results';
import { copyExamples, removeExamples, repoRoot, startServer, workbenchUrl } from './server';
import type { TierResult } from './runIntegration';

const EXAMPLE = 'zero_hidden_layer.py';
const PROBLEM_TEXT = 'all-zero kernel'; // from the zero-init message
const FIX_TITLE = "Use 'glorot_uniform'";
const resultsDir = path.join(repoRoot, 'test-results');
const readmeImage = path.join(repoRoot, 'docs', 'images', 'problems-and-quickfix.png');

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

async function editorText(page: Page): Promise<string> {
  const text = await page.locator('.editor-instance .monaco-editor .view-lines').first().innerText();
  return text.replace(/\u00a0/g, ' ');
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(resultsDir, name) });
}

export async function runE2e(): Promise<TierResult> {
  const started = Date.now();
  fs.mkdirSync(resultsDir, { recursive: true });
  const workspace = copyExamples();
  const file = path.join(workspace, EXAMPLE);
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const flaggedLine = lines.findIndex((l) => l.includes('Dense(64') && l.includes('"zeros"'));
  const flaggedColumn = lines[flaggedLine].indexOf('"zeros"') + 2; // inside the word, 0-based
  const server = await startServer();
  const browser = await launchChromium();
  let page: Page | undefined;
  let passed = 0;
  let failed = 0;
  let broken = false;
  const step = async (name: string, body: (page: Page) => Promise<void>) => {
    if (broken || !page) {
      failed++;
      console.log(`  - ${name} (skipped after an earlier failure)`);
      return;
    }
    const t0 = Date.now();
    try {
      await body(page);
      passed++;
      console.log(`  ✓ ${name} (${Date.now() - t0} ms)`);
    } catch (error) {
      failed++;
      broken = true;
      console.log(`  ✗ ${name}\n${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      await screenshot(page, 'e2e-failure.png').catch(() => undefined);
    }
  };

  try {
    page = await openWorkbench(browser, workbenchUrl(server, { folder: workspace, extensionDevelopmentPath: repoRoot }));
  } catch (error) {
    console.log(`  ✗ open the workbench\n${String(error)}`);
    failed++;
  }

  await step('the workbench runs initlint as an Extension Development Host', async (p) => {
    await p.waitForFunction(() => document.title.includes('[Extension Development Host]'), undefined, { timeout: 30_000 });
  });

  await step(`Quick Open shows ${EXAMPLE} in an editor`, async (p) => {
    await p.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } });
    await p.keyboard.press('Control+P');
    await p.locator('.quick-input-widget input').waitFor();
    await p.keyboard.type(EXAMPLE);
    await p.locator('.quick-input-list .monaco-list-row', { hasText: EXAMPLE }).first().waitFor();
    await p.keyboard.press('Enter');
    await p.locator('.tabs-container .tab.active', { hasText: EXAMPLE }).waitFor();
    await p.waitForFunction(() => document.querySelector('.editor-instance .view-lines')?.textContent?.includes('kernel_initializer'));
  });

  await step('the Problems panel lists the zero-init error', async (p) => {
    await p.keyboard.press('Control+Shift+M');
    const row = p.locator('.markers-panel .monaco-list-row', { hasText: PROBLEM_TEXT }).first();
    await row.waitFor({ timeout: 30_000 });
    check((await row.innerText()).includes('initlint'), 'the problem row should name initlint as its source');
    await screenshot(p, 'e2e-problems.png');
  });

  await step(`Ctrl+. on "zeros" offers "${FIX_TITLE}"`, async (p) => {
    await p.locator('.editor-instance .view-lines').first().click();
    await p.keyboard.press('Control+G');
    await p.locator('.quick-input-widget input').waitFor();
    await p.keyboard.type(`${flaggedLine + 1}:${flaggedColumn + 1}`);
    await p.keyboard.press('Enter');
    await p.keyboard.press('Control+.');
    await p.locator('.action-widget .monaco-list-row', { hasText: FIX_TITLE }).first().waitFor({ timeout: 15_000 });
    await screenshot(p, 'e2e-quickfix.png');
    if (process.env.UPDATE_README_IMAGE === '1') {
      fs.mkdirSync(path.dirname(readmeImage), { recursive: true });
      await p.screenshot({ path: readmeImage });
      console.log(`    wrote ${path.relative(repoRoot, readmeImage)}`);
    }
  });

  await step('choosing the fix rewrites the line, in the editor and on disk', async (p) => {
    // The menu focuses the preferred fix first; Enter chooses it (a mouse click would hit
    // the widget's pointer-blocking overlay).
    await p.locator('.action-widget .monaco-list-row.focused', { hasText: FIX_TITLE }).waitFor({ timeout: 5_000 });
    await p.keyboard.press('Enter');
    const expected = lines[flaggedLine].replace('"zeros"', '"glorot_uniform"').trim();
    await p.waitForFunction((text) => document.querySelector('.editor-instance .view-lines')?.textContent?.replace(/\u00a0/g, ' ').includes(text), expected, { timeout: 10_000 });
    check(!(await editorText(p)).includes(lines[flaggedLine].trim()), 'the old line is still in the editor');
    await p.keyboard.press('Control+S');
    const deadline = Date.now() + 10_000;
    while (!fs.readFileSync(file, 'utf8').split('\n')[flaggedLine].includes('"glorot_uniform"')) {
      check(Date.now() < deadline, `${EXAMPLE} on disk still reads: ${fs.readFileSync(file, 'utf8').split('\n')[flaggedLine]}`);
      await p.waitForTimeout(100);
    }
  });

  await step('the problem leaves the Problems panel', async (p) => {
    await p.locator('.markers-panel .monaco-list-row', { hasText: PROBLEM_TEXT }).first().waitFor({ state: 'detached', timeout: 15_000 });
    await screenshot(p, 'e2e-fixed.png');
  });

  if (failed > 0) console.log(`\n${server.logTail(30)}`);
  await browser.close();
  await server.stop();
  removeExamples(workspace);
  console.log(`(e2e took ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${path.relative(repoRoot, resultsDir)}/)`);
  console.log(summaryLine('e2e', passed, failed));
  return { passed, failed };
}

runIfEntryPoint('e2e', runE2e);
