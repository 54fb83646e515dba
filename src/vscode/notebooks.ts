// Jupyter notebooks open in VS Code's notebook editor: each one's code cells are analyzed as one
// Python program in cell order (core/notebook.ts masks magics and skips markdown), in the
// analysis worker and through the same debounce and version checks as a .py file. A notebook's
// version here grows whenever the program its cells make changes: a cell edited, added, removed
// or moved (a markdown cell moved above code shifts cell indices, not text, and counts too).

import * as vscode from 'vscode';
import { analyzeOptionsOf, NotebookProgram, type NotebookCell } from '../core';
import type { DocumentAnalysis } from '../protocol/analysis';
import type { AnalysisWorkerClient } from './analysis-client';
import { AnalysisPipeline, type AnalyzeRequest } from './analysis-pipeline';
import { sameProgram, textChange } from './notebook-mapping';
import type { Settings } from './settings';
import { notebookView, type AnalysisView } from './views';

/** The notebook type of `.ipynb` files (VS Code's built-in ipynb extension provides it). */
export const JUPYTER_NOTEBOOK = 'jupyter-notebook';

const CELL_SCHEME = 'vscode-notebook-cell';

export function isNotebookCell(document: vscode.TextDocument): boolean {
  return document.uri.scheme === CELL_SCHEME;
}

export function programOf(notebook: vscode.NotebookDocument): NotebookProgram {
  const cells: NotebookCell[] = notebook.getCells().map((cell) => ({
    index: cell.index,
    kind: cell.kind === vscode.NotebookCellKind.Code ? 'code' : 'markup',
    language: cell.document.languageId,
    source: cell.document.getText(),
  }));
  return new NotebookProgram(cells);
}

interface NotebookState {
  readonly notebook: vscode.NotebookDocument;
  version: number;
  /** The program the cells made at `version`. */
  program: NotebookProgram;
  /** The cells' identities and document versions when `program` was built (see `cellsSignature`). */
  signature: string;
}

/**
 * What the program depends on, without reading any cell's text: each cell's kind, language,
 * document and its version, in order. A keystroke in a cell fires both a text and a notebook
 * change, and the panel and code actions ask for the version too: equal signatures skip
 * rebuilding (and re-masking) the program.
 */
function cellsSignature(notebook: vscode.NotebookDocument): string {
  return notebook
    .getCells()
    .map((cell) => `${cell.kind}:${cell.document.languageId}:${cell.document.uri.toString()}:${cell.document.version}`)
    .join('\n');
}

export interface NotebookAnalyzedEvent {
  notebook: vscode.NotebookDocument;
  /** Undefined: the notebook is not analyzed (disabled, too large) or its analysis failed. */
  view: AnalysisView | undefined;
}

export interface NotebookHooks {
  settingsFor(uri: vscode.Uri): Settings;
  tooLarge(uri: vscode.Uri, length: number, limit: number): void;
  log?: vscode.LogOutputChannel;
}

export class NotebookAnalyses implements vscode.Disposable {
  private readonly states = new Map<string, NotebookState>();
  private readonly pipeline: AnalysisPipeline<NotebookState>;
  private readonly analyzed = new vscode.EventEmitter<NotebookAnalyzedEvent>();
  private readonly subscriptions: vscode.Disposable[] = [this.analyzed];
  /** Fires once per analyzed notebook version, with its analysis. */
  readonly onDidAnalyze = this.analyzed.event;

  constructor(client: AnalysisWorkerClient, private readonly hooks: NotebookHooks) {
    this.pipeline = new AnalysisPipeline(client, {
      keyOf: (state) => keyOf(state.notebook),
      prepare: (state) => this.prepare(state),
      published: (state, analysis) => this.publish(state, analysis),
      failed: (state, error) => {
        this.hooks.log?.error(`analysis of ${state.notebook.uri.toString()} failed: ${error.message}`);
        this.analyzed.fire({ notebook: state.notebook, view: undefined });
      },
    });
    this.subscriptions.push(
      vscode.workspace.onDidOpenNotebookDocument((notebook) => this.sync(notebook)),
      // Cell edits, cells added, removed or moved: whatever changes the program starts the debounce.
      vscode.workspace.onDidChangeNotebookDocument((event) => this.sync(event.notebook)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length === 0 || !isNotebookCell(event.document)) return;
        const notebook = this.notebookOf(event.document);
        if (notebook) this.sync(notebook);
      }),
      vscode.workspace.onDidCloseNotebookDocument((notebook) => {
        this.states.delete(keyOf(notebook));
        this.pipeline.forget(keyOf(notebook));
      }),
    );
  }

  /** The open Jupyter notebook a cell belongs to. */
  notebookOf(cell: vscode.TextDocument): vscode.NotebookDocument | undefined {
    if (!isNotebookCell(cell)) return undefined;
    return vscode.workspace.notebookDocuments.find(
      (notebook) => notebook.notebookType === JUPYTER_NOTEBOOK && notebook.getCells().some((candidate) => candidate.document === cell),
    );
  }

  /** The notebook's analysis for what its cells hold now (awaiting the debounce or the run under way). */
  async view(notebook: vscode.NotebookDocument): Promise<AnalysisView | undefined> {
    const state = this.sync(notebook);
    if (!state) return undefined;
    const { version, program } = state;
    const analysis = await this.pipeline.get(state);
    if (!analysis || analysis.version !== version || state.version !== version) return undefined;
    return notebookView(notebook, program, analysis, () => this.sync(notebook)?.version === version);
  }

  /** The version of what the notebook's cells hold now. */
  versionOf(notebook: vscode.NotebookDocument): number | undefined {
    return this.sync(notebook)?.version;
  }

  /** Analyzes every open notebook again (settings or a config file changed). */
  refreshAll(): void {
    this.pipeline.reset();
    for (const notebook of vscode.workspace.notebookDocuments) {
      const state = this.sync(notebook);
      if (state) void this.pipeline.analyze(state);
    }
  }

  /**
   * Brings the notebook's state up to its cells: a new program is a new version, and the worker
   * hears the one change from the previous program (its parse tree follows). A notebook seen
   * for the first time is analyzed at once.
   */
  private sync(notebook: vscode.NotebookDocument): NotebookState | undefined {
    if (notebook.notebookType !== JUPYTER_NOTEBOOK || notebook.isClosed) return undefined;
    const key = keyOf(notebook);
    const signature = cellsSignature(notebook);
    let state = this.states.get(key);
    if (state?.signature === signature) return state;
    const program = programOf(notebook);
    if (!state) {
      state = { notebook, version: 1, program, signature };
      this.states.set(key, state);
      void this.pipeline.analyze(state);
      return state;
    }
    state.signature = signature;
    if (sameProgram(state.program, program)) return state;
    const change = textChange(state.program.source, program.source);
    state.program = program;
    state.version++;
    this.pipeline.changed(state, change ? [change] : [], this.hooks.settingsFor(notebook.uri).debounceMs);
    return state;
  }

  private prepare(state: NotebookState): AnalyzeRequest | undefined {
    const { notebook, program } = state;
    if (notebook.isClosed) return undefined;
    const settings = this.hooks.settingsFor(notebook.uri);
    if (!settings.enable) return undefined;
    if (program.source.length > settings.maxFileSize) {
      this.hooks.tooLarge(notebook.uri, program.source.length, settings.maxFileSize);
      return undefined;
    }
    return { language: 'python', text: program.source, options: analyzeOptionsOf(settings) };
  }

  private publish(state: NotebookState, analysis: DocumentAnalysis | undefined): void {
    const { notebook, version, program } = state;
    this.analyzed.fire({ notebook, view: analysis && notebookView(notebook, program, analysis, () => this.sync(notebook)?.version === version) });
  }

  dispose(): void {
    this.pipeline.dispose();
    this.states.clear();
    this.subscriptions.splice(0).forEach((subscription) => subscription.dispose());
  }
}

/** The worker keeps one entry per key: a notebook's must never meet the key of its .ipynb opened as text. */
function keyOf(notebook: vscode.NotebookDocument): string {
  return `notebook:${notebook.uri.toString()}`;
}
