// A Keras module is extracted group by group (statements joined by the names they share), and
// re-analysis after an edit keeps every group the edit left alone. Reuse must never change the
// answer: after seeded edits of every kind, findings and models equal a fresh analysis's.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import seedrandom from 'seedrandom';
import { analyze, parseSource, type Analysis, type Language } from '../../src/core';
import { readPythonModule } from '../../src/core/extract';
import { extractGroup, type PythonModule } from '../../src/core/extract/python/module';
import { changedRange, movedPosition, withMovedPositions } from '../../src/core/positions';
import { generateKerasSource, generateTfjsSource } from '../../bench/generated-source';

/** The group of each top-level statement, by the statement's first line. */
function groupsOf(source: string): string[][] {
  const module = readPythonModule(parseSource(source, 'python'), source);
  return module.groups.map((group) => group.map((index) => module.statements[index].text.split('\n')[0]));
}

function groupOf(source: string, firstLine: string): string[] {
  const group = groupsOf(source).find((lines) => lines.includes(firstLine));
  assert.ok(group, `no statement starts with ${firstLine}`);
  return group;
}

describe('statement groups', () => {
  it('joins a Sequential with the statements that add to it, and nothing else', () => {
    const source = ['import keras', 'from keras import layers', 'net = keras.Sequential()', 'other = keras.Sequential()', 'net.add(layers.Dense(4))', 'print("hi")', 'net.add(layers.Dense(2))', ''].join('\n');
    assert.deepEqual(groupOf(source, 'net = keras.Sequential()'), ['net = keras.Sequential()', 'net.add(layers.Dense(4))', 'net.add(layers.Dense(2))']);
    assert.deepEqual(groupOf(source, 'other = keras.Sequential()'), ['other = keras.Sequential()']);
  });

  it('separates functional graphs that rebind x before reading it, and joins the reads of one graph', () => {
    const source = [
      'from keras import layers, Input, Model',
      'a = Input(shape=(4,))',
      'x = layers.Dense(8)(a)',
      'x = layers.Dense(8)(x)',
      'm1 = Model(a, x)',
      'b = Input(shape=(4,))',
      'x = layers.Dense(3)(b)',
      'm2 = Model(b, x)',
      '',
    ].join('\n');
    assert.deepEqual(groupOf(source, 'm1 = Model(a, x)'), ['a = Input(shape=(4,))', 'x = layers.Dense(8)(a)', 'x = layers.Dense(8)(x)', 'm1 = Model(a, x)']);
    assert.deepEqual(groupOf(source, 'm2 = Model(b, x)'), ['b = Input(shape=(4,))', 'x = layers.Dense(3)(b)', 'm2 = Model(b, x)']);
  });

  it('joins a helper with its callers and with every binding of the names its body reads', () => {
    const source = ['import keras', 'ACT = "relu"', 'def block(x):', '    return keras.layers.Dense(4, activation=ACT)(x)', '', 'y = block(keras.Input(shape=(3,)))', 'ACT = "tanh"', 'z = 1', ''].join('\n');
    assert.deepEqual(groupOf(source, 'def block(x):'), ['ACT = "relu"', 'def block(x):', 'y = block(keras.Input(shape=(3,)))', 'ACT = "tanh"']);
    assert.deepEqual(groupOf(source, 'z = 1'), ['z = 1']);
  });

  it('a loop that binds a name before reading it stands alone; one that reads it first joins its binding', () => {
    const source = ['total = 0', 'for step in range(3):', '    losses = []', '    losses.append(step)', 'for step in range(4):', '    total += step', ''].join('\n');
    assert.deepEqual(groupOf(source, 'for step in range(3):'), ['for step in range(3):']);
    assert.deepEqual(groupOf(source, 'total = 0'), ['total = 0', 'for step in range(4):']);
    assert.equal(groupsOf(source).length, 2);
  });

  it('a conditional binding does not end the earlier one: a later read joins both', () => {
    const source = ['units = 8', 'if flag:', '    units = 16', 'width = units', ''].join('\n');
    assert.deepEqual(groupOf(source, 'width = units'), ['units = 8', 'if flag:', 'width = units']);
  });
});

describe('groups that mention no Keras-family import', () => {
  /** Each group's models as JSON: as analyze() extracts them, and with every group run through the interpreter. */
  function extractedBothWays(source: string): { skipping: string[]; interpreted: string[]; skipped: number } {
    const module = readPythonModule(parseSource(source, 'python'), source);
    const everyGroup: PythonModule = { ...module, frameworkNames: undefined };
    const skipping = module.groups.map((group) => JSON.stringify(extractGroup(module, source, group)));
    const interpreted = module.groups.map((group) => JSON.stringify(extractGroup(everyGroup, source, group)));
    const skipped = module.frameworkNames ? module.groups.filter((group) => group.every((index) => ![...module.statements[index].facts.mentions].some((name) => module.frameworkNames!.has(name)))).length : 0;
    return { skipping, interpreted, skipped };
  }

  it('are not interpreted, and every module extracts as if they were: fixtures, examples, generated files and their truncations', () => {
    const root = path.join(__dirname, '..', '..', '..');
    const files = [
      ...fs.readdirSync(path.join(root, 'test', 'fixtures', 'python')).map((name) => path.join(root, 'test', 'fixtures', 'python', name)),
      ...fs.readdirSync(path.join(root, 'examples')).filter((name) => name.endsWith('.py')).map((name) => path.join(root, 'examples', name)),
    ].map((file) => fs.readFileSync(file, 'utf8'));
    const sources = [...files, ...['a', 'b', 'c'].map((seed) => generateKerasSource(300, seed))];
    const random = seedrandom('inert-groups');
    let groups = 0;
    let skipped = 0;
    for (const source of sources) {
      const lines = source.split('\n');
      // The whole text and a few seeded truncations: half-typed code groups differently.
      const cuts = [lines.length, ...Array.from({ length: 4 }, () => 1 + Math.floor(random() * lines.length))];
      for (const cut of cuts) {
        const text = lines.slice(0, cut).join('\n');
        const both = extractedBothWays(text);
        assert.deepEqual(both.skipping, both.interpreted, `first ${cut} lines of:\n${source.slice(0, 200)}`);
        groups += both.skipping.length;
        skipped += both.skipped;
      }
    }
    // The comparison means something only if many groups were skipped, and models were found.
    assert.ok(skipped > 100 && skipped < groups, `${skipped} of ${groups} groups skipped`);
  });

  it('a numpy-only loop makes no model and is skipped; a star import from Keras turns skipping off', () => {
    const plain = ['import numpy as np', 'from keras import layers', 'for step in range(3):', '    np.sin(step)', 'layers.Dense(4)', ''].join('\n');
    const module = readPythonModule(parseSource(plain, 'python'), plain);
    assert.deepEqual([...module.frameworkNames!], ['layers']);
    const starred = 'from keras.models import *\nfrom keras.layers import *\nnet = Sequential([Dense(4, kernel_initializer="zeros"), Dense(2)])\n';
    const starModule = readPythonModule(parseSource(starred, 'python'), starred);
    assert.equal(starModule.frameworkNames, undefined);
    assert.ok(analyze(starred, 'python').findings.some((finding) => finding.ruleId === 'zero-init'));
  });

  it('a helper whose parameter shadows an imported name, and an import inside a function, still extract as before', () => {
    const source = [
      'import numpy as np',
      'def build(layers):',
      '    return layers.Dense(4, kernel_initializer="zeros")',
      'def make():',
      '    from keras import layers as L',
      '    return keras_free(L.Dense(4, kernel_initializer="zeros"))',
      'm = make()',
      '',
    ].join('\n');
    const both = extractedBothWays(source);
    assert.deepEqual(both.skipping, both.interpreted);
  });
});

describe('positions over an edit', () => {
  it('finds the one changed range and moves positions past it', () => {
    const change = changedRange('abcdef', 'abXYdef');
    assert.deepEqual(change, { from: 2, toOld: 3, toNew: 4 });
    assert.equal(movedPosition(change!, 1), 1);
    assert.equal(movedPosition(change!, 5), 6);
    assert.equal(movedPosition(change!, 2), undefined, 'a position touching the change cannot be placed');
    assert.equal(changedRange('same', 'same'), undefined);
  });

  it('finds the same range as a character-by-character comparison, across block boundaries', () => {
    const random = seedrandom('changed-range');
    const naive = (a: string, b: string) => {
      let from = 0;
      while (from < Math.min(a.length, b.length) && a[from] === b[from]) from++;
      let tail = 0;
      while (tail < Math.min(a.length, b.length) - from && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
      return { from, toOld: a.length - tail, toNew: b.length - tail };
    };
    for (let i = 0; i < 200; i++) {
      const base = Array.from({ length: Math.floor(random() * 3000) }, () => 'ab\n'[Math.floor(random() * 3)]).join('');
      const at = Math.floor(random() * (base.length + 1));
      const cut = Math.floor(random() * 4);
      const edited = base.slice(0, at) + 'ab'.slice(0, Math.floor(random() * 3)) + base.slice(at + cut);
      if (edited === base) continue;
      assert.deepEqual(changedRange(base, edited), naive(base, edited), `case ${i}`);
    }
  });

  it('copies only what holds a position, keeps shared parts shared, and refuses what touches the change', () => {
    const shared = { from: 10, to: 12 };
    const constant = { kind: 'he_normal', scale: 2 };
    const value = { a: shared, b: [shared, constant], c: { from: 1, to: 2 } };
    const moved = withMovedPositions(value, (position) => (position >= 5 ? position + 3 : position))!;
    assert.deepEqual(moved.a, { from: 13, to: 15 });
    assert.equal(moved.a, moved.b[0]);
    assert.equal(moved.b[1], constant);
    assert.equal(moved.c, value.c);
    assert.equal(withMovedPositions(value, (position) => (position === 12 ? undefined : position)), undefined);
  });
});

/** Findings and models as comparable data. */
function summary(analysis: Analysis): string {
  return JSON.stringify({ findings: analysis.findings, models: analysis.file.models, imports: analysis.file.imports });
}

/** Seeded one-character inserts and deletes anywhere in `source`, each analyzed with and without the analysis before it. */
function checkEdits(source: string, language: Language, seed: string, count: number): void {
  const previous = analyze(source, language);
  const random = seedrandom(seed);
  const typed = 'abc_09 ,.()[]{}=:"\'\n#;/';
  for (let i = 0; i < count; i++) {
    const at = Math.floor(random() * source.length);
    const edited = random() < 0.5 ? source.slice(0, at) + typed[Math.floor(random() * typed.length)] + source.slice(at) : source.slice(0, at) + source.slice(at + 1);
    assert.equal(summary(analyze(edited, language, { previous })), summary(analyze(edited, language)), `edit ${i} at ${at}`);
  }
}

describe('re-analysis after an edit', () => {
  const source = generateKerasSource(600, 'statement-groups');

  it('equals a fresh analysis after seeded one-character edits anywhere, syntax-breaking ones included', () => {
    checkEdits(source, 'python', 'reuse-edits', 120);
  });

  it('equals a fresh analysis after seeded edits of a TF.js module', () => {
    checkEdits(generateTfjsSource(600, 'statement-groups'), 'typescript', 'reuse-edits-tfjs', 120);
  });

  it('equals a fresh analysis along a chain of edits, each analysis reusing the one before', () => {
    const random = seedrandom('reuse-chain');
    let text = source;
    let previous = analyze(text, 'python');
    for (let i = 0; i < 40; i++) {
      const at = Math.floor(random() * text.length);
      text = random() < 0.6 ? text.slice(0, at) + 'x'.repeat(1 + Math.floor(random() * 3)) + text.slice(at) : text.slice(0, at) + text.slice(at + 5);
      const next = analyze(text, 'python', { previous });
      assert.equal(summary(next), summary(analyze(text, 'python')), `edit ${i} at ${at}`);
      previous = next;
    }
  });

  it('keeps the models before the edit as they were and moves the ones after it', () => {
    const previous = analyze(source, 'python');
    const [first, second, ...rest] = previous.file.models;
    const last = rest.at(-1)!;
    // A blank line typed between the second model and the last one.
    const at = source.indexOf('\n', second.span.to) + 1;
    const edited = source.slice(0, at) + '\n' + source.slice(at);
    const after = analyze(edited, 'python', { previous });
    assert.equal(after.file.models[0], first, 'a model before the edit is the same object');
    const moved = after.file.models.at(-1)!;
    assert.notEqual(moved, last);
    assert.equal(moved.span.from, last.span.from + 1);
    assert.equal(edited.slice(moved.span.from, moved.span.to), source.slice(last.span.from, last.span.to));
  });

  it('applies a settings change and an import change to every group', () => {
    const previous = analyze(source, 'python');
    const quiet = analyze(source + '\n', 'python', { previous, rules: { 'init-activation-mismatch': 'off' } });
    assert.ok(quiet.findings.every((finding) => finding.ruleId !== 'init-activation-mismatch'));
    assert.ok(previous.findings.some((finding) => finding.ruleId === 'init-activation-mismatch'));
    const renamed = source.replace('from keras import initializers', 'from keras import initializers as inits');
    assert.equal(summary(analyze(renamed, 'python', { previous })), summary(analyze(renamed, 'python')));
  });
});

it('a Keras fixture analyzed group by group finds what the fixture tables expect (spot check)', () => {
  const fixture = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'python', 'resolution_helpers.py'), 'utf8');
  const fresh = analyze(fixture, 'python');
  const edited = analyze(fixture + '\n# trailing comment\n', 'python', { previous: fresh });
  assert.deepEqual(
    edited.findings.map((finding) => [finding.ruleId, finding.span.from]),
    fresh.findings.map((finding) => [finding.ruleId, finding.span.from]),
  );
  assert.ok(fresh.findings.length > 0);
});
