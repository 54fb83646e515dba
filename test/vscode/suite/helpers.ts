// Helpers for suites running inside the extension host. The workspace folder is a temp
// copy of examples/ made by the runner, so tests may edit and save files freely.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'initlint.initlint';
const DEFAULT_TIMEOUT_MS = 20_000;

export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workbench must open a folder');
  return vscode.Uri.joinPath(folder.uri, name);
}

export async function openExample(name: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(name));
  await vscode.window.showTextDocument(document);
  return document;
}

export function initlintDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'initlint');
}

export function ruleId(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? String(code.value) : String(code);
}

/**
 * Resolves with probe()'s first truthy value. Probes on every diagnostics change and
 * every document change, plus a slow tick for anything else; fails after timeoutMs.
 */
export function waitFor<T>(what: string, probe: () => T | undefined | null | false, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<T> {
  return new Promise((resolve, reject) => {
    const disposables: vscode.Disposable[] = [];
    const finish = (error?: Error, value?: T) => {
      clearTimeout(timer);
      clearInterval(tick);
      disposables.forEach((d) => d.dispose());
      if (error) reject(error); else resolve(value as T);
    };
    const check = () => {
      try {
        const value = probe();
        if (value) finish(undefined, value);
      } catch (error) {
        finish(error instanceof Error ? error : new Error(String(error)));
      }
    };
    const timer = setTimeout(() => finish(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
    const tick = setInterval(check, 250);
    disposables.push(vscode.languages.onDidChangeDiagnostics(check), vscode.workspace.onDidChangeTextDocument(check));
    check();
  });
}

/** Waits until initlint's diagnostics for `uri` satisfy `ready` and returns them. */
export function waitForDiagnostics(uri: vscode.Uri, what: string, ready: (diagnostics: vscode.Diagnostic[]) => boolean, timeoutMs?: number): Promise<vscode.Diagnostic[]> {
  return waitFor(what, () => {
    const diagnostics = initlintDiagnostics(uri);
    return ready(diagnostics) ? diagnostics : undefined;
  }, timeoutMs).catch((error: Error) => {
    const seen = initlintDiagnostics(uri).map((d) => `${ruleId(d)}@${d.range.start.line}`).join(', ') || 'none';
    throw new Error(`${error.message} (diagnostics now: ${seen})`);
  });
}

/** 0-based index of the first line containing every needle. */
export function lineOf(document: vscode.TextDocument, ...needles: string[]): number {
  for (let line = 0; line < document.lineCount; line++) {
    const text = document.lineAt(line).text;
    if (needles.every((n) => text.includes(n))) return line;
  }
  throw new Error(`no line of ${document.uri.path} contains ${needles.join(' and ')}`);
}

export function findRule(diagnostics: vscode.Diagnostic[], id: string, line?: number): vscode.Diagnostic {
  const found = diagnostics.find((d) => ruleId(d) === id && (line === undefined || d.range.start.line === line));
  assert.ok(found, `expected ${id}${line === undefined ? '' : ` on line ${line}`}, got ${diagnostics.map((d) => `${ruleId(d)}@${d.range.start.line}`).join(', ') || 'none'}`);
  return found;
}

export async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  const args: unknown[] = [uri, range];
  if (kind) args.push(kind);
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', ...args);
  return (actions ?? []).filter((a): a is vscode.CodeAction => 'title' in a && !('command' in a && typeof a.command === 'string'));
}

/** Applies a code action's edit and, if present, its command. */
export async function applyAction(action: vscode.CodeAction): Promise<void> {
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), `applyEdit failed for "${action.title}"`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

/** Reverts edited documents to their saved state and closes editors, so tests stay independent. */
export async function revertAll(): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty && !d.isUntitled)) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

export async function activateExtension(): Promise<void> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded in the extension host`);
  await extension.activate();
}
