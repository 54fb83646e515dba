// Fixed Python stays Python: every `.py` file of test/fixtures/python/ and examples/, with all of its
// fixes applied at once, compiles with CPython (one python3 process for every file), and a second
// fix-all changes nothing. python3 is part of CI's machine: without it this test fails, loudly.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ruleById } from '../../src/core';
import { assertCompiles, fixAll, pythonFiles, root, type FixCase } from './python-tools';

const FOLDERS = ['test/fixtures/python', 'examples'];

describe('Python fixes stay valid Python', () => {
  const files = FOLDERS.flatMap(pythonFiles);
  const cases: FixCase[] = files.map((file) => {
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
    assertCompiles(written);
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
