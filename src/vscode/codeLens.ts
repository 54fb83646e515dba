// A CodeLens above each model definition with its predicted first/last gradient ratio, opening
// the gradient-flow panel on that model; and the context key that shows the editor-title button.
// In a notebook each lens sits in the cell where its model is defined.

import * as vscode from 'vscode';
import { powerOfTen } from '../core';
import type { DocumentAnalyses } from './documents';

export const SHOW_GRADIENT_FLOW = 'initlint.showGradientFlow';

export class GradientFlowCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly analyses: DocumentAnalyses) {}

  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const view = await this.analyses.view(this.analyses.subjectOf(document));
    if (!view || !view.isCurrent()) return [];
    // The figures come from the gradient rules' analytic run, made in the analysis worker.
    return view.analysis.models.flatMap((model, index) => {
      const at = view.locate({ from: model.span.from, to: model.span.from });
      if (!at || at.uri.toString() !== document.uri.toString()) return [];
      const ratio = model.gradientRatio;
      const figure = model.notSimulated ? 'not simulated' : ratio === undefined || Number.isNaN(ratio) ? 'no gradient' : `first/last ×${powerOfTen(ratio)}`;
      return [new vscode.CodeLens(at.range, {
        title: `Gradient flow · ${figure} · Show`,
        tooltip: model.notSimulated ?? `Predicted RMS of the first layer's kernel gradient over the last layer's, at initialization. Open the gradient-flow panel for '${model.name}'.`,
        command: SHOW_GRADIENT_FLOW,
        arguments: [document.uri, index],
      })];
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/**
 * `initlint.hasModel`: the active editor (a file, or a notebook, whichever of its cells has
 * focus) holds at least one model; shows the editor-title button.
 */
export async function updateHasModelContext(analyses: DocumentAnalyses): Promise<void> {
  const subject = analyses.activeSubject();
  // An analysis failure hides the button; the diagnostics report it.
  const view = await analyses.view(subject);
  if (subject !== analyses.activeSubject()) return; // another editor came forward meanwhile: its own update decides
  await vscode.commands.executeCommand('setContext', 'initlint.hasModel', (view?.analysis.models.length ?? 0) > 0);
}
