// Half-typed code: every file of examples/ and test/fixtures/ cut short (after every line; the
// small top-level examples after every character) is analyzed without throwing, every range
// stays inside the text, a fix's edits do not overlap, and a fix never makes a file that parsed
// start failing to parse. Then a syntax error typed before, between or after the models must
// not take the findings of the models it does not touch with it.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { analyze, applyEdits, parseSource, type Analysis, type Finding, type Language, type ModelIR, type Span, type Tree } from '../../src/core';
import { hasSyntaxErrors, type SyntaxNode } from '../../src/core/parse';
import { generateKerasSource, generateTfjsSource } from '../../bench/generated-source';

const root = path.join(__dirname, '..', '..', '..');
const LANGUAGE_BY_EXTENSION: Record<string, Language> = { '.py': 'python', '.ts': 'typescript', '.js': 'javascript' };

interface SourceFile {
  /** Relative to the repository root. */
  name: string;
  language: Language;
  text: string;
}

/** Every Python, TypeScript and JavaScript file under `folder` (recursively), listed when the suite runs: new fixtures need no edit here. */
function sourceFiles(folder: string): SourceFile[] {
  const absolute = path.join(root, folder);
  if (!fs.existsSync(absolute)) return [];
  return fs
    .readdirSync(absolute, { recursive: true })
    .map(String)
    .sort()
    .flatMap((relative) => {
      const language = LANGUAGE_BY_EXTENSION[path.extname(relative)];
      const file = path.join(absolute, relative);
      if (!language || !fs.statSync(file).isFile()) return [];
      return [{ name: path.join(folder, relative), language, text: fs.readFileSync(file, 'utf8') }];
    });
}

const examples = sourceFiles('examples');
const fixtures = sourceFiles(path.join('test', 'fixtures'));
/** The bench's generated files, short: many models of every shape one after another, with code between them. */
const generated: SourceFile[] = [
  { name: 'generated Keras (bench)', language: 'python', text: generateKerasSource(100, 'half-typed') },
  { name: 'generated TF.js (bench)', language: 'typescript', text: generateTfjsSource(100, 'half-typed') },
];
/** The small top-level Python examples are cut after every character; everything else after every line. */
const everyCharacter = (file: SourceFile): boolean => file.language === 'python' && path.dirname(file.name) === 'examples';

const tally = { files: 0, truncations: 0, fixesApplied: 0, errorsInserted: 0, findingsKept: 0 };
after(() => {
  console.log(
    `half-typed: ${tally.truncations} truncations of ${tally.files} files analyzed, ${tally.fixesApplied} fixes applied to clean prefixes; ` +
      `${tally.errorsInserted} syntax errors inserted, ${tally.findingsKept} findings checked to survive them`,
  );
});

const inside = (span: Span, length: number): boolean => span.from >= 0 && span.from <= span.to && span.to <= length;

/** Analyzes `text` and checks every range and fix; returns how many fixes were applied to a cleanly parsing text. */
function checkAnalysis(label: string, text: string, language: Language): number {
  const tree = parseSource(text, language);
  const analysis = analyze(text, language, { tree });
  const parsedCleanly = !hasSyntaxErrors(tree);
  let applied = 0;
  for (const finding of analysis.findings) {
    assert.ok(inside(finding.span, text.length), `${label}: ${finding.ruleId} span ${JSON.stringify(finding.span)} outside the text`);
    for (const related of finding.related) assert.ok(inside(related.span, text.length), `${label}: ${finding.ruleId} related span outside the text`);
    const edits = [...(finding.fix?.edits ?? [])].sort((a, b) => a.from - b.from || a.to - b.to);
    edits.forEach((edit, i) => {
      assert.ok(inside(edit, text.length), `${label}: ${finding.ruleId} fix edit ${JSON.stringify(edit)} outside the text`);
      if (i > 0) assert.ok(edits[i - 1].to <= edit.from && !(edits[i - 1].from === edit.from && edits[i - 1].to === edit.to), `${label}: ${finding.ruleId} fix edits overlap`);
    });
    if (finding.fix && parsedCleanly) {
      const fixed = applyEdits(text, finding.fix.edits);
      assert.ok(!hasSyntaxErrors(parseSource(fixed, language)), `${label}: the fix "${finding.fix.title}" broke the parse:\n${fixed}`);
      applied++;
    }
  }
  return applied;
}

/** End offsets of every line (each prefix ends after a line break, or at the end of the text). */
function lineEnds(text: string): number[] {
  const ends: number[] = [];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') ends.push(i + 1);
  if (ends.at(-1) !== text.length) ends.push(text.length);
  return ends;
}

describe('every prefix of every example and fixture is analyzed safely', () => {
  for (const file of [...examples, ...fixtures, ...generated]) {
    const cut = everyCharacter(file) ? 'character' : 'line';
    it(`${file.name}, cut after every ${cut}`, () => {
      const cuts = cut === 'character' ? Array.from({ length: file.text.length + 1 }, (_, i) => i) : [0, ...lineEnds(file.text)];
      let applied = 0;
      for (const length of cuts) applied += checkAnalysis(`${file.name}[0:${length}]`, file.text.slice(0, length), file.language);
      tally.files++;
      tally.truncations += cuts.length;
      tally.fixesApplied += applied;
      const whole = analyze(file.text, file.language);
      // A file with fixable findings must have had fixes checked (its own full text is the last cut).
      if (!hasSyntaxErrors(parseSource(file.text, file.language)) && whole.findings.some((finding) => finding.fix)) assert.ok(applied > 0, 'fixes were checked');
    });
  }
});

// --- Findings survive a syntax error elsewhere -------------------------------------------------

/** A line the parser rejects without disturbing the statements around it (checked against Lezer's recovery). */
const LOCAL_ERROR: Record<Language, string> = { python: 'x = = 1', typescript: 'const = ;', javascript: 'const = ;' };
/** An unbalanced call at the end of the file: everything typed after it would be swallowed. */
const UNBALANCED_ERROR: Record<Language, string> = { python: 'model.fit((', typescript: 'model.fit((', javascript: 'model.fit((' };

const FUNCTION_NODES = new Set(['FunctionDefinition', 'FunctionDeclaration', 'FunctionExpression', 'ArrowFunction', 'MethodDeclaration']);

/**
 * From the first to the last character any part of the model covers: its definition, its
 * layers, and the helper functions that build some of its layers elsewhere (a syntax error in
 * a helper's body is an error in the model).
 */
function extentOf(model: ModelIR, tree: Tree): Span {
  const spans = [model.span, ...model.layers.map((layer) => layer.span)];
  for (const layer of model.layers) {
    for (let node: SyntaxNode | null = tree.resolveInner(layer.span.from, 1); node; node = node.parent) {
      if (FUNCTION_NODES.has(node.name) && !(node.from <= model.span.from && model.span.to <= node.to)) spans.push(node);
    }
  }
  return { from: Math.min(...spans.map((s) => s.from)), to: Math.max(...spans.map((s) => s.to)) };
}

/** Line starts of statements (at any depth) that begin their line: places where a whole line can be inserted. */
function statementStarts(text: string, language: Language): { at: number; indent: string }[] {
  const containers = language === 'python' ? new Set(['Script', 'Body']) : new Set(['Script', 'Block']);
  const starts = new Map<number, string>();
  parseSource(text, language).iterate({
    enter(node) {
      if (!node.node.parent || !containers.has(node.node.parent.name) || node.type.isError || node.name === 'Comment' || node.name === 'LineComment') return;
      const lineStart = text.lastIndexOf('\n', node.from - 1) + 1;
      const indent = text.slice(lineStart, node.from);
      if (indent.trim() === '') starts.set(lineStart, indent);
    },
  });
  return [...starts].sort((a, b) => a[0] - b[0]).map(([at, indent]) => ({ at, indent }));
}

type Placement = 'before' | 'between' | 'inside' | 'after';

function placementOf(at: number, extents: Span[]): Placement {
  if (extents.some((extent) => extent.from < at && at < extent.to)) return 'inside';
  if (extents.every((extent) => at <= extent.from)) return 'before';
  if (extents.every((extent) => extent.to <= at)) return 'after';
  return 'between';
}

/** A finding is intact when every model it belongs to lies wholly on one side of the inserted line. */
function intactFindings(analysis: Analysis, extents: Span[], at: number): Finding[] {
  return analysis.findings.filter((finding) => {
    const owners = extents.filter((extent) => extent.from <= finding.span.from && finding.span.to <= extent.to);
    return owners.length > 0 && owners.every((extent) => !(extent.from < at && at < extent.to));
  });
}

/** Asserts that every intact finding of `before` is in `after` with the same rule, message id and text, its range shifted past the insertion. */
function assertSurvive(label: string, before: Analysis, extents: Span[], original: string, edited: string, at: number, insertedLength: number, language: Language): number {
  const afterEdit = analyze(edited, language);
  const expected = intactFindings(before, extents, at);
  for (const finding of expected) {
    const shift = finding.span.from >= at ? insertedLength : 0;
    const span = { from: finding.span.from + shift, to: finding.span.to + shift };
    const match = afterEdit.findings.find((other) => other.ruleId === finding.ruleId && other.messageId === finding.messageId && other.span.from === span.from && other.span.to === span.to);
    assert.ok(
      match,
      `${label}: ${finding.ruleId}/${finding.messageId} at ${JSON.stringify(finding.span)} ("${original.slice(finding.span.from, finding.span.to)}") was lost; now: ` +
        JSON.stringify(afterEdit.findings.map((other) => [other.ruleId, other.span.from, edited.slice(other.span.from, other.span.to)])),
    );
    assert.equal(edited.slice(match.span.from, match.span.to), original.slice(finding.span.from, finding.span.to), `${label}: ${finding.ruleId} text at its range`);
  }
  return expected.length;
}

describe('findings in the intact part survive a syntax error elsewhere', () => {
  const placements = new Map<Placement, number>();
  const withFindings = [...examples, ...fixtures, ...generated].filter((file) => analyze(file.text, file.language).findings.length > 0);

  for (const file of withFindings) {
    it(`${file.name}: a broken line before, between, inside and after its models`, () => {
      const analysis = analyze(file.text, file.language);
      const tree = parseSource(file.text, file.language);
      const extents = analysis.file.models.map((model) => extentOf(model, tree));
      let kept = 0;
      for (const { at, indent } of statementStarts(file.text, file.language)) {
        const inserted = `${indent}${LOCAL_ERROR[file.language]}\n`;
        const edited = file.text.slice(0, at) + inserted + file.text.slice(at);
        assert.ok(hasSyntaxErrors(parseSource(edited, file.language)), 'the inserted line is a syntax error');
        const placement = placementOf(at, extents);
        placements.set(placement, (placements.get(placement) ?? 0) + 1);
        kept += assertSurvive(`${file.name} + "${inserted.trim()}" at ${at} (${placement})`, analysis, extents, file.text, edited, at, inserted.length, file.language);
        tally.errorsInserted++;
      }
      // Typing an unbalanced call at the very end: the whole file before it is intact.
      const tail = `${file.text.endsWith('\n') ? '' : '\n'}${UNBALANCED_ERROR[file.language]}\n`;
      kept += assertSurvive(`${file.name} + unbalanced call at the end`, analysis, extents, file.text, file.text + tail, file.text.length, tail.length, file.language);
      assert.equal(intactFindings(analysis, extents, file.text.length).length, analysis.findings.length, 'at the end of the file every finding is intact');
      tally.errorsInserted++;
      tally.findingsKept += kept;
      assert.ok(kept >= analysis.findings.length, `${file.name}: every finding was checked at least once`);
    });
  }

  it('syntax errors were placed before, between and after models somewhere in the corpus', () => {
    for (const placement of ['before', 'between', 'after'] as const) assert.ok((placements.get(placement) ?? 0) > 0, `no statement boundary ${placement} models`);
  });
});

describe('fixes stay out of half-typed argument lists', () => {
  // Found by `npm run fuzz` (seed 1635520972): a stray `lambda` turns the rest of a call's arguments
  // into lambda parameters, so its kernel_initializer is not read; a fix that appended one more
  // kernel_initializer there would be appended again on every fix-all.
  it('a default kernel in a call with a syntax error gets no inserted argument, and fix-all is a fixed point', () => {
    const source = [
      'import tensorflow.compat.v1 as tf',
      "images = tf.placeholder(tf.float32, shape=(None, 28, 28, 1))",
      "net = tf.layers.conv2d(images, 32, 3, padding='same', activation=tf.nn.relu,lambda",
      '                       kernel_initializer=tf.glorot_normal_initializer())',
      "net = tf.layers.conv2d(net, 64, 3, padding='same', activation=tf.nn.relu)",
      'logits = tf.layers.dense(tf.layers.flatten(net), 10)',
      '',
    ].join('\n');
    const fixAll = (text: string): string => applyEdits(text, analyze(text, 'python').findings.flatMap((finding) => finding.fix?.edits ?? []));
    const brokenCall = { from: source.indexOf('tf.layers.conv2d(images'), to: source.indexOf('net = tf.layers.conv2d(net') };
    const edits = analyze(source, 'python').findings.flatMap((finding) => finding.fix?.edits ?? []);
    assert.deepEqual(edits.filter((edit) => edit.from >= brokenCall.from && edit.from < brokenCall.to), []);
    assert.ok(edits.length > 0, 'the intact conv2d is still fixed');
    const once = fixAll(source);
    assert.equal(fixAll(once), once);
  });
});
