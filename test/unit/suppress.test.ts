// Suppression comments: end of line or the line above; unknown ids warn; never throws.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, applyEdits, disableForLineEdit } from '../../src/core';
import { readDirective } from '../../src/core/suppress';

const PRELUDE = 'import keras\nfrom keras import layers\n';
const ZERO = "layers.Dense(8, kernel_initializer='zeros')";
const model = (line: string) => `${PRELUDE}m = keras.Sequential([\n    ${line}\n    layers.Dense(1),\n])\n`;

describe('suppression comments', () => {
  it('reads directives', () => {
    assert.deepEqual(readDirective('# initlint: disable=zero-init, constant-init'), { ids: ['zero-init', 'constant-init'], ownedIds: true });
    assert.deepEqual(readDirective('# initlint: disable'), { ids: [], ownedIds: true });
    assert.deepEqual(readDirective('# noqa: E501,zero-init'), { ids: ['E501', 'zero-init'], ownedIds: false });
    assert.deepEqual(readDirective('# NOQA'), { ids: [], ownedIds: false });
    assert.equal(readDirective('# a comment about initlint'), undefined);
    assert.equal(readDirective('# initlint: enable=zero-init'), undefined);
    assert.equal(readDirective('# initlint: disable zero-init'), undefined);
  });

  const rulesOf = (code: string) => analyze(code, 'python').findings.map((finding) => finding.ruleId);

  it('an unsuppressed zero kernel is reported', () => {
    assert.deepEqual(rulesOf(model(`${ZERO},`)), ['zero-init']);
  });

  for (const [name, code] of [
    ['end of line', model(`${ZERO},  # initlint: disable=zero-init`)],
    ['line above', `${PRELUDE}m = keras.Sequential([\n    # initlint: disable=zero-init\n    ${ZERO},\n    layers.Dense(1),\n])\n`],
    ['blanket disable', model(`${ZERO},  # initlint: disable`)],
    ['noqa with our id', model(`${ZERO},  # noqa: E501, zero-init`)],
    ['blanket noqa', model(`${ZERO},  # noqa`)],
  ] as const) {
    it(`suppresses: ${name}`, () => assert.deepEqual(rulesOf(code), []));
  }

  it('another rule id does not suppress, and noqa codes of other tools do not either', () => {
    assert.deepEqual(rulesOf(model(`${ZERO},  # initlint: disable=constant-init`)), ['zero-init']);
    assert.deepEqual(rulesOf(model(`${ZERO},  # noqa: E501`)), ['zero-init']);
  });

  it('an unknown id warns at the comment and suppresses nothing', () => {
    const code = model(`${ZERO},  # initlint: disable=zero-inti`);
    const analysis = analyze(code, 'python');
    assert.deepEqual(analysis.findings.map((f) => f.ruleId), ['zero-init']);
    assert.equal(analysis.suppressionWarnings.length, 1);
    assert.match(analysis.suppressionWarnings[0].message, /Unknown rule id 'zero-inti'/);
    assert.equal(code.slice(analysis.suppressionWarnings[0].span.from, analysis.suppressionWarnings[0].span.to), '# initlint: disable=zero-inti');
  });
});

describe('disable-for-this-line edit', () => {
  it('appends a comment at the end of the line, and the finding goes away', () => {
    const code = model(`${ZERO},`);
    const finding = analyze(code, 'python').findings[0];
    const edit = disableForLineEdit(code, finding.span.from, finding.ruleId);
    const fixed = applyEdits(code, [edit]);
    assert.ok(fixed.includes(`${ZERO},  # initlint: disable=zero-init\n`));
    assert.deepEqual(analyze(fixed, 'python').findings, []);
  });

  it('goes on its own line above when the line has a comment already', () => {
    const code = model(`${ZERO},  # hidden layer`);
    const finding = analyze(code, 'python').findings[0];
    const fixed = applyEdits(code, [disableForLineEdit(code, finding.span.from, finding.ruleId)]);
    assert.ok(fixed.includes(`    # initlint: disable=zero-init\n    ${ZERO},  # hidden layer\n`));
    assert.deepEqual(analyze(fixed, 'python').findings, []);
  });
});
