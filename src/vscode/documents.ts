// The open documents' analyses, made in a worker thread (see analysis-worker.ts): edits are
// sent as they happen, each document is analyzed once typing pauses, and consumers (diagnostics,
// code actions, hover, CodeLens, the panel) read the analysis of the version they see.

import * as vscode from 'vscode';
import { analyzeOptionsOf, type Language, type ModelIR, type InitializerDescription, type TextEdit } from '../core';
import type { DocumentAnalysis } from '../protocol/analysis';
import { AnalysisWorkerClient } from './analysis-client';
import { AnalysisPipeline, type AnalyzeRequest } from './analysis-pipeline';
import type { ConfigFiles } from './config-files';
import { readSettings, type Settings } from './settings';

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
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((document) => {
        if (languageOf(document)) void this.pipeline.analyze(document);
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length === 0 || !languageOf(event.document)) return;
        this.pipeline.changed(event.document, event.contentChanges, readSettings(event.document.uri).debounceMs);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        const key = document.uri.toString();
        this.pipeline.forget(key);
        this.toldTooLarge.delete(key);
      }),
    );
  }

  /** The settings for a document: VS Code settings over its config file over the defaults. */
  settingsFor(document: vscode.TextDocument): Settings {
    return readSettings(document.uri, this.configFiles?.configFor(document.uri));
  }

  /** The analysis of the document's current version (awaiting it when it is under way). */
  async get(document: vscode.TextDocument): Promise<DocumentAnalysis | undefined> {
    if (!languageOf(document) || document.isClosed) return undefined;
    return this.pipeline.get(document);
  }

  /** What the initializer under `offset` does, for the document's current version. */
  async describe(document: vscode.TextDocument, offset: number): Promise<InitializerDescription | undefined> {
    const analysis = await this.get(document);
    if (!analysis) return undefined;
    return this.ask(() => this.client.request('describe', { uri: analysis.uri, version: analysis.version, offset }));
  }

  /** The document's models in full (the panel simulates them). */
  async models(document: vscode.TextDocument): Promise<ModelIR[]> {
    const analysis = await this.get(document);
    if (!analysis || analysis.models.length === 0) return [];
    return (await this.ask(() => this.client.request('models', { uri: analysis.uri, version: analysis.version }))) ?? [];
  }

  /** Edits giving model `model` the recommended initializers, for the document's current version. */
  async recommendedEdits(document: vscode.TextDocument, model: number): Promise<{ version: number; edits: TextEdit[] } | undefined> {
    const analysis = await this.get(document);
    if (!analysis) return undefined;
    const settings = this.settingsFor(document);
    const options = { exemptOutputLayer: settings.allowOutputLayer, vanishingThreshold: settings.vanishingThreshold, explodingThreshold: settings.explodingThreshold };
    const edits = await this.ask(() => this.client.request('recommendedEdits', { uri: analysis.uri, version: analysis.version, model, options }));
    return edits && { version: analysis.version, edits };
  }

  /** Analyzes every open document again (settings or a config file changed). */
  refreshAll(): void {
    this.pipeline.reset();
    for (const document of vscode.workspace.textDocuments) {
      if (languageOf(document)) void this.pipeline.analyze(document);
    }
  }

  private prepare(document: vscode.TextDocument): AnalyzeRequest | undefined {
    const language = languageOf(document);
    if (!language || document.isClosed) return undefined;
    const settings = this.settingsFor(document);
    if (!settings.enable) return undefined;
    const length = lengthOf(document);
    if (length > settings.maxFileSize) {
      this.tellTooLarge(document, length, settings.maxFileSize);
      return undefined;
    }
    return { language, text: document.getText(), options: analyzeOptionsOf(settings) };
  }

  private tellTooLarge(document: vscode.TextDocument, length: number, limit: number): void {
    const key = document.uri.toString();
    if (this.toldTooLarge.has(key)) return;
    this.toldTooLarge.add(key);
    const name = document.uri.path.split('/').pop() ?? key;
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
