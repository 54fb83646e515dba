// Between a notebook analyzed as one program (core/notebook.ts) and its cells: program spans to
// cell spans and back, fix edits grouped by cell, and the one change that turns the previous
// program into the next (the analysis worker's parse tree follows it). No `vscode` import: the
// extension's notebook adapter is a thin layer over these.

import type { CellEdit, NotebookProgram, TextEdit } from '../core';
import type { ContentChange } from './analysis-pipeline';

export type { CellEdit, CellSpan } from '../core';

/**
 * The edits of one change, each in the cell it falls in; undefined when any of them spans two
 * cells or touches masked IPython syntax, since then the change cannot be made cell by cell (and
 * half of it could break the code).
 */
export function cellEditsOf(program: NotebookProgram, edits: readonly TextEdit[]): CellEdit[] | undefined {
  const result: CellEdit[] = [];
  for (const edit of edits) {
    const cellEdit = program.cellEdit(edit);
    if (!cellEdit) return undefined;
    result.push(cellEdit);
  }
  return result;
}

/** Cell edits by cell index, each cell's in document order. */
export function groupByCell(edits: readonly CellEdit[]): Map<number, CellEdit[]> {
  const groups = new Map<number, CellEdit[]>();
  for (const edit of [...edits].sort((a, b) => a.cell - b.cell || a.from - b.from || a.to - b.to)) {
    const group = groups.get(edit.cell);
    if (group) group.push(edit);
    else groups.set(edit.cell, [edit]);
  }
  return groups;
}

/** Whether two programs read the same text from the same cells (a markdown cell added above shifts indices, not text). */
export function sameProgram(a: NotebookProgram, b: NotebookProgram): boolean {
  if (a.source !== b.source || a.parts.length !== b.parts.length) return false;
  return a.parts.every((part, index) => {
    const other = b.parts[index];
    return part.cell === other.cell && part.from === other.from && part.to === other.to;
  });
}

/** One replacement turning `before` into `after` (their common start and end kept); undefined when they are equal. */
export function textChange(before: string, after: string): ContentChange | undefined {
  if (before === after) return undefined;
  const shorter = Math.min(before.length, after.length);
  let start = 0;
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < shorter - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  return { rangeOffset: start, rangeLength: before.length - start - end, text: after.slice(start, after.length - end) };
}

/** The offset where 1-based `line` of `text` starts (the last line's start past the end). */
export function lineStart(text: string, line: number): number {
  let offset = 0;
  for (let current = 1; current < line; current++) {
    const newline = text.indexOf('\n', offset);
    if (newline < 0) break;
    offset = newline + 1;
  }
  return offset;
}
