// Where a finding is, in the terms of the file the user gave: line and column in a source file, or
// cell, line and column in a notebook. Findings come from the analyzer as offsets in the text it
// read; for a notebook that is the program of its code cells (NotebookProgram), so every offset is
// mapped back to one cell here, once, and the report formats only print what they are given.

import { LineMap, NotebookProgram, type Finding, type NotebookCell, type TextEdit } from '../core';

/** 1-based lines and columns, end exclusive (DESIGN.md's contract); `cell` only in a notebook, 0-based among all its cells. */
export interface Place {
  cell?: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface PlacedEdit extends Place {
  text: string;
}

export interface PlacedFinding {
  ruleId: string;
  severity: Finding['severity'];
  message: string;
  place: Place;
  related: { place: Place; message: string }[];
  fix?: { title: string; edits: PlacedEdit[] };
}

/** Maps the analyzer's offsets to places in the file; `undefined` for what has no place in it. */
export interface Placer {
  /** A finding's range. */
  place(from: number, to: number): Place | undefined;
  /** A fix edit's range: stricter than `place`, since applying it must leave a valid file. */
  placeEdit(edit: TextEdit): Place | undefined;
}

export class SourcePlacer implements Placer {
  private readonly lines: LineMap;

  constructor(text: string) {
    this.lines = new LineMap(text);
  }

  place(from: number, to: number): Place {
    const start = this.lines.position(from);
    const end = this.lines.position(to);
    return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  }

  placeEdit(edit: TextEdit): Place {
    return this.place(edit.from, edit.to);
  }
}

/** An edit in one cell's own text (offsets from the cell's start). */
export interface CellEdit extends TextEdit {
  cell: number;
}

interface CellText {
  /** The cell's text as the notebook holds it. */
  source: string;
  /** The same with IPython syntax masked: what the analyzer read. Equal length, equal line breaks. */
  masked: string;
  lines: LineMap;
}

/**
 * A notebook's code cells as one program (the analyzer's input) and the way back from the
 * program's offsets to cells. A range that starts in one cell and ends in a later one (a model
 * whose definition the analyzer sees across cells) is cut at the end of its first cell; an edit
 * is never cut: one that would cross cells, or touch a line whose IPython syntax was masked, has
 * no place (applied to the cells it would not give the text the analyzer planned).
 */
export class NotebookPlacer implements Placer {
  readonly program: NotebookProgram;
  private readonly cells = new Map<number, CellText>();

  constructor(cells: readonly NotebookCell[]) {
    this.program = new NotebookProgram(cells);
    const sources = new Map(cells.map((cell) => [cell.index, cell.source]));
    for (const part of this.program.parts) {
      const masked = this.program.source.slice(part.from, part.to);
      this.cells.set(part.cell, { source: sources.get(part.cell)!, masked, lines: new LineMap(masked) });
    }
  }

  /** The cell and in-cell range of a program range, its end cut at the end of the cell where it starts. */
  cellRange(from: number, to: number): { cell: number; from: number; to: number } | undefined {
    const start = this.program.locate(from);
    if (!start) return undefined;
    const end = this.program.locate(Math.max(from, to));
    const length = this.cells.get(start.cell)!.masked.length;
    return { cell: start.cell, from: start.offset, to: end && end.cell === start.cell ? end.offset : length };
  }

  /** A program edit as an edit of one cell's text, or undefined (see the class comment). */
  cellEdit(edit: TextEdit): CellEdit | undefined {
    const start = this.program.locate(edit.from);
    const end = this.program.locate(edit.to);
    if (!start || !end || start.cell !== end.cell) return undefined;
    const text = this.cells.get(start.cell)!;
    const lineStart = text.masked.lastIndexOf('\n', start.offset - 1) + 1;
    const nextBreak = text.masked.indexOf('\n', end.offset);
    const lineEnd = nextBreak < 0 ? text.masked.length : nextBreak;
    if (text.masked.slice(lineStart, lineEnd) !== text.source.slice(lineStart, lineEnd)) return undefined;
    return { cell: start.cell, from: start.offset, to: end.offset, text: edit.text };
  }

  place(from: number, to: number): Place | undefined {
    const range = this.cellRange(from, to);
    return range && this.cellPlace(range.cell, range.from, range.to);
  }

  placeEdit(edit: TextEdit): Place | undefined {
    const cellEdit = this.cellEdit(edit);
    return cellEdit && this.cellPlace(cellEdit.cell, cellEdit.from, cellEdit.to);
  }

  private cellPlace(cell: number, from: number, to: number): Place {
    const { lines } = this.cells.get(cell)!;
    const start = lines.position(from);
    const end = lines.position(to);
    return { cell, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  }
}

/** The findings with their places; a finding with no place is dropped, a fix with an edit that has none loses the fix. */
export function placeFindings(findings: readonly Finding[], placer: Placer): PlacedFinding[] {
  const placed: PlacedFinding[] = [];
  for (const finding of findings) {
    const place = placer.place(finding.span.from, finding.span.to);
    if (!place) continue;
    const related = finding.related.flatMap((item) => {
      const at = placer.place(item.span.from, item.span.to);
      return at ? [{ place: at, message: item.message }] : [];
    });
    const edits = finding.fix?.edits.map((edit) => {
      const at = placer.placeEdit(edit);
      return at && { ...at, text: edit.text };
    });
    const fix = finding.fix && edits!.every((edit) => edit !== undefined) ? { title: finding.fix.title, edits: edits as PlacedEdit[] } : undefined;
    placed.push({ ruleId: finding.ruleId, severity: finding.severity, message: finding.message, place, related, ...(fix ? { fix } : {}) });
  }
  return placed;
}
