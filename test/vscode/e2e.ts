// End-to-end UI tier: drives the real VS Code workbench with the keyboard, the way a user
// would: open an example, read the Problems panel, apply the quick fix from Ctrl+. ; then the
// same in a Jupyter notebook's cell.
// Screenshots go to test-results/; with UPDATE_README_IMAGE=1 also to docs/images/.
import fs from 'node:fs';
import path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { launchChromium, openWorkbench } from './browser';
import { runIfEntryPoint, summaryLine } from './results';
import { copyExamples, removeExamples, repoRoot, startServer, workbenchUrl } from './server';
import type { TierResult } from './runIntegration';

const EXAMPLE = 'zero_hidden_layer.py';
const PROBLEM_TEXT = 'all-zero kernel'; // from the zero-init message
const FIX_TITLE = "Use 'glorot_uniform'";
const resultsDir = path.join(repoRoot, 'test-results');
const readmeImage = path.join(repoRoot, 'docs', 'images', 'problems-and-quickfix.png');
const panelImage = path.join(repoRoot, 'docs', 'images', 'gradient-flow-panel.png');
const PANEL_EXAMPLE = 'mlp_relu_defaults.py';
const HOSTILE_NAME = '<img src=x onerror=alert(1)>';
const HOSTILE_FILE = 'hostile_names.py';
/** A notebook whose model spans cells (test/fixtures/notebooks/vscode-cells.ipynb): zero-init in cell 3, a mismatch in cell 2. */
const NOTEBOOK_FIXTURE = path.join(repoRoot, 'test', 'fixtures', 'notebooks', 'vscode-cells.ipynb');
const NOTEBOOK_FILE = 'cells_quickfix.ipynb';
const NOTEBOOK_MISMATCH_TEXT = 'He scaling'; // from the init-activation-mismatch message
const HOSTILE_SOURCE = `import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(16,)),
    layers.Dense(16, activation="relu", name="${HOSTILE_NAME}"),
    layers.Dense(4),
])
`;

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

async function editorText(page: Page): Promise<string> {
  const text = await page.locator('.editor-instance .monaco-editor .view-lines').first().innerText();
  return text.replace(/\u00a0/g, ' ');
}

/**
 * The gradient-flow page inside its webview: VS Code nests it in a second iframe. (A notebook
 * editor has a webview of its own, for cell outputs: ours is the one initlint's extension owns.)
 */
function panelFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready[src*="extensionId=initlint.initlint"]').frameLocator('#active-frame');
}

/** Opens a quick pick with `key`, types `text` and takes the first row that shows it. */
async function pick(page: Page, key: string, text: string): Promise<void> {
  await page.keyboard.press(key);
  await page.locator('.quick-input-widget input').waitFor();
  await page.keyboard.type(text);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first().waitFor();
  await page.keyboard.press('Enter');
}

async function openFile(page: Page, name: string): Promise<void> {
  await pick(page, 'Control+P', name);
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor();
}

const runCommand = (page: Page, title: string): Promise<void> => pick(page, 'F1', title);

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(resultsDir, name) });
}

export async function runE2e(): Promise<TierResult> {
  const started = Date.now();
  fs.mkdirSync(resultsDir, { recursive: true });
  const workspace = copyExamples();
  fs.writeFileSync(path.join(workspace, HOSTILE_FILE), HOSTILE_SOURCE);
  fs.copyFileSync(NOTEBOOK_FIXTURE, path.join(workspace, NOTEBOOK_FILE));
  let dialogs = 0;
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
    await openFile(p, EXAMPLE);
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

  page?.on('dialog', (dialog) => {
    dialogs++;
    void dialog.dismiss();
  });
  const panelLines = fs.readFileSync(path.join(workspace, PANEL_EXAMPLE), 'utf8').split('\n');

  await step('"initlint: Show Gradient Flow" opens the panel beside the editor with one point per kernel layer', async (p) => {
    await p.keyboard.press('Escape');
    await openFile(p, PANEL_EXAMPLE);
    await p.locator('.editor-instance .view-lines').first().click();
    await runCommand(p, 'initlint: Show Gradient Flow');
    const frame = panelFrame(p);
    await frame.locator('#layers tbody tr').nth(3).waitFor({ timeout: 30_000 });
    check((await frame.locator('#layers tbody tr').count()) === 4, 'four kernel layers in the table');
    const charts = frame.locator('[data-points]');
    check((await charts.count()) >= 2, 'a gradient chart and an activation chart');
    for (const points of await charts.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-points')))) check(points === '4', `a chart has ${points} points`);
    check((await frame.locator('canvas').count()) >= 2, 'the charts draw on canvases');
  });

  await step('the recommended activation profile is flatter than the current one (ReLU on Glorot)', async (p) => {
    const rows = panelFrame(p).locator('#layers tbody tr');
    const spread = async (attribute: string): Promise<number> => {
      const values = (await rows.evaluateAll((nodes, name) => nodes.map((node) => Number(node.getAttribute(name))), attribute)).slice(0, 3);
      return Math.log10(Math.max(...values) / Math.min(...values));
    };
    const current = await spread('data-activation-current');
    const recommended = await spread('data-activation-recommended');
    check(current > 0.2 && recommended < current / 4, `decades of spread: current ${current.toFixed(3)}, recommended ${recommended.toFixed(3)}`);
    await panelFrame(p).locator('[data-monte-carlo="done"]').first().waitFor({ timeout: 30_000 });
    // Room for the plots: close the Problems panel the earlier steps opened.
    if (await p.locator('.markers-panel').isVisible()) await p.keyboard.press('Control+J');
    await p.waitForTimeout(500);
    await screenshot(p, 'e2e-panel.png');
    if (process.env.UPDATE_README_IMAGE === '1') {
      await p.screenshot({ path: panelImage });
      console.log(`    wrote ${path.relative(repoRoot, panelImage)}`);
    }
  });

  await step("clicking a layer moves the editor's cursor to its line", async (p) => {
    const line = panelLines.findIndex((text) => text.includes('Dense(256')) + 1;
    await panelFrame(p).locator('#layers tbody tr').nth(2).click();
    const status = p.locator('.statusbar-item', { hasText: /^Ln \d+, Col \d+/ }).first();
    await p.waitForFunction((expected) => Array.from(document.querySelectorAll('.statusbar-item')).some((item) => item.textContent?.startsWith(`Ln ${expected},`)), line, { timeout: 10_000 });
    check((await status.innerText()).startsWith(`Ln ${line},`), `status bar reads ${await status.innerText()}`);
  });

  await step('a hostile layer name renders as text: no element, no script', async (p) => {
    await openFile(p, HOSTILE_FILE);
    const frame = panelFrame(p);
    const cell = frame.locator('#layers tbody tr', { hasText: HOSTILE_NAME }).first();
    await cell.waitFor({ timeout: 20_000 });
    check((await frame.locator('img').count()) === 0, 'an <img> element was created from a layer name');
    check(dialogs === 0, 'a dialog opened');
    // What keeps it inert if rendering ever slipped: nothing loads by default, and scripts run only with this render's nonce.
    const csp = (await frame.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')) ?? '';
    const directives = new Map(csp.split(';').map((directive) => directive.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    check(directives.get('default-src')?.join(' ') === "'none'", `default-src is not 'none': ${csp}`);
    const scripts = directives.get('script-src') ?? [];
    check(scripts.length === 1 && /^'nonce-[A-Za-z0-9+/]{22,}={0,2}'$/.test(scripts[0]), `script-src is not one unguessable nonce: ${csp}`);
    check(!csp.includes("'unsafe-inline'") && !csp.includes("'unsafe-eval'"), `the policy allows inline code or eval: ${csp}`);
    await screenshot(p, 'e2e-panel-hostile.png');
  });

  const notebookFile = path.join(workspace, NOTEBOOK_FILE);
  /** The text of cell `index` of the notebook on disk. */
  const cellOnDisk = (index: number): string => {
    const cell = (JSON.parse(fs.readFileSync(notebookFile, 'utf8')) as { cells: { source: string | string[] }[] }).cells[index];
    return Array.isArray(cell.source) ? cell.source.join('') : cell.source;
  };
  const zeroCell = 3;
  const zeroLine = cellOnDisk(zeroCell).split('\n').find((line) => line.includes('"zeros"'))!;
  /** Whether some cell editor of the notebook shows `text`. */
  const notebookShows = (p: Page, text: string) => p.waitForFunction(
    (expected) => Array.from(document.querySelectorAll('.notebook-editor .cell-editor-container .view-lines')).some((lines) => lines.textContent?.replace(/\u00a0/g, ' ').includes(expected)),
    text,
    { timeout: 15_000 },
  );

  await step(`Quick Open shows ${NOTEBOOK_FILE} in the notebook editor, with the gradient-flow button, and the panel follows it`, async (p) => {
    await p.keyboard.press('Escape');
    await openFile(p, NOTEBOOK_FILE);
    await notebookShows(p, zeroLine.trim());
    // initlint.hasModel holds for the notebook: the editor title offers the panel.
    await p.locator('.editor-group-container.active .editor-actions .action-label[aria-label^="Show Gradient Flow"]').waitFor({ timeout: 15_000 });
    // The open panel now shows the notebook's model, defined in cell 2 and grown in cell 3: three kernel layers.
    await p.locator('.tabs-container .tab', { hasText: `Gradient Flow: ${NOTEBOOK_FILE}` }).waitFor({ timeout: 15_000 });
    const rows = panelFrame(p).locator('#layers tbody tr');
    await rows.nth(2).waitFor({ timeout: 20_000 });
    check((await rows.count()) === 3, `the panel lists ${await rows.count()} kernel layers, not 3`);
  });

  await step("clicking a layer in the panel puts the cursor into the cell that defines it", async (p) => {
    // Layer 0, Dense(UNITS, … "he_normal"), is defined in cell 2: the third of five cells.
    await panelFrame(p).locator('#layers tbody tr').nth(0).click();
    await p.waitForFunction(() => document.activeElement?.closest('.notebook-editor .cell-editor-container') !== null, undefined, { timeout: 10_000 });
    const focused = await p.evaluate(() => document.activeElement?.closest('.cell-editor-container')?.querySelector('.view-lines')?.textContent?.replace(/\u00a0/g, ' ') ?? '');
    check(focused.includes('"he_normal"'), `the focused cell reads: ${focused}`);
    await p.locator('.statusbar-item', { hasText: 'Cell 3 of 5' }).first().waitFor({ timeout: 10_000 });
  });

  await step("the Problems panel lists the notebook cell's zero-init", async (p) => {
    if (!(await p.locator('.markers-panel').isVisible())) await p.keyboard.press('Control+Shift+M');
    const row = p.locator('.markers-panel .monaco-list-row', { hasText: PROBLEM_TEXT }).first();
    await row.waitFor({ timeout: 30_000 });
    check((await row.innerText()).includes('initlint'), 'the problem row should name initlint as its source');
    await p.locator('.markers-panel .monaco-list-row', { hasText: NOTEBOOK_MISMATCH_TEXT }).first().waitFor({ timeout: 10_000 });
  });

  await step(`opening the problem puts the cursor on "zeros" in the cell; Ctrl+. offers "${FIX_TITLE}"`, async (p) => {
    await p.locator('.markers-panel .monaco-list-row', { hasText: PROBLEM_TEXT }).first().dblclick();
    await p.waitForFunction(() => document.activeElement?.closest('.notebook-editor .cell-editor-container') !== null, undefined, { timeout: 10_000 });
    await p.keyboard.press('Control+.');
    await p.locator('.action-widget .monaco-list-row', { hasText: FIX_TITLE }).first().waitFor({ timeout: 15_000 });
    await screenshot(p, 'notebook-quickfix.png');
  });

  await step('choosing the fix rewrites the line in the cell, and saving writes the notebook', async (p) => {
    await p.locator('.action-widget .monaco-list-row.focused', { hasText: FIX_TITLE }).waitFor({ timeout: 5_000 });
    await p.keyboard.press('Enter');
    const expected = zeroLine.replace('"zeros"', '"glorot_uniform"').trim();
    await notebookShows(p, expected);
    await p.keyboard.press('Control+S');
    const deadline = Date.now() + 10_000;
    while (!cellOnDisk(zeroCell).includes(expected)) {
      check(Date.now() < deadline, `cell ${zeroCell} on disk still reads: ${cellOnDisk(zeroCell)}`);
      await p.waitForTimeout(100);
    }
  });

  await step("the zero-init leaves the Problems panel; the other cell's mismatch stays", async (p) => {
    await p.locator('.markers-panel .monaco-list-row', { hasText: PROBLEM_TEXT }).first().waitFor({ state: 'detached', timeout: 15_000 });
    check(await p.locator('.markers-panel .monaco-list-row', { hasText: NOTEBOOK_MISMATCH_TEXT }).first().isVisible(), 'the mismatch in the model cell should still be listed');
    await screenshot(p, 'notebook-fixed.png');
  });

  await step('closing the notebook takes its problems out of the Problems panel', async (p) => {
    await runCommand(p, 'View: Close Editor');
    await p.locator('.markers-panel .monaco-list-row', { hasText: NOTEBOOK_MISMATCH_TEXT }).first().waitFor({ state: 'detached', timeout: 15_000 });
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
