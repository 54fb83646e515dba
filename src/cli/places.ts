// Where a finding is, in the terms of the file the user gave: line and column in a source file, or
// cell, line and column in a notebook. Findings come from the analyzer as offsets in the text it
// read; for a notebook that is the program of its code cells (NotebookProgram), so every offset is
// mapped back to one cell here, once, and the report formats only print what they are given.

import { LineMap, NotebookProgram, type CellSpan, type Finding, type NotebookCell, type TextEdit } from '../core';

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

/**
 * Places in a notebook: each program range in the cell it starts in (cut at that cell's end when
 * the analyzer read it across cells), each edit only where NotebookProgram says it can be made.
 */
export class NotebookPlacer implements Placer {
  readonly program: NotebookProgram;
  private readonly lines = new Map<number, LineMap>();

  constructor(cells: readonly NotebookCell[]) {
    this.program = new NotebookProgram(cells);
    for (const part of this.program.parts) this.lines.set(part.cell, new LineMap(this.program.source.slice(part.from, part.to)));
  }

  place(from: number, to: number): Place | undefined {
    const span = this.program.cellSpan({ from, to }, true);
    return span && this.cellPlace(span);
  }

  placeEdit(edit: TextEdit): Place | undefined {
    const cellEdit = this.program.cellEdit(edit);
    return cellEdit && this.cellPlace(cellEdit);
  }

  private cellPlace({ cell, from, to }: CellSpan): Place {
    const lines = this.lines.get(cell)!;
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
