// Fixed Python stays Python: every `.py` file of test/fixtures/python/ and examples/, with all of its
// fixes applied at once, compiles with CPython (one python3 process for every file), and a second
// fix-all changes nothing. python3 is part of CI's machine: without it this test fails, loudly.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyze, applyEdits, compatibleEdits, ruleById, type Analysis } from '../../src/core';

const root = path.join(__dirname, '..', '..', '..');
const FOLDERS = ['test/fixtures/python', 'examples'];

function pythonFiles(folder: string): string[] {
  const absolute = path.join(root, folder);
  if (!fs.existsSync(absolute)) return [];
  return fs
    .readdirSync(absolute, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.py'))
    .sort()
    .map((name) => path.join(folder, name));
}

function fixAll(source: string): { fixed: string; analysis: Analysis } {
  const analysis = analyze(source, 'python');
  const fixes = analysis.findings.flatMap((finding) => (finding.fix ? [finding.fix] : []));
  return { fixed: applyEdits(source, compatibleEdits(fixes)), analysis };
}

/** Compiles every file in one python3 process; each failure is printed as `path: message`. */
const COMPILE_ALL = `
import py_compile, sys
failed = 0
for source in sys.argv[1:]:
    try:
        py_compile.compile(source, cfile=source + 'c', doraise=True)
    except py_compile.PyCompileError as error:
        failed += 1
        print(error.msg, file=sys.stderr)
sys.exit(1 if failed else 0)
`;

interface Case {
  file: string;
  source: string;
  fixed: string;
  analysis: Analysis;
}

describe('Python fixes stay valid Python', () => {
  const files = FOLDERS.flatMap(pythonFiles);
  const cases: Case[] = files.map((file) => {
    const source = fs.readFileSync(path.join(root, file), 'utf8');
    return { file, source, ...fixAll(source) };
  });
  let temp = '';
  before(() => {
    temp = fs.mkdtempSync(path.join(os.tmpdir(), 'initlint-py-'));
  });
  after(() => fs.rmSync(temp, { recursive: true, force: true }));

  it('finds the fixtures of every dialect', () => {
    const names = files.map((file) => path.basename(file));
    for (const dialect of ['keras1', 'tf1_graph', 'keras2_paths', 'tf_keras_functions', 'compat_v1']) {
      assert.ok(names.some((name) => name.startsWith(`dialect_${dialect}`)), `no fixture for ${dialect}`);
    }
  });

  it('every file, as written and after fix-all, compiles with python3 -m py_compile', () => {
    const written: string[] = [];
    cases.forEach((item, index) => {
      const stem = `${index}_${path.basename(item.file, '.py')}`;
      for (const [suffix, text] of [['original', item.source], ['fixed', item.fixed]] as const) {
        const target = path.join(temp, `${stem}_${suffix}.py`);
        fs.writeFileSync(target, text);
        written.push(target);
      }
    });
    const run = spawnSync('python3', ['-c', COMPILE_ALL, ...written], { encoding: 'utf8' });
    assert.ok(!run.error, `python3 could not be run (it is part of CI's machine): ${run.error?.message}`);
    assert.equal(run.status, 0, `py_compile failed:\n${run.stderr}`);
  });

  it('a second fix-all changes nothing', () => {
    for (const item of cases) assert.equal(fixAll(item.fixed).fixed, item.fixed, `${item.file}: fix-all is not a fixed point`);
  });

  it('every finding of a rule that declares fixes carries one, and the fixtures have fixable findings', () => {
    for (const item of cases) {
      const fixable = item.analysis.findings.filter((finding) => ruleById(finding.ruleId)?.meta.fix !== 'none');
      const missing = fixable.filter((finding) => !finding.fix).map((finding) => `${finding.ruleId} at ${finding.span.from}`);
      assert.deepEqual(missing, [], `${item.file}: findings without a fix`);
      if (path.basename(item.file).startsWith('dialect_')) {
        assert.ok(fixable.length > 0, `${item.file}: a dialect fixture must have fixable findings`);
        assert.notEqual(item.fixed, item.source, `${item.file}: fix-all changed nothing`);
      }
    }
  });
});
