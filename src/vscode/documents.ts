// The open documents' analyses, made in a worker thread (see analysis-worker.ts): edits are
// sent as they happen, each document is analyzed once typing pauses, and consumers (diagnostics,
// code actions, hover, CodeLens, the panel) read the analysis of the version they see, through a
// view (views.ts). A notebook's cells are not analyzed one by one: notebooks.ts analyzes each
// notebook as one program, with the same worker.

import * as vscode from 'vscode';
import { analyzeOptionsOf, type Language, type ModelIR, type InitializerDescription, type TextEdit } from '../core';
import type { DocumentAnalysis } from '../protocol/analysis';
import { AnalysisWorkerClient } from './analysis-client';
import { AnalysisPipeline, type AnalyzeRequest } from './analysis-pipeline';
import type { ConfigFiles } from './config-files';
import { isNotebookCell, NotebookAnalyses } from './notebooks';
import { readSettings, type Settings } from './settings';
import { isNotebook, textView, type AnalysisView, type Analyzed } from './views';

const LANGUAGES: Record<string, Language> = {
  python: 'python',
  typescript: 'typescript',
  typescriptreact: 'typescript',
  javascript: 'javascript',
  javascriptreact: 'javascript',
};

export function languageOf(document: vscode.TextDocument): Language | undefined {
  return LANGUAGES[document.languageId];
}

/** Whether the document is analyzed on its own: a file of a known language, not a notebook's cell. */
function isStandalone(document: vscode.TextDocument): boolean {
  return languageOf(document) !== undefined && !isNotebookCell(document);
}

/** Characters in the document, from VS Code's line index (no copy of the text). */
function lengthOf(document: vscode.TextDocument): number {
  return document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
}

export interface AnalyzedEvent {
  document: vscode.TextDocument;
  /** Undefined: the document is not analyzed (disabled, too large) or its analysis failed. */
  analysis: DocumentAnalysis | undefined;
}

export class DocumentAnalyses implements vscode.Disposable {
  private readonly client: AnalysisWorkerClient;
  /** Open Jupyter notebooks, each analyzed as one program. */
  readonly notebooks: NotebookAnalyses;
  private readonly pipeline: AnalysisPipeline<vscode.TextDocument>;
  /** Documents over the size limit the user was told about: once per document. */
  private readonly toldTooLarge = new Set<string>();
  private readonly analyzed = new vscode.EventEmitter<AnalyzedEvent>();
  private readonly subscriptions: vscode.Disposable[] = [this.analyzed];
  /** Fires once per analyzed document version, with its analysis. */
  readonly onDidAnalyze = this.analyzed.event;

  /**
   * `workerScript` is the bundled worker; `configFiles` supplies the pyproject.toml /
   * package.json options under the VS Code settings.
   */
  constructor(
    workerScript: string,
    private readonly configFiles?: ConfigFiles,
    private readonly log?: vscode.LogOutputChannel,
  ) {
    this.client = new AnalysisWorkerClient(workerScript, (message) => this.log?.error(message));
    this.pipeline = new AnalysisPipeline(this.client, {
      keyOf: (document) => document.uri.toString(),
      prepare: (document) => this.prepare(document),
      published: (document, analysis) => this.analyzed.fire({ document, analysis }),
      failed: (document, error) => {
        // Never let one document's analysis take the extension down: report it, show nothing.
        this.log?.error(`analysis of ${document.uri.toString()} failed: ${error.message}`);
        this.analyzed.fire({ document, analysis: undefined });
      },
    });
    this.notebooks = new NotebookAnalyses(this.client, {
      settingsFor: (uri) => readSettings(uri, this.configFiles?.configFor(uri)),
      tooLarge: (uri, length, limit) => this.tellTooLarge(uri, length, limit),
      log: this.log,
    });
    this.subscriptions.push(
      this.notebooks,
      vscode.workspace.onDidOpenTextDocument((document) => {
        if (isStandalone(document)) void this.pipeline.analyze(document);
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length === 0 || !isStandalone(event.document)) return;
        this.pipeline.changed(event.document, event.contentChanges, readSettings(event.document.uri).debounceMs);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        const key = document.uri.toString();
        this.pipeline.forget(key);
        this.toldTooLarge.delete(key);
      }),
      vscode.workspace.onDidCloseNotebookDocument((notebook) => this.toldTooLarge.delete(notebook.uri.toString())),
    );
  }

  /** The settings for a document or notebook: VS Code settings over its config file over the defaults. */
  settingsFor(subject: Analyzed): Settings {
    return readSettings(subject.uri, this.configFiles?.configFor(subject.uri));
  }

  /** What `document` is analyzed as: itself, its notebook (for a cell), or nothing. */
  subjectOf(document: vscode.TextDocument): Analyzed | undefined {
    if (isNotebookCell(document)) return this.notebooks.notebookOf(document);
    return isStandalone(document) ? document : undefined;
  }

  /** What the active editor shows: its document, the notebook of its cell, or the active notebook. */
  activeSubject(): Analyzed | undefined {
    const editor = vscode.window.activeTextEditor;
    if (editor) return this.subjectOf(editor.document);
    const notebook = vscode.window.activeNotebookEditor?.notebook;
    return notebook && this.notebooks.versionOf(notebook) !== undefined ? notebook : undefined;
  }

  /** The version of what the document or notebook holds now. */
  versionOf(subject: Analyzed): number | undefined {
    return isNotebook(subject) ? this.notebooks.versionOf(subject) : subject.version;
  }

  /** The analysis of the document's current version (awaiting it when it is under way). */
  async get(document: vscode.TextDocument): Promise<DocumentAnalysis | undefined> {
    if (!isStandalone(document) || document.isClosed) return undefined;
    return this.pipeline.get(document);
  }

  /** The analysis of what the document or notebook holds now, as the editor shows it. */
  async view(subject: Analyzed | undefined): Promise<AnalysisView | undefined> {
    if (!subject) return undefined;
    if (isNotebook(subject)) return this.notebooks.view(subject);
    const analysis = await this.get(subject);
    return analysis && textView(subject, analysis);
  }

  /** What the initializer under `offset` (of the analyzed text) does. */
  async describe(view: AnalysisView, offset: number): Promise<InitializerDescription | undefined> {
    const { analysis } = view;
    return this.ask(() => this.client.request('describe', { uri: analysis.uri, version: analysis.version, offset }));
  }

  /** The analyzed models in full (the panel simulates them). */
  async models(view: AnalysisView): Promise<ModelIR[]> {
    const { analysis } = view;
    if (analysis.models.length === 0) return [];
    return (await this.ask(() => this.client.request('models', { uri: analysis.uri, version: analysis.version }))) ?? [];
  }

  /** Edits (in the analyzed text) giving model `model` the recommended initializers. */
  async recommendedEdits(view: AnalysisView, model: number): Promise<TextEdit[] | undefined> {
    const { analysis } = view;
    const settings = this.settingsFor(view.subject);
    const options = { exemptOutputLayer: settings.allowOutputLayer, vanishingThreshold: settings.vanishingThreshold, explodingThreshold: settings.explodingThreshold };
    return this.ask(() => this.client.request('recommendedEdits', { uri: analysis.uri, version: analysis.version, model, options }));
  }

  /** Analyzes every open document and notebook again (settings or a config file changed). */
  refreshAll(): void {
    this.pipeline.reset();
    for (const document of vscode.workspace.textDocuments) {
      if (isStandalone(document)) void this.pipeline.analyze(document);
    }
    this.notebooks.refreshAll();
  }

  private prepare(document: vscode.TextDocument): AnalyzeRequest | undefined {
    const language = languageOf(document);
    if (!language || !isStandalone(document) || document.isClosed) return undefined;
    const settings = this.settingsFor(document);
    if (!settings.enable) return undefined;
    const length = lengthOf(document);
    if (length > settings.maxFileSize) {
      this.tellTooLarge(document.uri, length, settings.maxFileSize);
      return undefined;
    }
    return { language, text: document.getText(), options: analyzeOptionsOf(settings) };
  }

  private tellTooLarge(uri: vscode.Uri, length: number, limit: number): void {
    const key = uri.toString();
    if (this.toldTooLarge.has(key)) return;
    this.toldTooLarge.add(key);
    const name = uri.path.split('/').pop() ?? key;
    void vscode.window.showInformationMessage(
      `initlint: ${name} is not analyzed: it has ${length.toLocaleString('en-US')} characters, over the initlint.maxFileSize limit of ${limit.toLocaleString('en-US')}.`,
    );
  }

  /** A worker query; a crashed worker's answer is "nothing" (the crash is logged once by the client). */
  private async ask<T>(query: () => Promise<T>): Promise<T | undefined> {
    try {
      return await query();
    } catch {
      return undefined;
    }
  }

  dispose(): void {
    this.pipeline.dispose();
    void this.client.dispose();
    this.subscriptions.splice(0).forEach((subscription) => subscription.dispose());
  }
}
