// Integration tier: runs test/vscode/suite/*.test.ts inside the extension host of a real
// VS Code (server + web workbench in headless Chromium). Results travel through files named
// by environment variables, which the extension host inherits from the server.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium, openWorkbench } from './browser';
import { runIfEntryPoint, summaryLine, type ResultFile } from './results';
import { copyExamples, removeExamples, delay, repoRoot, startServer, workbenchUrl } from './server';

export interface TierResult {
  passed: number;
  failed: number;
}

const TIMEOUT_MS = Number(process.env.INITLINT_TEST_TIMEOUT_MS ?? 180_000);

function printProgress(line: string): void {
  const [event, ...rest] = line.split(' ');
  const text = rest.join(' ');
  if (event === 'pass') console.log(`  ✓ ${text}`);
  else if (event === 'fail') console.log(`  ✗ ${text}`);
  else if (event === 'error') console.log(`  ! ${text}`);
}

export async function runIntegration(): Promise<TierResult> {
  const suite = path.join(repoRoot, 'out', 'test', 'vscode', 'suite', 'index.js');
  for (const file of [suite, path.join(repoRoot, 'dist', 'extension.js')]) {
    if (!fs.existsSync(file)) throw new Error(`${path.relative(repoRoot, file)} is missing: run node esbuild.js --tests`);
  }
  const started = Date.now();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'initlint-integration-'));
  const resultsFile = path.join(scratch, 'results.json');
  const progressFile = path.join(scratch, 'progress.log');
  const workspace = copyExamples();
  const server = await startServer({ env: { INITLINT_TEST_RESULTS: resultsFile, INITLINT_TEST_LOG: progressFile } });
  const browser = await launchChromium();
  const consoleLines: string[] = [];
  let result: ResultFile | undefined;
  let failure: string | undefined;
  try {
    const page = await openWorkbench(browser, workbenchUrl(server, { folder: workspace, extensionDevelopmentPath: repoRoot, extensionTestsPath: suite }));
    page.on('console', (message) => consoleLines.push(`[${message.type()}] ${message.text()}`));
    let printed = 0;
    const deadline = Date.now() + TIMEOUT_MS;
    while (!result && Date.now() < deadline) {
      const lines = fs.existsSync(progressFile) ? fs.readFileSync(progressFile, 'utf8').split('\n').filter(Boolean) : [];
      lines.slice(printed).forEach(printProgress);
      printed = lines.length;
      if (fs.existsSync(resultsFile)) result = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as ResultFile;
      else await delay(250);
    }
    if (!result) failure = `no results after ${TIMEOUT_MS / 1000} s (did the extension host load ${suite}?)`;
    else if (result.error) failure = `the suite did not run: ${result.error}`;
    else if (result.tests.length === 0) failure = 'the suite ran zero tests';
  } catch (error) {
    failure = error instanceof Error ? error.stack ?? error.message : String(error);
  }
  const tests = result?.tests ?? [];
  const passed = tests.filter((t) => t.state === 'passed').length;
  const failedTests = tests.filter((t) => t.state === 'failed');
  for (const test of failedTests) console.log(`\n✗ ${test.title}\n${test.error ?? ''}`);
  const failed = failedTests.length + (failure ? 1 : 0);
  if (failed > 0) {
    if (failure) console.log(`\nintegration failure: ${failure}`);
    console.log(`\n${server.logTail(40)}\n--- browser console (last 20)\n${consoleLines.slice(-20).join('\n')}`);
  }
  await browser.close();
  await server.stop();
  removeExamples(workspace);
  fs.rmSync(scratch, { recursive: true, force: true });
  console.log(`(integration took ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  console.log(summaryLine('integration', passed, failed));
  return { passed, failed };
}

runIfEntryPoint('runIntegration', runIntegration);
