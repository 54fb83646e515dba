// Publishes diagnostics for open documents and notebooks as their analyses arrive (the analyses
// decide when: at once on open, debounced on change, never for a superseded version). A
// notebook's diagnostics go to the cells they fall in; removed cells and closed notebooks lose
// theirs at once.

import * as vscode from 'vscode';
import type { AnalyzedEvent, DocumentAnalyses } from './documents';
import { suppressionDiagnostic, toDiagnostic } from './convert';
import type { NotebookAnalyzedEvent } from './notebooks';
import { textView, type AnalysisView } from './views';

export class DiagnosticsController implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('initlint');
  /** The cells each notebook last published to, by notebook URI (cell URIs by their string). */
  private readonly notebookCells = new Map<string, Map<string, vscode.Uri>>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    analyses: DocumentAnalyses,
    private readonly extensionUri: vscode.Uri,
  ) {
    this.subscriptions.push(
      analyses.onDidAnalyze((event) => this.publish(event)),
      analyses.notebooks.onDidAnalyze((event) => this.publishNotebook(event)),
      vscode.workspace.onDidCloseTextDocument((document) => this.collection.delete(document.uri)),
      vscode.workspace.onDidChangeNotebookDocument((event) => {
        for (const change of event.contentChanges) for (const cell of change.removedCells) this.collection.delete(cell.document.uri);
      }),
      vscode.workspace.onDidCloseNotebookDocument((notebook) => {
        for (const uri of this.notebookCells.get(notebook.uri.toString())?.values() ?? []) this.collection.delete(uri);
        this.notebookCells.delete(notebook.uri.toString());
      }),
    );
  }

  private publish({ document, analysis }: AnalyzedEvent): void {
    if (document.isClosed) return;
    // Ranges are converted against the text the analysis read: the pipeline publishes only a current version.
    if (analysis && analysis.version !== document.version) return;
    this.collection.set(document.uri, analysis ? this.diagnosticsOf(textView(document, analysis)).get(document.uri.toString()) ?? [] : []);
  }

  private publishNotebook({ notebook, view }: NotebookAnalyzedEvent): void {
    if (notebook.isClosed || (view && !view.isCurrent())) return;
    const byCell = view ? this.diagnosticsOf(view) : new Map<string, vscode.Diagnostic[]>();
    const cells = new Map(notebook.getCells().map((cell) => [cell.document.uri.toString(), cell.document.uri] as const));
    const key = notebook.uri.toString();
    for (const [name, uri] of this.notebookCells.get(key) ?? []) if (!cells.has(name)) this.collection.delete(uri);
    this.notebookCells.set(key, cells);
    for (const cell of notebook.getCells()) this.collection.set(cell.document.uri, byCell.get(cell.document.uri.toString()) ?? []);
  }

  /** The view's diagnostics, by document URI. */
  private diagnosticsOf(view: AnalysisView): Map<string, vscode.Diagnostic[]> {
    const byDocument = new Map<string, vscode.Diagnostic[]>();
    const placed = [
      ...view.analysis.findings.map((finding) => toDiagnostic(view, finding, this.extensionUri)),
      ...view.analysis.suppressionWarnings.map((warning) => suppressionDiagnostic(view, warning)),
    ];
    for (const item of placed) {
      if (!item) continue;
      const key = item.uri.toString();
      byDocument.set(key, [...(byDocument.get(key) ?? []), item.diagnostic]);
    }
    return byDocument;
  }

  dispose(): void {
    this.subscriptions.forEach((subscription) => subscription.dispose());
    this.collection.dispose();
  }
}
