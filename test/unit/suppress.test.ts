// Suppression comments: end of line or the line above; unknown ids warn; never throws.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, applyEdits, disableForLineEdit, parseSource, RULES } from '../../src/core';
import { readDirective, readSuppressions } from '../../src/core/suppress';

const PRELUDE = 'import keras\nfrom keras import layers\n';
const ZERO = "layers.Dense(8, kernel_initializer='zeros')";
const model = (line: string) => `${PRELUDE}m = keras.Sequential([\n    ${line}\n    layers.Dense(1),\n])\n`;

describe('suppression comments', () => {
  it('reads directives', () => {
    assert.deepEqual(readDirective('# initlint: disable=zero-init, constant-init'), { ids: ['zero-init', 'constant-init'], ownedIds: true, scope: 'placement' });
    assert.deepEqual(readDirective('# initlint: disable'), { ids: [], ownedIds: true, scope: 'placement' });
    assert.deepEqual(readDirective('# noqa: E501,zero-init'), { ids: ['E501', 'zero-init'], ownedIds: false, scope: 'placement' });
    assert.deepEqual(readDirective('# NOQA'), { ids: [], ownedIds: false, scope: 'placement' });
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

describe('suppression comments in TypeScript / JavaScript (ESLint style)', () => {
  it('reads line and block comment directives, with an optional -- reason', () => {
    assert.deepEqual(readDirective('// initlint-disable-next-line zero-init, constant-init'), { ids: ['zero-init', 'constant-init'], ownedIds: true, scope: 'next-line' });
    assert.deepEqual(readDirective('// initlint-disable-line'), { ids: [], ownedIds: true, scope: 'line' });
    assert.deepEqual(readDirective('// initlint-disable-line zero-init -- the head starts at zero on purpose'), { ids: ['zero-init'], ownedIds: true, scope: 'line' });
    assert.deepEqual(readDirective('/* initlint-disable-next-line constant-init */'), { ids: ['constant-init'], ownedIds: true, scope: 'next-line' });
    assert.deepEqual(readDirective('/** initlint-disable-line */'), { ids: [], ownedIds: true, scope: 'line' });
    assert.equal(readDirective('// initlint-disable-lines zero-init'), undefined);
    assert.equal(readDirective('// eslint-disable-next-line no-console'), undefined);
    assert.equal(readDirective('// initlint: disable=zero-init'), undefined, 'the Python spelling is not read in TS/JS');
    assert.equal(readDirective('// noqa'), undefined);
  });

  const KNOWN = new Set(RULES.map((rule) => rule.id));
  const suppressedLines = (code: string, language: 'typescript' | 'javascript') => {
    const { byLine, warnings } = readSuppressions(code, parseSource(code, language), KNOWN);
    return { lines: Object.fromEntries([...byLine].map(([line, ids]) => [line, [...ids].sort()])), warnings: warnings.map((w) => code.slice(w.span.from, w.span.to)) };
  };

  for (const language of ['typescript', 'javascript'] as const) {
    it(`maps each directive to the line it covers (${language})`, () => {
      const code = [
        "import * as tf from '@tensorflow/tfjs';", // 0
        'const model = tf.sequential();', // 1
        '// initlint-disable-next-line zero-init', // 2
        "model.add(tf.layers.dense({ units: 8, kernelInitializer: 'zeros' }));", // 3
        "model.add(tf.layers.dense({ units: 8, kernelInitializer: 'ones' })); // initlint-disable-line", // 4
        '/* initlint-disable-next-line constant-init, zero-init', // 5
        '   -- a block comment over two lines covers the line after its end */', // 6
        "model.add(tf.layers.dense({ units: 8, kernelInitializer: 'ones' }));", // 7
        "const note = '// initlint-disable-line zero-init'; // a string is not a comment", // 8
        "model.add(tf.layers.dense({ units: 1 })); // initlint-disable-line zero-inti", // 9
      ].join('\n');
      assert.deepEqual(suppressedLines(code, language), {
        lines: { 3: ['zero-init'], 4: ['*'], 7: ['constant-init', 'zero-init'] },
        warnings: ['// initlint-disable-line zero-inti'],
      });
    });
  }

  it('TS end to end: a zero kernel is reported, and the directive above silences it (needs TF.js extraction)', () => {
    const layer = "tf.layers.dense({ units: 32, activation: 'tanh', kernelInitializer: 'zeros' }),";
    const code = (directive: string) => [
      "import * as tf from '@tensorflow/tfjs';",
      'const model = tf.sequential({',
      '  layers: [',
      "    tf.layers.dense({ inputShape: [16], units: 32, activation: 'tanh' }),",
      ...(directive ? [`    ${directive}`] : []),
      `    ${layer}`,
      "    tf.layers.dense({ units: 32, activation: 'tanh' }),",
      '    tf.layers.dense({ units: 1 }),',
      '  ],',
      '});',
      '',
    ].join('\n');
    const zeroInit = (text: string) => analyze(text, 'typescript').findings.filter((f) => f.ruleId === 'zero-init').map((f) => text.slice(f.span.from, f.span.to));
    assert.deepEqual(zeroInit(code('')), ["'zeros'"]);
    assert.deepEqual(zeroInit(code('// initlint-disable-next-line zero-init')), []);
    assert.deepEqual(zeroInit(code('// initlint-disable-next-line constant-init')), ["'zeros'"]);
  });

  it('the disable-for-this-line edit writes the ESLint-style directive above, keeping the indent', () => {
    const code = "const layers = [\n    tf.layers.dense({ units: 8, kernelInitializer: 'zeros' }),\n];\n";
    const offset = code.indexOf("'zeros'");
    const fixed = applyEdits(code, [disableForLineEdit(code, offset, 'zero-init', 'typescript')]);
    assert.equal(fixed, "const layers = [\n    // initlint-disable-next-line zero-init\n    tf.layers.dense({ units: 8, kernelInitializer: 'zeros' }),\n];\n");
    assert.deepEqual(suppressedLines(fixed, 'typescript').lines, { 2: ['zero-init'] });
  });
});
