// Entry point that VS Code's extension host loads as extensionTestsPath. Runs every
// *.test.js next to this file with mocha and reports through files, because this process
// is a grandchild of the test runner: INITLINT_TEST_LOG receives one line per event,
// INITLINT_TEST_RESULTS the final JSON (see ResultFile in ../results.ts).
import fs from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';
import type { ResultFile, TestResult } from '../results';

const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END } = Mocha.Runner.constants;

function progress(line: string): void {
  const file = process.env.INITLINT_TEST_LOG;
  if (file) fs.appendFileSync(file, `${line}\n`);
}

function writeResults(result: ResultFile): void {
  const file = process.env.INITLINT_TEST_RESULTS;
  if (!file) return;
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(result, null, 2));
  fs.renameSync(`${file}.tmp`, file); // the runner never sees a half-written file
}

export async function run(): Promise<void> {
  const tests: TestResult[] = [];
  try {
    const mocha = new Mocha({ ui: 'tdd', timeout: 60_000, color: false, reporter: 'dot' });
    // INITLINT_TEST_GREP (a regular expression over full titles) runs a part of the suite while working on it.
    if (process.env.INITLINT_TEST_GREP) mocha.grep(new RegExp(process.env.INITLINT_TEST_GREP));
    const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
    for (const file of files) mocha.addFile(path.join(__dirname, file));
    progress(`loading ${files.join(', ')}`);
    const failures = await new Promise<number>((resolve) => {
      const runner = mocha.run((count) => resolve(count));
      runner.on(EVENT_TEST_PASS, (test) => {
        tests.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration ?? 0 });
        progress(`pass ${test.fullTitle()} (${test.duration ?? 0} ms)`);
      });
      runner.on(EVENT_TEST_FAIL, (test, error: Error) => {
        tests.push({ title: test.fullTitle(), state: 'failed', durationMs: test.duration ?? 0, error: error.stack ?? String(error) });
        progress(`fail ${test.fullTitle()}: ${error.message}`);
      });
      runner.on(EVENT_TEST_PENDING, (test) => {
        tests.push({ title: test.fullTitle(), state: 'pending', durationMs: 0 });
      });
      runner.on(EVENT_RUN_END, () => progress('end'));
    });
    writeResults({ tests, failures, error: null });
    if (failures > 0) throw new Error(`${failures} test(s) failed`);
  } catch (error) {
    const message = error instanceof Error ? error.stack ?? error.message : String(error);
    if (!fs.existsSync(process.env.INITLINT_TEST_RESULTS ?? '')) writeResults({ tests, failures: tests.filter((t) => t.state === 'failed').length, error: message });
    progress(`error ${message}`);
    throw error;
  }
}
