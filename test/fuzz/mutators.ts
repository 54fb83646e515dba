// Mutations of real files: what an editor sees while someone types, pastes or opens a file in the
// wrong encoding. Each mutation is data (a recipe fast-check can shrink and print); `mutate`
// applies a list of them to a text. Positions are naturals taken modulo what the text offers, so a
// recipe stays valid on any text.

import fc from 'fast-check';

export type Mutation =
  /** Cut the text at the n-th boundary between character classes (letter, digit, space, newline, quote, bracket, other). */
  | { kind: 'truncate'; boundary: number }
  | { kind: 'delete-lines'; line: number; count: number }
  | { kind: 'duplicate-lines'; line: number; count: number }
  | { kind: 'insert'; at: number; text: string }
  /** Insert or remove one bracket. */
  | { kind: 'bracket'; at: number; bracket: string; remove: boolean }
  /** Wrap the n-th number of the text in `depth` pairs of brackets (closed or not). */
  | { kind: 'nest'; number: number; depth: number; open: string; close: string }
  | { kind: 'replace-string'; string: number; text: string }
  | { kind: 'replace-number'; number: number; text: string }
  | { kind: 'long-line'; line: number; length: number; style: 'comment' | 'string' | 'sum' | 'arguments' }
  | { kind: 'line-endings'; style: 'crlf' | 'cr' | 'mixed' | 'separators' }
  | { kind: 'bom'; at: number }
  | { kind: 'indent'; line: number; text: string };

type CharacterClass = 'letter' | 'digit' | 'space' | 'newline' | 'quote' | 'bracket' | 'other';

function classOf(char: string): CharacterClass {
  if (/\p{L}|_/u.test(char)) return 'letter';
  if (char >= '0' && char <= '9') return 'digit';
  if (char === '\n' || char === '\r') return 'newline';
  if (char === ' ' || char === '\t') return 'space';
  if (char === '"' || char === "'" || char === '`') return 'quote';
  if ('()[]{}'.includes(char)) return 'bracket';
  return 'other';
}

/** Offsets where the class of character changes, plus both ends. */
export function classBoundaries(text: string): number[] {
  const boundaries = [0];
  for (let i = 1; i < text.length; i++) if (classOf(text[i]) !== classOf(text[i - 1])) boundaries.push(i);
  boundaries.push(text.length);
  return boundaries;
}

/** Start offsets of maximal runs of characters matching `inRun`, e.g. the numbers of a text. */
function runs(text: string, inRun: (char: string) => boolean): { from: number; to: number }[] {
  const found: { from: number; to: number }[] = [];
  for (let i = 0; i < text.length; ) {
    if (!inRun(text[i])) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < text.length && inRun(text[end])) end++;
    found.push({ from: i, to: end });
    i = end;
  }
  return found;
}

const numbers = (text: string) => runs(text, (char) => (char >= '0' && char <= '9') || char === '.');

/** The contents of single- or double-quoted strings on one line. */
function strings(text: string): { from: number; to: number }[] {
  const found: { from: number; to: number }[] = [];
  for (let i = 0; i < text.length; i++) {
    const q = text[i];
    if (q !== '"' && q !== "'") continue;
    const end = text.indexOf(q, i + 1);
    const newline = text.indexOf('\n', i + 1);
    if (end < 0 || (newline >= 0 && newline < end)) continue;
    found.push({ from: i + 1, to: end });
    i = end;
  }
  return found;
}

const lineStarts = (text: string): number[] => [0, ...runs(text, (char) => char === '\n').map((run) => run.to)];
const splice = (text: string, from: number, to: number, insert: string) => text.slice(0, from) + insert + text.slice(to);

function longLine(length: number, style: 'comment' | 'string' | 'sum' | 'arguments', python: boolean): string {
  switch (style) {
    case 'comment':
      return `${python ? '#' : '//'} ${'Dense(8) '.repeat(Math.ceil(length / 9))}`;
    case 'string':
      return `${python ? '' : 'const '}s = "${'x'.repeat(length)}"`;
    case 'sum':
      return `${python ? '' : 'const '}total = ${Array.from({ length: Math.ceil(length / 4) }, () => '1').join(' + ')}`;
    case 'arguments':
      return python
        ? `wide = layers.Dense(8, ${Array.from({ length: Math.ceil(length / 12) }, (_, i) => `a${i}=${i}`).join(', ')})`
        : `const wide = tf.layers.dense({ units: 8, ${Array.from({ length: Math.ceil(length / 12) }, (_, i) => `a${i}: ${i}`).join(', ')} });`;
  }
}

export function applyMutation(text: string, mutation: Mutation, python: boolean): string {
  switch (mutation.kind) {
    case 'truncate': {
      const boundaries = classBoundaries(text);
      return text.slice(0, boundaries[mutation.boundary % boundaries.length]);
    }
    case 'delete-lines':
    case 'duplicate-lines': {
      const starts = [...lineStarts(text), text.length];
      const first = mutation.line % (starts.length - 1 || 1);
      const end = starts[Math.min(first + mutation.count, starts.length - 1)];
      const lines = text.slice(starts[first], end);
      return mutation.kind === 'delete-lines' ? splice(text, starts[first], end, '') : splice(text, end, end, lines.endsWith('\n') || lines === '' ? lines : `\n${lines}`);
    }
    case 'insert':
      return splice(text, mutation.at % (text.length + 1), mutation.at % (text.length + 1), mutation.text);
    case 'bracket': {
      if (!mutation.remove) return splice(text, mutation.at % (text.length + 1), mutation.at % (text.length + 1), mutation.bracket);
      const brackets = runs(text, (char) => '()[]{}'.includes(char));
      if (brackets.length === 0) return text;
      const run = brackets[mutation.at % brackets.length];
      return splice(text, run.from, run.from + 1, '');
    }
    case 'nest': {
      const found = numbers(text);
      if (found.length === 0) return text;
      const run = found[mutation.number % found.length];
      return splice(text, run.from, run.to, `${mutation.open.repeat(mutation.depth)}${text.slice(run.from, run.to)}${mutation.close.repeat(mutation.depth)}`);
    }
    case 'replace-string': {
      const found = strings(text);
      if (found.length === 0) return text;
      const run = found[mutation.string % found.length];
      return splice(text, run.from, run.to, mutation.text);
    }
    case 'replace-number': {
      const found = numbers(text);
      if (found.length === 0) return text;
      const run = found[mutation.number % found.length];
      return splice(text, run.from, run.to, mutation.text);
    }
    case 'long-line': {
      const starts = lineStarts(text);
      const at = starts[mutation.line % starts.length];
      return splice(text, at, at, `${longLine(mutation.length, mutation.style, python)}\n`);
    }
    case 'line-endings': {
      const lines = text.split('\n');
      if (mutation.style === 'crlf') return lines.join('\r\n');
      if (mutation.style === 'cr') return lines.join('\r');
      if (mutation.style === 'separators') return lines.join('\u2028');
      return lines.map((line, i) => line + (i === lines.length - 1 ? '' : ['\n', '\r\n', '\r'][i % 3])).join('');
    }
    case 'bom':
      return mutation.at === 0 ? `\uFEFF${text}` : splice(text, mutation.at % (text.length + 1), mutation.at % (text.length + 1), '\uFEFF');
    case 'indent': {
      const starts = lineStarts(text);
      const at = starts[mutation.line % starts.length];
      return splice(text, at, at, mutation.text);
    }
  }
}

export function mutate(text: string, mutations: readonly Mutation[], python: boolean): string {
  return mutations.reduce((current, mutation) => applyMutation(current, mutation, python), text);
}

/** Characters an editor buffer can hold but a parser rarely sees: NUL, controls, lone surrogates, BOMs, separators, astral symbols. */
const oddCharacter: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('\u0000', '\u0001', '\u0007', '\u000b', '\u000c', '\r', '\u001b', '\u007f', '\u0085', '\u00a0', '\u2028', '\u2029', '\ufeff', '\ufffe', '\uffff', '\u200b', '\u202e'),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit)),
  fc.constantFrom('😀', '𝔘', 'é', 'ß', '中', '\u0301'),
);
const codeCharacter: fc.Arbitrary<string> = fc.constantFrom(...'()[]{}:;,.=+-*/#\'"`\\ \t\n@!?<>|&^%$~0123456789abcxyzDense');

/** Random text to insert: mostly code punctuation, some raw code units of every kind. */
export const randomText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: fc.oneof({ weight: 3, arbitrary: codeCharacter }, { weight: 1, arbitrary: oddCharacter }), minLength: 1, maxLength: 12 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }),
  fc.constantFrom('Dense(', 'tf.layers.dense({', 'kernel_initializer=', "'he_normal'", 'keras.Sequential([', '"""', '/*', '`${', 'lambda', 'def ', 'class ', '#'),
);

const NAMES = [
  'he_normal', 'glorot_uniform', 'zeros', 'ones', 'relu', 'tanh', 'selu', 'heNormal', 'glorotNormal', 'fan_in', 'fanAvg', 'truncated_normal',
  '', ' ', 'relu\u0000', '\ud800', 'é', '😀', 'x'.repeat(200),
];
const NUMBERS = ['0', '0.0', '-1', '1e309', '1e-400', '2**31', '0x10', '1_000', 'nan', 'NaN', 'Infinity', '10000000000', '0.0000001', '', '-'];

export const mutationArbitrary = (size: 'small' | 'large'): fc.Arbitrary<Mutation> => {
  const depth = size === 'small' ? fc.integer({ min: 1, max: 64 }) : fc.integer({ min: 1000, max: 6000 });
  const length = size === 'small' ? fc.integer({ min: 100, max: 2000 }) : fc.integer({ min: 20_000, max: 200_000 });
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('truncate' as const), boundary: fc.nat() }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete-lines' as const), line: fc.nat(), count: fc.integer({ min: 1, max: 5 }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('duplicate-lines' as const), line: fc.nat(), count: fc.integer({ min: 1, max: 5 }) }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: randomText }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('bracket' as const), at: fc.nat(), bracket: fc.constantFrom(...'()[]{}'), remove: fc.boolean() }) },
    {
      weight: 1,
      arbitrary: fc
        .record({ number: fc.nat(), depth, pair: fc.constantFrom(['(', ')'], ['[', ']'], ['-(', ')'], ['f(', ')'], ['(', ''], ['', ')'], ['{a:', '}']) })
        .map(({ number, depth, pair }) => ({ kind: 'nest' as const, number, depth, open: pair[0], close: pair[1] })),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('replace-string' as const), string: fc.nat(), text: fc.oneof(fc.constantFrom(...NAMES), randomText) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('replace-number' as const), number: fc.nat(), text: fc.constantFrom(...NUMBERS) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('long-line' as const), line: fc.nat(), length, style: fc.constantFrom('comment' as const, 'string' as const, 'sum' as const, 'arguments' as const) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('line-endings' as const), style: fc.constantFrom('crlf' as const, 'cr' as const, 'mixed' as const, 'separators' as const) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('bom' as const), at: fc.oneof(fc.constant(0), fc.nat()) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('indent' as const), line: fc.nat(), text: fc.constantFrom(' ', '\t', '    ', '\t ', '\u00a0') }) },
  );
};
