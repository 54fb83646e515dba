// Wires initlint into VS Code. Analysis lives in the core; this file only registers.

import * as vscode from 'vscode';
import { fixAllInEditor, InitlintCodeActionProvider } from './codeActions';
import { DiagnosticsController } from './diagnostics';
import { DocumentAnalyses } from './documents';

const SELECTOR: vscode.DocumentSelector = ['python', 'typescript', 'typescriptreact', 'javascript', 'javascriptreact'].map((language) => ({ language }));

export function activate(context: vscode.ExtensionContext): void {
  const analyses = new DocumentAnalyses();
  context.subscriptions.push(
    analyses,
    new DiagnosticsController(analyses, context.extensionUri),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new InitlintCodeActionProvider(analyses, context.extensionUri), {
      providedCodeActionKinds: InitlintCodeActionProvider.providedCodeActionKinds,
    }),
    vscode.commands.registerCommand('initlint.fixAll', () => fixAllInEditor(analyses, vscode.window.activeTextEditor)),
  );
}

export function deactivate(): void {}
