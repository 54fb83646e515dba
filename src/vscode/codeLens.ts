// A CodeLens above each model definition with its predicted first/last gradient ratio, opening
// the gradient-flow panel on that model; and the context key that shows the editor-title button.

import * as vscode from 'vscode';
import { analyticFlow, powerOfTen } from '../core';
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

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    let models;
    try {
      models = this.analyses.get(document)?.file.models ?? [];
    } catch {
      return [];
    }
    return models.map((model, index) => {
      const flow = analyticFlow(model); // the gradient rules' run for this document version
      const ratio = flow.gradientRatio?.analytic;
      const figure = flow.notSimulated ? 'not simulated' : ratio === undefined || Number.isNaN(ratio) ? 'no gradient' : `first/last ×${powerOfTen(ratio)}`;
      const start = toRange(document, model.span).start;
      return new vscode.CodeLens(new vscode.Range(start, start), {
        title: `Gradient flow · ${figure} · Show`,
        tooltip: flow.notSimulated ?? `Predicted RMS of the first layer's kernel gradient over the last layer's, at initialization. Open the gradient-flow panel for '${model.name}'.`,
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
export function updateHasModelContext(analyses: DocumentAnalyses, editor: vscode.TextEditor | undefined): void {
  let hasModel: boolean;
  try {
    hasModel = editor !== undefined && (analyses.get(editor.document)?.file.models.length ?? 0) > 0;
  } catch {
    hasModel = false; // an analysis failure hides the button; the diagnostics report it
  }
  void vscode.commands.executeCommand('setContext', 'initlint.hasModel', hasModel);
}
