// The gradient-flow panel's controller: one webview beside the editor that follows the active
// Python document, sends it the document's models, and carries out what the page asks
// (reveal a layer, apply the recommended initializers, save an export). The page simulates.

import * as vscode from 'vscode';
import { LineMap, type ModelIR } from '../core';
import { PANEL_VIEW_TYPE, parseFromPanel, type PanelModel, type ToPanel } from '../protocol/panel';
import type { DocumentAnalyses } from './documents';
import { languageOf } from './documents';
import { readSettings } from './settings';

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

  private document: vscode.TextDocument | undefined;
  private selected = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  private readonly subscriptions: vscode.Disposable[] = [];

  static get active(): GradientFlowPanel | undefined {
    return GradientFlowPanel.current;
  }

  /** Opens the panel beside the editor (or brings it forward) on `document`'s model `model`. */
  static show(extensionUri: vscode.Uri, analyses: DocumentAnalyses, document: vscode.TextDocument | undefined, model = 0): GradientFlowPanel {
    const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    let panel = GradientFlowPanel.current;
    if (panel) {
      panel.webview.reveal(column, true);
    } else {
      const webview = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, 'Gradient Flow', { viewColumn: column, preserveFocus: true }, GradientFlowPanel.options(extensionUri));
      panel = new GradientFlowPanel(webview, extensionUri, analyses, document, model);
      return panel;
    }
    panel.follow(document, model);
    return panel;
  }

  /** Brings a panel back after a window reload (`WebviewPanelSerializer`). */
  static revive(webview: vscode.WebviewPanel, extensionUri: vscode.Uri, analyses: DocumentAnalyses, state: unknown): GradientFlowPanel {
    webview.webview.options = { enableScripts: true, localResourceRoots: GradientFlowPanel.roots(extensionUri) };
    const saved = (state ?? {}) as PanelState;
    const document = vscode.window.activeTextEditor?.document ?? vscode.workspace.textDocuments.find((d) => d.uri.toString() === saved.uri);
    return new GradientFlowPanel(webview, extensionUri, analyses, document && languageOf(document) ? document : undefined, 0);
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
    document: vscode.TextDocument | undefined,
    model: number,
  ) {
    GradientFlowPanel.current = this;
    this.document = document;
    this.selected = model;
    this.webview.title = this.title();
    void this.render();
    this.subscriptions.push(
      webview.onDidDispose(() => this.dispose()),
      webview.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor && languageOf(editor.document)) this.follow(editor.document, 0);
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document !== this.document || event.contentChanges.length === 0) return;
        clearTimeout(this.timer);
        this.timer = setTimeout(() => void this.send(), readSettings(event.document.uri).debounceMs);
      }),
    );
  }

  private title(): string {
    return this.document ? `Gradient Flow: ${this.document.uri.path.split('/').pop()}` : 'Gradient Flow';
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

  /** Shows `document` (a Python file; others leave the panel as it is) and its model `model`. */
  follow(document: vscode.TextDocument | undefined, model: number): void {
    if (document && !languageOf(document)) return;
    this.document = document;
    this.selected = model;
    this.webview.title = this.title();
    void this.send();
  }

  private post(message: ToPanel): void {
    void this.webview.webview.postMessage(message);
  }

  private async send(): Promise<void> {
    const message = await this.documentMessage();
    // Analyses finish out of order with the edits: only the followed document's current version goes out.
    if (this.disposed || message.type !== 'document' || message.uri !== (this.document?.uri.toString() ?? '') || message.version !== (this.document?.version ?? 0)) return;
    this.post(message);
  }

  /** The followed document's models, as the page needs them (the analysis worker supplies them). */
  private async documentMessage(): Promise<ToPanel> {
    const document = this.document;
    if (!document) return { type: 'document', uri: '', fileName: '', version: 0, models: [], selected: 0 };
    const version = document.version;
    const models: ModelIR[] = await this.analyses.models(document);
    const lines = new LineMap(document.getText());
    const line = (offset: number): number => lines.position(offset).line;
    const panelModels: PanelModel[] = models.map((ir) => ({ name: ir.name, line: line(ir.span.from), ir, layerLines: ir.layers.map((layer) => line(layer.span.from)) }));
    return {
      type: 'document',
      uri: document.uri.toString(),
      fileName: document.uri.path.split('/').pop() ?? document.uri.toString(),
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

  /** Moves the editor's cursor to `line` (1-based) of the followed document. */
  private async reveal(line: number): Promise<void> {
    const document = this.document;
    if (!document) return;
    const target = Math.min(line - 1, document.lineCount - 1);
    const visible = vscode.window.visibleTextEditors.find((editor) => editor.document === document);
    const editor = await vscode.window.showTextDocument(document, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: false });
    const text = document.lineAt(target);
    const position = new vscode.Position(target, text.firstNonWhitespaceCharacterIndex);
    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(text.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  /** The gradient rules' own fix: every kernel layer gets the initializer the rules recommend. */
  private async applyRecommended(index: number): Promise<void> {
    const document = this.document;
    if (!document) return;
    const analysis = await this.analyses.get(document);
    const model = analysis?.models[index];
    const recommended = model && (await this.analyses.recommendedEdits(document, index));
    // Edits computed for one version are dropped when the document moved meanwhile.
    if (!model || !recommended || recommended.version !== document.version) return;
    const { edits } = recommended;
    if (edits.length === 0) {
      void vscode.window.showInformationMessage(`initlint: every layer of '${model.name}' already has the recommended initializer.`);
      return;
    }
    const edit = new vscode.WorkspaceEdit();
    for (const change of edits) edit.replace(document.uri, new vscode.Range(document.positionAt(change.from), document.positionAt(change.to)), change.text);
    await vscode.workspace.applyEdit(edit);
  }

  private async saveExport(format: 'png' | 'csv', data: string): Promise<void> {
    const base = this.document?.uri.path.split('/').pop()?.replace(/\.[^.]*$/, '') ?? 'model';
    const folder = this.document ? vscode.Uri.joinPath(this.document.uri, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
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

