// Publishes diagnostics for open documents as their analyses arrive (the analyses decide when:
// at once on open, debounced on change, never for a superseded version).

import * as vscode from 'vscode';
import type { AnalyzedEvent, DocumentAnalyses } from './documents';
import { suppressionDiagnostic, toDiagnostic } from './convert';

export class DiagnosticsController implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('initlint');
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    analyses: DocumentAnalyses,
    private readonly extensionUri: vscode.Uri,
  ) {
    this.subscriptions.push(
      analyses.onDidAnalyze((event) => this.publish(event)),
      vscode.workspace.onDidCloseTextDocument((document) => this.collection.delete(document.uri)),
    );
  }

  private publish({ document, analysis }: AnalyzedEvent): void {
    if (document.isClosed) return;
    // Ranges are converted against the text the analysis read: the pipeline publishes only a current version.
    if (analysis && analysis.version !== document.version) return;
    this.collection.set(document.uri, analysis ? [
      ...analysis.findings.map((finding) => toDiagnostic(document, finding, this.extensionUri)),
      ...analysis.suppressionWarnings.map((warning) => suppressionDiagnostic(document, warning)),
    ] : []);
  }

  dispose(): void {
    this.subscriptions.forEach((subscription) => subscription.dispose());
    this.collection.dispose();
  }
}
