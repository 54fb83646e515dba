// Wires initlint into VS Code. Analysis lives in the core; this file only registers.

import * as vscode from 'vscode';
import { fixAllInEditor, InitlintCodeActionProvider } from './codeActions';
import { GradientFlowCodeLensProvider, SHOW_GRADIENT_FLOW, updateHasModelContext } from './codeLens';
import { ConfigFiles } from './config-files';
import { DiagnosticsController } from './diagnostics';
import { DocumentAnalyses } from './documents';
import { InitializerHoverProvider } from './hover';
import { JUPYTER_NOTEBOOK } from './notebooks';
import { GradientFlowPanel } from './panel';
import { PANEL_VIEW_TYPE } from '../protocol/panel';

/** Model files, and the Python cells of Jupyter notebooks (analyzed as one program per notebook). */
const SELECTOR: vscode.DocumentSelector = [
  ...['python', 'typescript', 'typescriptreact', 'javascript', 'javascriptreact'].map((language) => ({ language })),
  { notebookType: JUPYTER_NOTEBOOK, language: 'python' },
];

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('initlint', { log: true });
  const configFiles = new ConfigFiles(log);
  const analyses = new DocumentAnalyses(vscode.Uri.joinPath(context.extensionUri, 'dist', 'analysis-worker.js').fsPath, configFiles, log);
  const diagnostics = new DiagnosticsController(analyses, context.extensionUri);
  const lenses = new GradientFlowCodeLensProvider(analyses);
  // From a CodeLens, `uri` is the file's or the notebook cell's; from the palette or the editor title, the active editor's.
  const showPanel = async (uri?: vscode.Uri, model?: number): Promise<GradientFlowPanel> => {
    const subject = uri instanceof vscode.Uri ? analyses.subjectOf(await vscode.workspace.openTextDocument(uri)) : analyses.activeSubject();
    return GradientFlowPanel.show(context.extensionUri, analyses, subject, typeof model === 'number' ? model : 0);
  };
  const updateContext = () => void updateHasModelContext(analyses);
  context.subscriptions.push(
    log,
    configFiles,
    analyses,
    lenses,
    diagnostics,
    configFiles.onDidChange(() => analyses.refreshAll()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('initlint')) analyses.refreshAll();
    }),
    analyses.onDidAnalyze(({ document }) => {
      lenses.refresh();
      if (document === analyses.activeSubject()) updateContext();
    }),
    analyses.notebooks.onDidAnalyze(({ notebook }) => {
      lenses.refresh();
      if (notebook === analyses.activeSubject()) updateContext();
    }),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new InitlintCodeActionProvider(analyses, context.extensionUri), {
      providedCodeActionKinds: InitlintCodeActionProvider.providedCodeActionKinds,
    }),
    vscode.languages.registerCodeLensProvider(SELECTOR, lenses),
    vscode.languages.registerHoverProvider(SELECTOR, new InitializerHoverProvider(analyses)),
    vscode.commands.registerCommand('initlint.fixAll', () => fixAllInEditor(analyses)),
    vscode.commands.registerCommand(SHOW_GRADIENT_FLOW, showPanel),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => {
        GradientFlowPanel.revive(panel, context.extensionUri, analyses, state);
      },
    }),
    vscode.window.onDidChangeActiveTextEditor(updateContext),
    vscode.window.onDidChangeActiveNotebookEditor(updateContext),
  );
  analyses.refreshAll();
  updateContext();
}

export function deactivate(): void {}
