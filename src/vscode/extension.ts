// Wires initlint into VS Code. Analysis lives in the core; this file only registers.

import * as vscode from 'vscode';
import { fixAllInEditor, InitlintCodeActionProvider } from './codeActions';
import { GradientFlowCodeLensProvider, SHOW_GRADIENT_FLOW, updateHasModelContext } from './codeLens';
import { DiagnosticsController } from './diagnostics';
import { DocumentAnalyses } from './documents';
import { GradientFlowPanel } from './panel';
import { PANEL_VIEW_TYPE } from '../protocol/panel';

const SELECTOR: vscode.DocumentSelector = ['python', 'typescript', 'typescriptreact', 'javascript', 'javascriptreact'].map((language) => ({ language }));

export function activate(context: vscode.ExtensionContext): void {
  const analyses = new DocumentAnalyses();
  const lenses = new GradientFlowCodeLensProvider(analyses);
  const showPanel = async (uri?: vscode.Uri, model?: number): Promise<GradientFlowPanel> => {
    const document = uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    return GradientFlowPanel.show(context.extensionUri, analyses, document, typeof model === 'number' ? model : 0);
  };
  context.subscriptions.push(
    analyses,
    lenses,
    new DiagnosticsController(analyses, context.extensionUri),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new InitlintCodeActionProvider(analyses, context.extensionUri), {
      providedCodeActionKinds: InitlintCodeActionProvider.providedCodeActionKinds,
    }),
    vscode.languages.registerCodeLensProvider(SELECTOR, lenses),
    vscode.commands.registerCommand('initlint.fixAll', () => fixAllInEditor(analyses, vscode.window.activeTextEditor)),
    vscode.commands.registerCommand(SHOW_GRADIENT_FLOW, showPanel),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => {
        GradientFlowPanel.revive(panel, context.extensionUri, analyses, state);
      },
    }),
    vscode.window.onDidChangeActiveTextEditor((editor) => updateHasModelContext(analyses, editor)),
    vscode.workspace.onDidSaveTextDocument(() => updateHasModelContext(analyses, vscode.window.activeTextEditor)),
  );
  updateHasModelContext(analyses, vscode.window.activeTextEditor);
}

export function deactivate(): void {}
