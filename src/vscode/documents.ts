// Keeps one analysis per open document version, parsing incrementally between edits.

import * as vscode from 'vscode';
import { TreeFragment } from '@lezer/common';
import { analyze, parseSource, type Analysis, type Language } from '../core';
import { readSettings } from './settings';

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
}

export class DocumentAnalyses implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();

  /** The analysis of the document's current version (computed now if missing or stale). */
  get(document: vscode.TextDocument): Analysis | undefined {
    const language = languageOf(document);
    if (!language || language !== 'python') return undefined;
    const settings = readSettings(document.uri);
    if (!settings.enable) return undefined;
    const key = document.uri.toString();
    const entry = this.entries.get(key);
    if (entry?.version === document.version && entry.analysis) return entry.analysis;
    const text = document.getText();
    const tree = parseSource(text, language, entry?.version === document.version ? entry.fragments : undefined);
    const analysis = analyze(text, language, {
      rules: settings.rules,
      exemptOutputLayer: settings.exemptOutputLayer,
      vanishingThreshold: settings.vanishingThreshold,
      explodingThreshold: settings.explodingThreshold,
      tree,
    });
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
    this.entries.set(key, { version: event.document.version, fragments: TreeFragment.applyChanges(entry.fragments, changes) });
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
