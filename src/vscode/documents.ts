// Keeps one analysis per open document version, parsing incrementally between edits.

import * as vscode from 'vscode';
import { TreeFragment } from '@lezer/common';
import { analyze, analyzeOptionsOf, parseSource, type Analysis, type Language } from '../core';
import type { ConfigFiles } from './config-files';
import { readSettings, type Settings } from './settings';

const LANGUAGES: Record<string, Language> = {
  python: 'python',
  typescript: 'typescript',
  typescriptreact: 'typescript',
  javascript: 'javascript',
  javascriptreact: 'javascript',
};

export function languageOf(document: vscode.TextDocument): Language | undefined {
  return LANGUAGES[document.languageId];
}

interface Entry {
  version: number;
  fragments?: readonly TreeFragment[];
  analysis?: Analysis;
  /** The last analysis made before an edit: the next one reuses the gradient-flow runs of the models the edit left alone. */
  previous?: Analysis;
}

export class DocumentAnalyses implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();

  /** `configFiles` supplies the pyproject.toml / package.json options under the VS Code settings. */
  constructor(private readonly configFiles?: ConfigFiles) {}

  /** The settings for a document: VS Code settings over its config file over the defaults. */
  settingsFor(document: vscode.TextDocument): Settings {
    return readSettings(document.uri, this.configFiles?.configFor(document.uri));
  }

  /** The analysis of the document's current version (computed now if missing or stale). */
  get(document: vscode.TextDocument): Analysis | undefined {
    const language = languageOf(document);
    if (!language) return undefined;
    const settings = this.settingsFor(document);
    if (!settings.enable) return undefined;
    const key = document.uri.toString();
    const entry = this.entries.get(key);
    if (entry?.version === document.version && entry.analysis) return entry.analysis;
    const text = document.getText();
    const tree = parseSource(text, language, entry?.version === document.version ? entry.fragments : undefined);
    const analysis = analyze(text, language, { ...analyzeOptionsOf(settings), tree, previous: entry?.analysis ?? entry?.previous });
    this.entries.set(key, { version: document.version, fragments: TreeFragment.addTree(tree), analysis });
    return analysis;
  }

  /** Carries the last tree's reusable fragments over an edit, so the next parse is incremental. */
  noteChange(event: vscode.TextDocumentChangeEvent): void {
    const key = event.document.uri.toString();
    const entry = this.entries.get(key);
    if (!entry?.fragments) return;
    // VS Code reports a batch's changes against the text before the batch, last first.
    const changes = [...event.contentChanges]
      .sort((a, b) => a.rangeOffset - b.rangeOffset)
      .map((change) => ({ fromA: change.rangeOffset, toA: change.rangeOffset + change.rangeLength, fromB: change.rangeOffset, toB: change.rangeOffset + change.text.length }));
    let shift = 0;
    for (const change of changes) {
      change.fromB += shift;
      change.toB += shift;
      shift += change.toB - change.fromB - (change.toA - change.fromA);
    }
    this.entries.set(key, { version: event.document.version, fragments: TreeFragment.applyChanges(entry.fragments, changes), previous: entry.analysis ?? entry.previous });
  }

  forget(document: vscode.TextDocument): void {
    this.entries.delete(document.uri.toString());
  }

  clear(): void {
    this.entries.clear();
  }

  dispose(): void {
    this.clear();
  }
}
