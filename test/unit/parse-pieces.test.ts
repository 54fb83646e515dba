// Long Python modules: Lezer's guard against deep left-associative trees also counts a module's
// top-level statement list and, from about 100 KB, leaves error nodes in valid code. parseSource
// parses such a file again in pieces cut at top-level statements; these tests check that a long
// file reads exactly as its parts do.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parser as pythonParser } from '@lezer/python';
import { analyze, parseSource, type Tree } from '../../src/core';
import { blankDeepNesting, hasSyntaxErrors } from '../../src/core/parse';

const fixture = fs.readFileSync(path.join('test', 'fixtures', 'python', 'resolution_loops.py'), 'utf8');

function topLevel(tree: Tree): { name: string; from: number; to: number }[] {
  const nodes: { name: string; from: number; to: number }[] = [];
  const cursor = tree.cursor();
  if (!cursor.firstChild()) return nodes;
  do nodes.push({ name: cursor.name, from: cursor.from, to: cursor.to });
  while (cursor.nextSibling());
  return nodes;
}

/** What a file of `copies` copies of `unit` must read as: the unit's statements, shifted per copy. */
function repeated(unit: string, copies: number): { name: string; from: number; to: number }[] {
  const one = topLevel(pythonParser.parse(unit));
  return Array.from({ length: copies }, (_, copy) => one.map((node) => ({ ...node, from: node.from + copy * unit.length, to: node.to + copy * unit.length }))).flat();
}

describe('parsing long Python modules', () => {
  for (const copies of [150, 400]) {
    it(`${copies} copies of a valid module (${Math.round((copies * fixture.length) / 1024)} KB) parse with no error node, statement for statement`, () => {
      const text = fixture.repeat(copies);
      const tree = parseSource(text, 'python');
      assert.equal(tree.length, text.length);
      assert.equal(tree.topNode.name, 'Script');
      assert.equal(hasSyntaxErrors(tree), false);
      assert.deepEqual(topLevel(tree), repeated(fixture, copies));
    });
  }

  it('a long module reports each copy\'s findings, shifted', () => {
    // A script that binds its model at the top level: each copy rebinds it, so each copy's findings stand alone.
    const unit = fs.readFileSync(path.join('examples', 'zero_hidden_layer.py'), 'utf8');
    const copies = 500;
    const single = analyze(unit, 'python').findings;
    assert.ok(single.length > 0, 'the example has findings');
    const whole = analyze(unit.repeat(copies), 'python');
    const expected = Array.from({ length: copies }, (_, copy) =>
      single.map((finding) => `${finding.ruleId}@${finding.span.from + copy * unit.length}-${finding.span.to + copy * unit.length}`),
    ).flat();
    assert.equal(whole.file.hasSyntaxErrors, false);
    assert.deepEqual(whole.findings.map((finding) => `${finding.ruleId}@${finding.span.from}-${finding.span.to}`).sort(), expected.sort());
  });

  it('a genuine syntax error in a long module stays where it is, and the statements after it are read', () => {
    const copies = 200;
    const broken = 'def broken(:\n    return (\n\n';
    const middle = Math.floor(copies / 2) * fixture.length;
    const text = fixture.repeat(copies / 2) + broken + fixture.repeat(copies / 2);
    const tree = parseSource(text, 'python');
    assert.equal(tree.length, text.length);
    let firstError = -1;
    tree.iterate({ enter: (node) => (node.type.isError && firstError < 0 ? ((firstError = node.from), false) : undefined) });
    assert.ok(firstError >= middle && firstError < middle + broken.length, `first error at ${firstError}, expected in ${middle}..${middle + broken.length}`);
    // The last copy's models are still found after the error.
    const lastCopy = middle + broken.length + (copies / 2 - 1) * fixture.length;
    const models = analyze(text, 'python').file.models.filter((model) => model.span.from >= lastCopy);
    assert.deepEqual(models.map((model) => model.name), analyze(fixture, 'python').file.models.map((model) => model.name));
  });

  it('a file of one statement longer than a piece is parsed whole', () => {
    const body = Array.from({ length: 9000 }, (_, i) => `    x${i} = layers.Dense(${i + 1})\n`).join('');
    const text = `from keras import layers\n\ndef build():\n${body}    return x0\n`;
    const tree = parseSource(text, 'python');
    assert.equal(tree.length, text.length);
    assert.deepEqual(topLevel(tree).map((node) => node.name), ['ImportStatement', 'FunctionDefinition']);
  });
});

describe('brackets nested thousands deep', () => {
  // Fuzz seed 1289595010: Lezer builds trees recursively, and 6,000 nested calls overflowed the stack.
  for (const language of ['python', 'typescript'] as const) {
    it(`${language}: the too-deep line is blanked, the rest of the file is parsed and analyzed`, () => {
      const deep = `x = ${'nn.Sequential('.repeat(20000)}1${')'.repeat(20000)}\n`;
      const model =
        language === 'python'
          ? "import keras\nfrom keras import layers\nm = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(8, kernel_initializer='zeros'), layers.Dense(1)])\n"
          : "import * as tf from '@tensorflow/tfjs';\nconst m = tf.sequential({layers: [tf.layers.dense({units: 8, inputShape: [8], kernelInitializer: 'zeros'}), tf.layers.dense({units: 1})]});\n";
      const text = model + deep + model.split('\n').slice(-2).join('\n').replace('m =', 'n =');
      const tree = parseSource(text, language);
      assert.equal(tree.length, text.length);
      const zero = analyze(text, language).findings.filter((finding) => finding.ruleId === 'zero-init');
      assert.equal(zero.length, 2, 'both models, before and after the deep line, are read');
    });
  }

  // Fuzz seed 1087522474: 5,698 unclosed brackets gave a tree with a node of no type, and walking it threw.
  it('thousands of unclosed brackets: the model before them is still read, nothing throws', () => {
    const model = "import keras\nfrom keras import layers\nm = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(8, kernel_initializer='zeros'), layers.Dense(1)])\n";
    const text = `${model}x = f(${'('.repeat(5698)}\ny = 1\n`;
    assert.deepEqual(analyze(text, 'python').findings.map((finding) => finding.ruleId), ['zero-init']);
  });

  it('blankDeepNesting keeps offsets and newlines and leaves shallow text alone', () => {
    const shallow = 'a = f(g([1, {2: 3}]))\n';
    assert.equal(blankDeepNesting(shallow), shallow);
    const deep = `${'('.repeat(300)}${')'.repeat(300)}`;
    const text = `a = 1\nb = ${deep}\nc = 2\n`;
    const blanked = blankDeepNesting(text);
    assert.equal(blanked.length, text.length);
    assert.equal(blanked, `a = 1\n${' '.repeat(4 + deep.length)}\nc = 2\n`);
  });
});
