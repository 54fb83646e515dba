// An analysis as the editor shows it. A text file is analyzed as itself; a notebook's code cells
// are analyzed as one program, and every span of its analysis lies in one of the cells. Views
// hide the difference from diagnostics, code actions, hover, CodeLens and the panel.

import * as vscode from 'vscode';
import type { NotebookProgram, Span, TextEdit } from '../core';
import type { DocumentAnalysis } from '../protocol/analysis';
import { cellEditsOf, groupByCell } from './notebook-mapping';

/** What is analyzed as one program: a text document, or a notebook (its code cells in order). */
export type Analyzed = vscode.TextDocument | vscode.NotebookDocument;

export function isNotebook(subject: Analyzed): subject is vscode.NotebookDocument {
  return 'notebookType' in subject;
}

export interface AnalysisView {
  readonly subject: Analyzed;
  readonly analysis: DocumentAnalysis;
  /** The text the analysis read: a notebook's code cells joined, IPython syntax masked. */
  readonly text: string;
  /** The document and range of an analysis span; undefined when it spans two cells (`clamp`: cut at its first cell's end). */
  locate(span: Span, clamp?: boolean): vscode.Location | undefined;
  /** The analysis offset of a position in `document` (the file itself, or one of the notebook's cells). */
  offsetAt(document: vscode.TextDocument, position: vscode.Position): number | undefined;
  /** The edits as one workspace edit; undefined when one of them cannot be made (it spans two cells). */
  workspaceEdit(edits: readonly TextEdit[]): vscode.WorkspaceEdit | undefined;
  /** Whether the documents still hold the text this analysis read. */
  isCurrent(): boolean;
}

export function textView(document: vscode.TextDocument, analysis: DocumentAnalysis): AnalysisView {
  const range = (span: Span) => new vscode.Range(document.positionAt(span.from), document.positionAt(span.to));
  return {
    subject: document,
    analysis,
    get text() {
      return document.getText();
    },
    locate: (span) => new vscode.Location(document.uri, range(span)),
    offsetAt: (other, position) => (other === document ? document.offsetAt(position) : undefined),
    workspaceEdit: (edits) => {
      const edit = new vscode.WorkspaceEdit();
      for (const change of edits) edit.replace(document.uri, range(change), change.text);
      return edit;
    },
    isCurrent: () => !document.isClosed && document.version === analysis.version,
  };
}

/** `isCurrent` is the notebook's: whether its cells still make `program`. */
export function notebookView(notebook: vscode.NotebookDocument, program: NotebookProgram, analysis: DocumentAnalysis, isCurrent: () => boolean): AnalysisView {
  const cellDocument = (index: number): vscode.TextDocument | undefined => (index < notebook.cellCount ? notebook.cellAt(index).document : undefined);
  const range = (document: vscode.TextDocument, from: number, to: number) => new vscode.Range(document.positionAt(from), document.positionAt(to));
  return {
    subject: notebook,
    analysis,
    text: program.source,
    locate: (span, clamp) => {
      const cell = program.cellSpan(span, clamp);
      const document = cell && cellDocument(cell.cell);
      return document && new vscode.Location(document.uri, range(document, cell.from, cell.to));
    },
    offsetAt: (document, position) => {
      const index = notebook.getCells().findIndex((cell) => cell.document === document);
      if (index < 0) return undefined;
      const offset = document.offsetAt(position);
      return program.programSpan(index, offset, offset)?.from;
    },
    workspaceEdit: (edits) => {
      const cellEdits = cellEditsOf(program, edits);
      if (!cellEdits) return undefined;
      const edit = new vscode.WorkspaceEdit();
      for (const [index, changes] of groupByCell(cellEdits)) {
        const document = cellDocument(index);
        if (!document) return undefined;
        for (const change of changes) edit.replace(document.uri, range(document, change.from, change.to), change.text);
      }
      return edit;
    },
    isCurrent: () => !notebook.isClosed && isCurrent(),
  };
}
