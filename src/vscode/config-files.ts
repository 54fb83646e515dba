// Finds the config file that applies to a document, as the CLI does: the nearest folder, from
// the document's up to its workspace folder's root, whose pyproject.toml has `[tool.initlint]`
// or whose package.json has an "initlint" key (outside any workspace folder: up to the first
// folder holding `.git`, or the root). Folders are read once and cached; a file-system watcher
// drops the cache when a pyproject.toml or package.json in the workspace is created, changed
// or deleted.
//
// Local files are read synchronously, so the first analysis of a document already uses its
// config (no flash of default-severity diagnostics); files of other schemes (virtual
// workspaces) are read through vscode.workspace.fs, and onDidChange fires once they arrive.

import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { CONFIG_FILES, readConfigFile, type ConfigFileResult, type InitlintConfig } from '../core';

/** What a folder contributes: its own config, none (keep walking), or not read yet. */
type FolderState = { state: 'found'; config: InitlintConfig } | { state: 'none' } | { state: 'loading' };

export class ConfigFiles implements vscode.Disposable {
  private readonly folders = new Map<string, FolderState>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[] = [this.changed];
  /** Fires when a config file appeared, changed or went away: analyses must be redone. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/{${CONFIG_FILES.map((file) => file.name).join(',')}}`);
    const invalidate = () => {
      this.folders.clear();
      this.changed.fire();
    };
    this.subscriptions.push(watcher, watcher.onDidCreate(invalidate), watcher.onDidChange(invalidate), watcher.onDidDelete(invalidate));
  }

  /** The options of the config file that applies to `uri`, if any (undefined while one is loading). */
  configFor(uri: vscode.Uri): InitlintConfig | undefined {
    if (uri.scheme === 'untitled') return undefined;
    const root = vscode.workspace.getWorkspaceFolder(uri)?.uri;
    for (let folder = parentOf(uri); folder; folder = parentOf(folder)) {
      const state = this.folderState(folder);
      if (state.state === 'found') return state.config;
      if (state.state === 'loading') return undefined;
      if (root ? folder.path === root.path || !isInside(folder, root) : folder.scheme !== 'file' || hasGit(folder)) return undefined;
    }
    return undefined;
  }

  private folderState(folder: vscode.Uri): FolderState {
    const key = folder.toString();
    let state = this.folders.get(key);
    if (state) return state;
    if (folder.scheme === 'file') {
      state = this.readLocal(folder);
    } else {
      state = { state: 'loading' };
      void this.readRemote(folder, key);
    }
    this.folders.set(key, state);
    return state;
  }

  private readLocal(folder: vscode.Uri): FolderState {
    for (const { name, format } of CONFIG_FILES) {
      const file = vscode.Uri.joinPath(folder, name);
      let text: string;
      try {
        text = fs.readFileSync(file.fsPath, 'utf8');
      } catch {
        continue;
      }
      const state = this.stateOf(file, readConfigFile(format, text));
      if (state) return state;
    }
    return { state: 'none' };
  }

  private async readRemote(folder: vscode.Uri, key: string): Promise<void> {
    let state: FolderState = { state: 'none' };
    for (const { name, format } of CONFIG_FILES) {
      const file = vscode.Uri.joinPath(folder, name);
      let text: string;
      try {
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
      } catch {
        continue;
      }
      const found = this.stateOf(file, readConfigFile(format, text));
      if (found) {
        state = found;
        break;
      }
    }
    // The cache may have been cleared meanwhile; only a still-pending entry is ours to settle.
    if (this.folders.get(key)?.state !== 'loading') return;
    this.folders.set(key, state);
    this.changed.fire();
  }

  /** Logs the file's problems (once per read) and tells whether it ends the search. */
  private stateOf(file: vscode.Uri, result: ConfigFileResult): FolderState | undefined {
    const where = file.scheme === 'file' ? file.fsPath : file.toString();
    if (result.error) this.log.error(`${where}: ${result.error}; using the defaults`);
    for (const warning of result.warnings) this.log.warn(`${where}: ${warning}`);
    return result.found || result.error ? { state: 'found', config: result.config } : undefined;
  }

  dispose(): void {
    this.subscriptions.forEach((subscription) => subscription.dispose());
    this.folders.clear();
  }
}

function parentOf(uri: vscode.Uri): vscode.Uri | undefined {
  const parent = vscode.Uri.joinPath(uri, '..');
  return parent.path === uri.path ? undefined : parent;
}

function isInside(folder: vscode.Uri, root: vscode.Uri): boolean {
  return folder.scheme === root.scheme && folder.authority === root.authority && (folder.path === root.path || folder.path.startsWith(`${root.path.replace(/\/$/, '')}/`));
}

function hasGit(folder: vscode.Uri): boolean {
  return fs.existsSync(vscode.Uri.joinPath(folder, '.git').fsPath);
}
