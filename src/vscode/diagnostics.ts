// Publishes diagnostics for open documents: at once on open, debounced on change.

import * as vscode from 'vscode';
import type { DocumentAnalyses } from './documents';
import { languageOf } from './documents';
import { suppressionDiagnostic, toDiagnostic } from './convert';
import { readSettings } from './settings';

export class DiagnosticsController implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('initlint');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly analyses: DocumentAnalyses,
    private readonly extensionUri: vscode.Uri,
  ) {
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((document) => this.refresh(document)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length === 0) return;
        this.analyses.noteChange(event);
        this.schedule(event.document);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.cancel(document);
        this.analyses.forget(document);
        this.collection.delete(document.uri);
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration('initlint')) return;
        this.analyses.clear();
        this.refreshAll();
      }),
    );
    this.refreshAll();
  }

  refreshAll(): void {
    for (const document of vscode.workspace.textDocuments) this.refresh(document);
  }

  private schedule(document: vscode.TextDocument): void {
    if (!languageOf(document)) return;
    this.cancel(document);
    const key = document.uri.toString();
    const delay = readSettings(document.uri).debounceMs;
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      this.refresh(document);
    }, delay));
  }

  private cancel(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  private refresh(document: vscode.TextDocument): void {
    if (document.isClosed || !languageOf(document)) return;
    try {
      const analysis = this.analyses.get(document);
      this.collection.set(document.uri, analysis ? [
        ...analysis.findings.map((finding) => toDiagnostic(document, finding, this.extensionUri)),
        ...analysis.suppressionWarnings.map((warning) => suppressionDiagnostic(document, warning)),
      ] : []);
    } catch (error) {
      // Never let one document's analysis take the extension down; report it once, quietly.
      this.collection.set(document.uri, []);
      console.error(`initlint: analysis of ${document.uri.toString()} failed:`, error);
    }
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.subscriptions.forEach((subscription) => subscription.dispose());
    this.collection.dispose();
  }
}
