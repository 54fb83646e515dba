// Wires initlint into VS Code. Analysis lives in the core; this file only registers.

import * as vscode from 'vscode';
import { fixAllInEditor, InitlintCodeActionProvider } from './codeActions';
import { GradientFlowCodeLensProvider, SHOW_GRADIENT_FLOW, updateHasModelContext } from './codeLens';
import { ConfigFiles } from './config-files';
import { DiagnosticsController } from './diagnostics';
import { DocumentAnalyses } from './documents';
import { InitializerHoverProvider } from './hover';
import { GradientFlowPanel } from './panel';
import { PANEL_VIEW_TYPE } from '../protocol/panel';

const SELECTOR: vscode.DocumentSelector = ['python', 'typescript', 'typescriptreact', 'javascript', 'javascriptreact'].map((language) => ({ language }));

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('initlint', { log: true });
  const configFiles = new ConfigFiles(log);
  const analyses = new DocumentAnalyses(vscode.Uri.joinPath(context.extensionUri, 'dist', 'analysis-worker.js').fsPath, configFiles, log);
  const diagnostics = new DiagnosticsController(analyses, context.extensionUri);
  const lenses = new GradientFlowCodeLensProvider(analyses);
  const showPanel = async (uri?: vscode.Uri, model?: number): Promise<GradientFlowPanel> => {
    const document = uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    return GradientFlowPanel.show(context.extensionUri, analyses, document, typeof model === 'number' ? model : 0);
  };
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
      if (document === vscode.window.activeTextEditor?.document) void updateHasModelContext(analyses, vscode.window.activeTextEditor);
    }),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new InitlintCodeActionProvider(analyses, context.extensionUri), {
      providedCodeActionKinds: InitlintCodeActionProvider.providedCodeActionKinds,
    }),
    vscode.languages.registerCodeLensProvider(SELECTOR, lenses),
    vscode.languages.registerHoverProvider(SELECTOR, new InitializerHoverProvider(analyses)),
    vscode.commands.registerCommand('initlint.fixAll', () => fixAllInEditor(analyses, vscode.window.activeTextEditor)),
    vscode.commands.registerCommand(SHOW_GRADIENT_FLOW, showPanel),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => {
        GradientFlowPanel.revive(panel, context.extensionUri, analyses, state);
      },
    }),
    vscode.window.onDidChangeActiveTextEditor((editor) => void updateHasModelContext(analyses, editor)),
  );
  analyses.refreshAll();
  void updateHasModelContext(analyses, vscode.window.activeTextEditor);
}

export function deactivate(): void {}
