// Hover over an initializer (or over a layer's class name when the default applies): what it
// samples, its variance formula, and the per-layer gain it gives this layer.

import * as vscode from 'vscode';
import { toRange } from './convert';
import type { DocumentAnalyses } from './documents';

export class InitializerHoverProvider implements vscode.HoverProvider {
  constructor(private readonly analyses: DocumentAnalyses) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const version = document.version;
    // A failed analysis or a crashed worker answers nothing: the diagnostics report failures; a hover stays quiet.
    const description = await this.analyses.describe(document, document.offsetAt(position));
    if (!description || document.version !== version) return undefined;
    // Untrusted, no HTML: layer names come from the user's file.
    return new vscode.Hover(new vscode.MarkdownString(description.markdown), toRange(document, description.span));
  }
}
