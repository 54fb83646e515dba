// The gradient-flow panel's controller: one webview beside the editor that follows the active
// model file or notebook (the notebook of the active cell), sends it the models, and carries out
// what the page asks (reveal a layer, apply the recommended initializers, save an export). The
// page simulates. A notebook's lines are those of its program (its code cells joined in order).

import * as vscode from 'vscode';
import { LineMap, type ModelIR } from '../core';
import { PANEL_VIEW_TYPE, parseFromPanel, type PanelModel, type ToPanel } from '../protocol/panel';
import type { DocumentAnalyses } from './documents';
import { lineStart } from './notebook-mapping';
import { readSettings } from './settings';
import { isNotebook, type Analyzed } from './views';

/** What the page saves with `setState`, handed back by the serializer after a reload. */
interface PanelState {
  uri?: string;
}

/** Text safe inside a double-quoted HTML attribute: the page reads it back with `dataset`. */
function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function nonce(): string {
  const bytes = new Uint8Array(18);
  globalThis.crypto.getRandomValues(bytes); // CSP nonces must be unguessable: the one place no seed belongs
  return Buffer.from(bytes).toString('base64');
}

export class GradientFlowPanel implements vscode.Disposable {
  private static current: GradientFlowPanel | undefined;

  /** The followed file or notebook. */
  private subject: Analyzed | undefined;
  private selected = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  private readonly subscriptions: vscode.Disposable[] = [];

  static get active(): GradientFlowPanel | undefined {
    return GradientFlowPanel.current;
  }

  /** Opens the panel beside the editor (or brings it forward) on `subject`'s model `model`. */
  static show(extensionUri: vscode.Uri, analyses: DocumentAnalyses, subject: Analyzed | undefined, model = 0): GradientFlowPanel {
    const column = vscode.window.activeTextEditor || vscode.window.activeNotebookEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    let panel = GradientFlowPanel.current;
    if (panel) {
      panel.webview.reveal(column, true);
    } else {
      const webview = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, 'Gradient Flow', { viewColumn: column, preserveFocus: true }, GradientFlowPanel.options(extensionUri));
      panel = new GradientFlowPanel(webview, extensionUri, analyses, subject, model);
      return panel;
    }
    panel.follow(subject, model);
    return panel;
  }

  /** Brings a panel back after a window reload (`WebviewPanelSerializer`). */
  static revive(webview: vscode.WebviewPanel, extensionUri: vscode.Uri, analyses: DocumentAnalyses, state: unknown): GradientFlowPanel {
    webview.webview.options = { enableScripts: true, localResourceRoots: GradientFlowPanel.roots(extensionUri) };
    const saved = (state ?? {}) as PanelState;
    const savedSubject = (): Analyzed | undefined => {
      const notebook = vscode.workspace.notebookDocuments.find((candidate) => candidate.uri.toString() === saved.uri);
      const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === saved.uri);
      return notebook ?? (document && analyses.subjectOf(document));
    };
    return new GradientFlowPanel(webview, extensionUri, analyses, analyses.activeSubject() ?? savedSubject(), 0);
  }

  private static roots(extensionUri: vscode.Uri): vscode.Uri[] {
    return [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')];
  }

  private static options(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: GradientFlowPanel.roots(extensionUri) };
  }

  private constructor(
    readonly webview: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly analyses: DocumentAnalyses,
    subject: Analyzed | undefined,
    model: number,
  ) {
    GradientFlowPanel.current = this;
    this.subject = subject;
    this.selected = model;
    this.webview.title = this.title();
    void this.render();
    this.subscriptions.push(
      webview.onDidDispose(() => this.dispose()),
      webview.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      // A cell's editor coming forward makes its notebook the active one; so does the notebook editor itself.
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        const followed = editor && analyses.subjectOf(editor.document);
        if (followed) this.follow(followed);
      }),
      vscode.window.onDidChangeActiveNotebookEditor((editor) => {
        if (editor && analyses.versionOf(editor.notebook) !== undefined) this.follow(editor.notebook);
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0 && this.subject && analyses.subjectOf(event.document) === this.subject) this.resendSoon();
      }),
      vscode.workspace.onDidChangeNotebookDocument((event) => {
        if (event.notebook === this.subject && event.contentChanges.length > 0) this.resendSoon();
      }),
    );
  }

  /** The followed text changed: the page hears about it once edits pause. */
  private resendSoon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.send(), this.subject ? readSettings(this.subject.uri).debounceMs : 0);
  }

  private title(): string {
    return this.subject ? `Gradient Flow: ${this.subject.uri.path.split('/').pop()}` : 'Gradient Flow';
  }

  /** The page, with the document's models in it: it draws them before its first message arrives. */
  private async render(): Promise<void> {
    const initial = await this.documentMessage();
    if (!this.disposed) this.webview.webview.html = this.html(initial);
  }

  private html(initial: ToPanel): string {
    const webview = this.webview.webview;
    const asset = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...path)).toString();
    const token = nonce();
    const csp = [
      "default-src 'none'",
      `img-src ${webview.cspSource} data: blob:`,
      `style-src ${webview.cspSource}`,
      `font-src ${webview.cspSource}`,
      `script-src 'nonce-${token}'`,
      'worker-src blob:',
      `connect-src ${webview.cspSource}`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link href="${asset('dist', 'uPlot.min.css')}" rel="stylesheet">
<link href="${asset('media', 'panel.css')}" rel="stylesheet">
<title>Gradient Flow</title>
</head>
<body>
<main id="root" data-worker="${asset('dist', 'worker.js')}" data-initial="${escapeAttribute(JSON.stringify(initial))}"></main>
<script nonce="${token}" src="${asset('dist', 'webview.js')}"></script>
</body>
</html>`;
  }

  /**
   * Shows `subject` and its model `model`. Without `model`, the subject already shown keeps its
   * selection (moving between a notebook's cells changes nothing here).
   */
  follow(subject: Analyzed | undefined, model?: number): void {
    if (subject === this.subject && model === undefined) return;
    this.subject = subject;
    this.selected = model ?? 0;
    this.webview.title = this.title();
    void this.send();
  }

  private post(message: ToPanel): void {
    void this.webview.webview.postMessage(message);
  }

  private async send(): Promise<void> {
    const message = await this.documentMessage();
    // Analyses finish out of order with the edits: only the followed subject's current version goes out.
    const subject = this.subject;
    const current = { uri: subject?.uri.toString() ?? '', version: (subject && this.analyses.versionOf(subject)) ?? 0 };
    if (this.disposed || message.type !== 'document' || message.uri !== current.uri || message.version !== current.version) return;
    this.post(message);
  }

  /** The followed subject's models, as the page needs them (the analysis worker supplies them). */
  private async documentMessage(): Promise<ToPanel> {
    const subject = this.subject;
    const version = subject && this.analyses.versionOf(subject);
    if (!subject || version === undefined) return { type: 'document', uri: '', fileName: '', version: 0, models: [], selected: 0 };
    const view = await this.analyses.view(subject);
    const current = view && view.analysis.version === version;
    const models: ModelIR[] = current ? await this.analyses.models(view) : [];
    const lines = new LineMap(current ? view.text : '');
    const line = (offset: number): number => lines.position(offset).line;
    // In a notebook, a line of the joined program means nothing to the user: say which cell.
    const place = (offset: number): string | undefined => {
      if (!view || !isNotebook(subject)) return undefined;
      const location = view.locate({ from: offset, to: offset }, true);
      const cell = location ? subject.getCells().findIndex((candidate) => candidate.document.uri.toString() === location.uri.toString()) : -1;
      return cell < 0 ? undefined : `cell ${cell + 1}, line ${location!.range.start.line + 1}`;
    };
    const panelModels: PanelModel[] = models.map((ir) => {
      const where = place(ir.span.from);
      return { name: ir.name, line: line(ir.span.from), ...(where ? { place: where } : {}), ir, layerLines: ir.layers.map((layer) => line(layer.span.from)) };
    });
    return {
      type: 'document',
      uri: subject.uri.toString(),
      fileName: subject.uri.path.split('/').pop() ?? subject.uri.toString(),
      version,
      models: panelModels,
      selected: Math.min(this.selected, Math.max(0, panelModels.length - 1)),
    };
  }

  private receive(raw: unknown): void {
    const message = parseFromPanel(raw);
    if (!message) {
      console.warn('initlint: the gradient-flow panel sent a malformed message; ignored');
      return;
    }
    switch (message.type) {
      case 'ready':
        void this.send();
        break;
      case 'selectModel':
        this.selected = message.index;
        break;
      case 'reveal':
        void this.reveal(message.line);
        break;
      case 'applyRecommended':
        void this.applyRecommended(message.model);
        break;
      case 'export':
        void this.saveExport(message.format, message.data);
        break;
      case 'log':
        console.log(`initlint panel: ${message.message}`);
        break;
      case 'rendered':
      case 'performance':
        break; // read by the page's tests and benchmark in the browser, not here
    }
  }

  /** Moves the cursor to `line` (1-based) of the followed file, or of its notebook's program (into the cell holding it). */
  private async reveal(line: number): Promise<void> {
    const view = await this.analyses.view(this.subject);
    if (!view || !view.isCurrent()) return;
    const offset = lineStart(view.text, line);
    const location = view.locate({ from: offset, to: offset });
    const subject = view.subject;
    const document = isNotebook(subject) ? subject.getCells().find((cell) => cell.document.uri.toString() === location?.uri.toString())?.document : subject;
    if (!location || !document) return;
    const target = location.range.start.line;
    const text = document.lineAt(target);
    const position = new vscode.Position(target, text.firstNonWhitespaceCharacterIndex);
    if (isNotebook(subject)) {
      // A cell is shown in its notebook's editor: select and reveal the cell, then place the cursor in it.
      const visible = vscode.window.visibleNotebookEditors.find((editor) => editor.notebook === subject);
      const cell = subject.getCells().findIndex((candidate) => candidate.document === document);
      const range = new vscode.NotebookRange(cell, cell + 1);
      const editor = await vscode.window.showNotebookDocument(subject, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: false, selections: [range] });
      editor.revealRange(range, vscode.NotebookEditorRevealType.InCenterIfOutsideViewport);
    }
    const visible = vscode.window.visibleTextEditors.find((editor) => editor.document === document);
    const editor = await vscode.window.showTextDocument(document, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: false });
    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(text.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  /** The gradient rules' own fix: every kernel layer gets the initializer the rules recommend. */
  private async applyRecommended(index: number): Promise<void> {
    const view = await this.analyses.view(this.subject);
    const model = view?.analysis.models[index];
    const edits = view && model ? await this.analyses.recommendedEdits(view, index) : undefined;
    // Edits computed for one version are dropped when the document or notebook moved meanwhile.
    if (!view || !model || !edits || !view.isCurrent()) return;
    if (edits.length === 0) {
      void vscode.window.showInformationMessage(`initlint: every layer of '${model.name}' already has the recommended initializer.`);
      return;
    }
    const edit = view.workspaceEdit(edits);
    if (!edit) {
      void vscode.window.showWarningMessage(`initlint: the recommended initializers for '${model.name}' would need an edit across two cells; apply the quick fixes cell by cell instead.`);
      return;
    }
    await vscode.workspace.applyEdit(edit);
  }

  private async saveExport(format: 'png' | 'csv', data: string): Promise<void> {
    const base = this.subject?.uri.path.split('/').pop()?.replace(/\.[^.]*$/, '') ?? 'model';
    const folder = this.subject ? vscode.Uri.joinPath(this.subject.uri, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, `${base}-gradient-flow.${format}`) : undefined,
      filters: format === 'png' ? { 'PNG image': ['png'] } : { CSV: ['csv'] },
    });
    if (!target) return;
    const bytes = format === 'png' ? Buffer.from(data.replace(/^data:image\/png;base64,/, ''), 'base64') : Buffer.from(data, 'utf8');
    await vscode.workspace.fs.writeFile(target, bytes);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (GradientFlowPanel.current === this) GradientFlowPanel.current = undefined;
    clearTimeout(this.timer);
    this.subscriptions.splice(0).forEach((subscription) => subscription.dispose());
    this.webview.dispose();
  }
}

