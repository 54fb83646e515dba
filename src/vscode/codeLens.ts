// A CodeLens above each model definition with its predicted first/last gradient ratio, opening
// the gradient-flow panel on that model; and the context key that shows the editor-title button.

import * as vscode from 'vscode';
import { powerOfTen } from '../core';
import type { DocumentAnalyses } from './documents';
import { toRange } from './convert';

export const SHOW_GRADIENT_FLOW = 'initlint.showGradientFlow';

export class GradientFlowCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly analyses: DocumentAnalyses) {}

  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const version = document.version;
    const analysis = await this.analyses.get(document);
    if (!analysis || analysis.version !== version || document.version !== version) return [];
    // The figures come from the gradient rules' analytic run, made in the analysis worker.
    return analysis.models.map((model, index) => {
      const ratio = model.gradientRatio;
      const figure = model.notSimulated ? 'not simulated' : ratio === undefined || Number.isNaN(ratio) ? 'no gradient' : `first/last ×${powerOfTen(ratio)}`;
      const start = toRange(document, model.span).start;
      return new vscode.CodeLens(new vscode.Range(start, start), {
        title: `Gradient flow · ${figure} · Show`,
        tooltip: model.notSimulated ?? `Predicted RMS of the first layer's kernel gradient over the last layer's, at initialization. Open the gradient-flow panel for '${model.name}'.`,
        command: SHOW_GRADIENT_FLOW,
        arguments: [document.uri, index],
      });
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** `initlint.hasModel`: the active editor holds at least one model (shows the editor-title button). */
export async function updateHasModelContext(analyses: DocumentAnalyses, editor: vscode.TextEditor | undefined): Promise<void> {
  // An analysis failure hides the button; the diagnostics report it.
  const analysis = editor ? await analyses.get(editor.document) : undefined;
  if (editor !== vscode.window.activeTextEditor) return; // another editor came forward meanwhile: its own update decides
  await vscode.commands.executeCommand('setContext', 'initlint.hasModel', (analysis?.models.length ?? 0) > 0);
}
