// Hover over an initializer (or over a layer's class name when the default applies): what it
// samples, its variance formula, and the per-layer gain it gives this layer. In a notebook cell
// the position is read in the notebook's program, and the hover stays in that cell.

import * as vscode from 'vscode';
import type { DocumentAnalyses } from './documents';

export class InitializerHoverProvider implements vscode.HoverProvider {
  constructor(private readonly analyses: DocumentAnalyses) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    // A failed analysis or a crashed worker answers nothing: the diagnostics report failures; a hover stays quiet.
    const view = await this.analyses.view(this.analyses.subjectOf(document));
    const offset = view?.isCurrent() ? view.offsetAt(document, position) : undefined;
    if (!view || offset === undefined) return undefined;
    const description = await this.analyses.describe(view, offset);
    const location = description && view.isCurrent() ? view.locate(description.span) : undefined;
    if (!description || !location || location.uri.toString() !== document.uri.toString()) return undefined;
    // Untrusted, no HTML: layer names come from the user's file.
    return new vscode.Hover(new vscode.MarkdownString(description.markdown), location.range);
  }
}
