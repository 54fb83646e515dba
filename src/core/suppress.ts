// Suppression comments, read from the comment nodes of the Lezer tree:
// - Python (`Comment`): `# initlint: disable=<id>[,<id>]` and `# noqa[: <id>, …]`, covering the
//   line they end, or the next line when the comment stands on a line of its own;
// - TypeScript / JavaScript (`LineComment`, `BlockComment`), ESLint's convention:
//   `// initlint-disable-next-line [<id>, …] [-- reason]` and `// initlint-disable-line …`.
// Without ids a directive covers every rule. Read by a small lexer that warns, never throws.

import type { Tree } from '@lezer/common';
import type { Language, Span } from './ir';
import { LineMap } from './lines';

export interface Suppressions {
  /** 0-based line → rule ids suppressed there (`*` for all). */
  byLine: Map<number, Set<string>>;
  /** Comments naming rule ids initlint does not have. */
  warnings: { span: Span; message: string }[];
}

export interface Directive {
  /** Rule ids named; empty for a blanket directive. */
  ids: string[];
  /** Whether unknown ids are ours to warn about (`noqa` codes may belong to other tools). */
  ownedIds: boolean;
  /**
   * The line covered: `placement` = the comment's line when code precedes it, else the next
   * line (Python); `line` = the comment's own line; `next-line` = the line after the comment.
   */
  scope: 'placement' | 'line' | 'next-line';
}

/** Comment nodes of the Python grammar (`Comment`) and of the JavaScript/TypeScript one. */
const COMMENT_NODES: ReadonlySet<string> = new Set(['Comment', 'LineComment', 'BlockComment']);

/**
 * Reads a directive from a comment's text, markers included: `# …` (Python), `// …` or
 * `/* … *\/` (TS/JS). Returns undefined for any other comment.
 */
export function readDirective(comment: string): Directive | undefined {
  if (comment.startsWith('#')) return readHashDirective(comment.replace(/^#+/, '').trim());
  if (comment.startsWith('//')) return readEslintStyleDirective(comment.slice(2).trim());
  if (comment.startsWith('/*')) return readEslintStyleDirective(comment.slice(2, comment.endsWith('*/') ? -2 : undefined).replace(/^\*+/, '').trim());
  return undefined;
}

/** `initlint: disable[=a,b]` or `noqa[: a, b]`. */
function readHashDirective(text: string): Directive | undefined {
  let ownedIds = true;
  if (text.startsWith('initlint:')) {
    text = text.slice('initlint:'.length).trim();
    if (!text.startsWith('disable')) return undefined;
    text = text.slice('disable'.length).trim();
    if (text === '') return { ids: [], ownedIds, scope: 'placement' };
    if (!text.startsWith('=')) return undefined;
    text = text.slice(1);
  } else if (text.toLowerCase().startsWith('noqa')) {
    ownedIds = false;
    text = text.slice('noqa'.length).trim();
    if (text === '') return { ids: [], ownedIds, scope: 'placement' };
    if (!text.startsWith(':')) return undefined;
    text = text.slice(1);
  } else {
    return undefined;
  }
  return { ids: idList(text), ownedIds, scope: 'placement' };
}

/** `initlint-disable-next-line [a, b] [-- reason]` or `initlint-disable-line …`. */
function readEslintStyleDirective(text: string): Directive | undefined {
  for (const [keyword, scope] of [['initlint-disable-next-line', 'next-line'], ['initlint-disable-line', 'line']] as const) {
    if (!text.startsWith(keyword)) continue;
    const rest = text.slice(keyword.length);
    if (rest !== '' && !/^\s/.test(rest)) return undefined; // `initlint-disable-lines` is not ours
    const reason = rest.search(/\s--/);
    return { ids: idList(reason < 0 ? rest : rest.slice(0, reason)), ownedIds: true, scope };
  }
  return undefined;
}

/** Comma-separated ids; anything after an id's first word is commentary. */
function idList(text: string): string[] {
  const ids: string[] = [];
  for (const part of text.split(',')) {
    const id = part.trim().split(/\s/)[0];
    if (id) ids.push(id);
  }
  return ids;
}

/**
 * The comment nodes of a tree, in document order. Walking every node to find the few comments
 * costs more than the rest of a keystroke's rules, so the text is scanned for the characters a
 * comment starts with (`#`, `//`, `/*`) and the tree decides at each whether a comment starts
 * there (in a string or a division it does not).
 */
function* commentNodes(source: string, tree: Tree): Generator<{ from: number; to: number }> {
  for (let at = 0; at < source.length; at++) {
    const char = source.charCodeAt(at);
    const marker = char === 35 /* # */ || (char === 47 /* / */ && (source.charCodeAt(at + 1) === 47 || source.charCodeAt(at + 1) === 42 /* * */));
    if (!marker) continue;
    const node = tree.resolveInner(at, 1);
    if (node.from === at && COMMENT_NODES.has(node.name)) yield { from: node.from, to: node.to };
    // Nothing starts inside a token (a comment, a string of `#`s): go on after it.
    else if (node.firstChild) continue;
    at = Math.max(at, node.to - 1);
  }
}

const MAY_HOLD_DIRECTIVE = /initlint|noqa/i;

export function readSuppressions(source: string, tree: Tree, knownIds: ReadonlySet<string>, knownLines?: LineMap): Suppressions {
  const byLine = new Map<number, Set<string>>();
  const warnings: Suppressions['warnings'] = [];
  // Every directive names initlint or noqa: a file that never does has no comment worth a walk.
  if (!MAY_HOLD_DIRECTIVE.test(source)) return { byLine, warnings };
  let lines = knownLines;
  for (const node of commentNodes(source, tree)) {
    const directive = readDirective(source.slice(node.from, node.to));
    if (!directive) continue;
    lines ??= new LineMap(source);
    const line = lines.position(node.from).line - 1;
    let target = line;
    if (directive.scope === 'next-line') {
      target = lines.position(node.to).line;
    } else if (directive.scope === 'placement') {
      const lineStart = source.lastIndexOf('\n', node.from - 1) + 1;
      if (source.slice(lineStart, node.from).trim() === '') target = line + 1;
    }
    const ids = directive.ids.filter((id) => knownIds.has(id));
    if (directive.ownedIds) {
      for (const id of directive.ids.filter((name) => !knownIds.has(name))) {
        warnings.push({ span: { from: node.from, to: node.to }, message: `Unknown rule id '${id}' in suppression comment (known: ${[...knownIds].join(', ')}).` });
      }
    }
    if (directive.ids.length > 0 && ids.length === 0) continue;
    const set = byLine.get(target) ?? new Set<string>();
    for (const id of directive.ids.length === 0 ? ['*'] : ids) set.add(id);
    byLine.set(target, set);
  }
  return { byLine, warnings };
}

export function isSuppressed(suppressions: Suppressions, line: number, ruleId: string): boolean {
  const ids = suppressions.byLine.get(line);
  return ids !== undefined && (ids.has('*') || ids.has(ruleId));
}

/**
 * The edit that disables `ruleId` for the line holding `offset`. Python: a comment at the end
 * of the line, or on its own line above when the line already has a comment or continues with
 * `\`. TypeScript / JavaScript: `// initlint-disable-next-line <id>` on its own line above, as
 * ESLint's quick fix writes it (an end-of-line comment could land inside a template string).
 */
export function disableForLineEdit(source: string, offset: number, ruleId: string, language: Language = 'python'): { from: number; to: number; text: string } {
  const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
  const newline = source.indexOf('\n', offset);
  let lineEnd = newline < 0 ? source.length : newline;
  if (source[lineEnd - 1] === '\r') lineEnd--;
  const line = source.slice(lineStart, lineEnd);
  if (language === 'python' && !line.includes('#') && !line.trimEnd().endsWith('\\')) {
    const end = lineStart + line.trimEnd().length;
    return { from: end, to: end, text: `  # initlint: disable=${ruleId}` };
  }
  const indent = line.slice(0, line.length - line.trimStart().length);
  const eol = newline >= 0 && source[newline - 1] === '\r' ? '\r\n' : '\n';
  const comment = language === 'python' ? `# initlint: disable=${ruleId}` : `// initlint-disable-next-line ${ruleId}`;
  return { from: lineStart, to: lineStart, text: `${indent}${comment}${eol}` };
}
