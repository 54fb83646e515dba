// Edit → incremental reparse must give the same tree and the same findings as a fresh parse.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { TreeFragment } from '@lezer/common';
import { analyze, parseSource } from '../../src/core';

const example = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'examples', 'constant_init.py'), 'utf8');

it('incremental reparse after inserting a zero-initialized layer equals a fresh parse', () => {
  const before = parseSource(example, 'python');
  const anchor = example.indexOf('x = L.Flatten()(x)');
  const inserted = 'x = L.Dense(16, kernel_initializer="zeros")(x)\n';
  const after = example.slice(0, anchor) + inserted + example.slice(anchor);
  const fragments = TreeFragment.applyChanges(TreeFragment.addTree(before), [{ fromA: anchor, toA: anchor, fromB: anchor, toB: anchor + inserted.length }]);
  const incremental = parseSource(after, 'python', fragments);
  assert.equal(incremental.toString(), parseSource(after, 'python').toString());

  const fresh = analyze(after, 'python').findings.map((f) => [f.ruleId, f.span.from]);
  const reused = analyze(after, 'python', { tree: incremental }).findings.map((f) => [f.ruleId, f.span.from]);
  assert.deepEqual(reused, fresh);
  assert.ok(fresh.some(([rule]) => rule === 'zero-init'), 'the inserted layer is found');
});
