// Suppression comments: `# initlint: disable=<id>[,<id>]` at the end of a line or on the line
// above, and `# noqa: <id>` likewise. Read by a small lexer that warns, never throws.

import type { Tree } from '@lezer/common';
import type { Span } from './ir';
import { LineMap } from './lines';

export interface Suppressions {
  /** 0-based line → rule ids suppressed there (`*` for all). */
  byLine: Map<number, Set<string>>;
  /** Comments naming rule ids initlint does not have. */
  warnings: { span: Span; message: string }[];
}

interface Directive {
  /** Rule ids named; empty for a blanket directive. */
  ids: string[];
  /** Whether unknown ids are ours to warn about (`noqa` codes may belong to other tools). */
  ownedIds: boolean;
}

/** Reads `initlint: disable[=a,b]` or `noqa[: a, b]` from a comment's text (after `#`). */
export function readDirective(comment: string): Directive | undefined {
  let text = comment.replace(/^#+/, '').trim();
  let ownedIds = true;
  if (text.startsWith('initlint:')) {
    text = text.slice('initlint:'.length).trim();
    if (!text.startsWith('disable')) return undefined;
    text = text.slice('disable'.length).trim();
    if (text === '') return { ids: [], ownedIds };
    if (!text.startsWith('=')) return undefined;
    text = text.slice(1);
  } else if (text.toLowerCase().startsWith('noqa')) {
    ownedIds = false;
    text = text.slice('noqa'.length).trim();
    if (text === '') return { ids: [], ownedIds };
    if (!text.startsWith(':')) return undefined;
    text = text.slice(1);
  } else {
    return undefined;
  }
  const ids: string[] = [];
  for (const part of text.split(',')) {
    const id = part.trim().split(/\s/)[0];
    if (id) ids.push(id);
  }
  return { ids, ownedIds };
}

export function readSuppressions(source: string, tree: Tree, knownIds: ReadonlySet<string>): Suppressions {
  const byLine = new Map<number, Set<string>>();
  const warnings: Suppressions['warnings'] = [];
  const lines = new LineMap(source);
  tree.iterate({
    enter(node) {
      if (node.name !== 'Comment') return;
      const directive = readDirective(source.slice(node.from, node.to));
      if (!directive) return;
      const line = lines.position(node.from).line - 1;
      const lineStart = source.lastIndexOf('\n', node.from - 1) + 1;
      const ownLine = source.slice(lineStart, node.from).trim() === '';
      const target = ownLine ? line + 1 : line;
      const ids = directive.ids.filter((id) => knownIds.has(id));
      if (directive.ownedIds) {
        for (const id of directive.ids.filter((name) => !knownIds.has(name))) {
          warnings.push({ span: { from: node.from, to: node.to }, message: `Unknown rule id '${id}' in suppression comment (known: ${[...knownIds].join(', ')}).` });
        }
      }
      if (directive.ids.length > 0 && ids.length === 0) return;
      const set = byLine.get(target) ?? new Set<string>();
      for (const id of directive.ids.length === 0 ? ['*'] : ids) set.add(id);
      byLine.set(target, set);
    },
  });
  return { byLine, warnings };
}

export function isSuppressed(suppressions: Suppressions, line: number, ruleId: string): boolean {
  const ids = suppressions.byLine.get(line);
  return ids !== undefined && (ids.has('*') || ids.has(ruleId));
}

/**
 * The edit that disables `ruleId` for the line holding `offset`: a comment at the end of the
 * line, or on its own line above when the line already has a comment or continues with `\`.
 */
export function disableForLineEdit(source: string, offset: number, ruleId: string): { from: number; to: number; text: string } {
  const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
  const newline = source.indexOf('\n', offset);
  let lineEnd = newline < 0 ? source.length : newline;
  if (source[lineEnd - 1] === '\r') lineEnd--;
  const line = source.slice(lineStart, lineEnd);
  if (!line.includes('#') && !line.trimEnd().endsWith('\\')) {
    const end = lineStart + line.trimEnd().length;
    return { from: end, to: end, text: `  # initlint: disable=${ruleId}` };
  }
  const indent = line.slice(0, line.length - line.trimStart().length);
  const eol = newline >= 0 && source[newline - 1] === '\r' ? '\r\n' : '\n';
  return { from: lineStart, to: lineStart, text: `${indent}# initlint: disable=${ruleId}${eol}` };
}
