// Hover over an initializer (or over a layer's class name when the default applies): what it
// samples, its variance formula, and the per-layer gain it gives this layer.

import * as vscode from 'vscode';
import { describeInitializerAt } from '../core';
import { toRange } from './convert';
import type { DocumentAnalyses } from './documents';

export class InitializerHoverProvider implements vscode.HoverProvider {
  constructor(private readonly analyses: DocumentAnalyses) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    let description;
    try {
      const analysis = this.analyses.get(document);
      description = analysis && describeInitializerAt(analysis.file, document.offsetAt(position));
    } catch {
      return undefined; // the diagnostics report analysis failures; a hover stays quiet
    }
    if (!description) return undefined;
    // Untrusted, no HTML: layer names come from the user's file.
    return new vscode.Hover(new vscode.MarkdownString(description.markdown), toRange(document, description.span));
  }
}
