// When documents are analyzed, and which results count: edits go to the worker as they happen
// (its parse tree follows them), the analysis itself waits until typing pauses (the debounce),
// a newer version supersedes a queued or running one, and only a result for the document's
// current version is published. No `vscode` import: the typing-replay benchmark drives this
// same pipeline with the change events VS Code would send.

import type { AnalysisWorkerClient } from './analysis-client';
import type { DocumentAnalysis, TextChange, WorkerRequests } from '../protocol/analysis';

/** A live document: `version` grows with every edit. */
export interface VersionedDocument {
  readonly version: number;
}

/** A change as VS Code's `TextDocumentContentChangeEvent` reports it. */
export interface ContentChange {
  rangeOffset: number;
  rangeLength: number;
  text: string;
}

export function textChanges(changes: readonly ContentChange[]): TextChange[] {
  return changes.map((change) => ({ from: change.rangeOffset, to: change.rangeOffset + change.rangeLength, text: change.text }));
}

export type AnalyzeRequest = Omit<WorkerRequests['analyze']['params'], 'uri' | 'version'>;

export interface PipelineHooks<D> {
  keyOf(document: D): string;
  /** What to analyze for the document's current version, or undefined when it is not analyzed (disabled, too large). */
  prepare(document: D): AnalyzeRequest | undefined;
  /** The document's current version was analyzed, or (undefined) will not be. Once per version. */
  published(document: D, analysis: DocumentAnalysis | undefined): void;
  failed(document: D, error: Error): void;
}

interface Entry {
  /** The version the worker was last told about (its tree follows edits from there). */
  seenVersion?: number;
  /** The outcome for `version`: its analysis, or undefined when it is not analyzed or failed. */
  result?: { version: number; analysis: DocumentAnalysis | undefined };
  pending?: { version: number; promise: Promise<DocumentAnalysis | undefined> };
  /** The debounce under way, for `version`, and whoever asked for that version meanwhile. */
  debounce?: { version: number; timer: ReturnType<typeof setTimeout>; waiters: ((analysis: Promise<DocumentAnalysis | undefined>) => void)[] };
}

/** Stops a debounce; its waiters get `outcome` (undefined: their version was superseded). */
function endDebounce(entry: Entry, outcome: Promise<DocumentAnalysis | undefined>): void {
  const debounce = entry.debounce;
  if (!debounce) return;
  entry.debounce = undefined;
  clearTimeout(debounce.timer);
  for (const waiter of debounce.waiters) waiter(outcome);
}

const SUPERSEDED = Promise.resolve(undefined);

export class AnalysisPipeline<D extends VersionedDocument> {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly client: AnalysisWorkerClient,
    private readonly hooks: PipelineHooks<D>,
  ) {}

  /** The document changed: the worker's tree follows now; the analysis runs once edits pause for `delayMs`. */
  changed(document: D, changes: readonly ContentChange[], delayMs: number): void {
    const key = this.hooks.keyOf(document);
    const entry = this.entry(key);
    this.client.notify({ type: 'edit', uri: key, fromVersion: entry.seenVersion ?? -1, version: document.version, changes: textChanges(changes) });
    entry.seenVersion = document.version;
    endDebounce(entry, SUPERSEDED);
    const debounce: NonNullable<Entry['debounce']> = {
      version: document.version,
      timer: setTimeout(() => {
        if (entry.debounce === debounce) void this.analyze(document);
      }, delayMs),
      waiters: [],
    };
    entry.debounce = debounce;
  }

  /**
   * The analysis of the document's current version: the one made, the one under way, the one
   * due when typing pauses (VS Code asks for code actions and lenses after every keystroke; the
   * debounce holds for them too), or one started now. Undefined when the document is not
   * analyzed, or moved on before its analysis finished.
   */
  get(document: D): Promise<DocumentAnalysis | undefined> {
    const debounce = this.entries.get(this.hooks.keyOf(document))?.debounce;
    if (debounce?.version === document.version) return new Promise((resolve) => debounce.waiters.push(resolve));
    return this.analyze(document);
  }

  /** Analyzes the current version now, unless done or under way; publishes the result. */
  analyze(document: D): Promise<DocumentAnalysis | undefined> {
    const key = this.hooks.keyOf(document);
    const entry = this.entry(key);
    const version = document.version;
    if (entry.result?.version === version) return Promise.resolve(entry.result.analysis);
    if (entry.pending?.version === version) return entry.pending.promise;
    const request = this.hooks.prepare(document);
    if (!request) {
      entry.result = { version, analysis: undefined };
      entry.seenVersion = undefined;
      endDebounce(entry, SUPERSEDED);
      this.client.notify({ type: 'forget', uri: key });
      this.hooks.published(document, undefined);
      return SUPERSEDED;
    }
    entry.seenVersion = version;
    const settle = (analysis: DocumentAnalysis | undefined, error?: Error): DocumentAnalysis | undefined | Promise<DocumentAnalysis | undefined> => {
      const current = this.entries.get(key);
      if (current !== entry) {
        // Settings changed meanwhile (reset): this result is void, but whoever asked (a code action,
        // the panel) still wants an analysis of this version under the new settings. Forgotten: none.
        return current && document.version === version ? this.analyze(document) : undefined;
      }
      if (entry.pending?.version === version) entry.pending = undefined;
      // Stale results are never published: the document moved on while this one ran.
      if (document.version !== version || (!analysis && !error)) return undefined;
      entry.result = { version, analysis };
      if (error) this.hooks.failed(document, error);
      else this.hooks.published(document, analysis);
      return analysis;
    };
    const promise = this.client.request('analyze', { ...request, uri: key, version }).then(
      (analysis) => settle(analysis),
      (error: unknown) => settle(undefined, error instanceof Error ? error : new Error(String(error))),
    );
    entry.pending = { version, promise };
    endDebounce(entry, entry.debounce?.version === version ? promise : SUPERSEDED);
    return promise;
  }

  /** The document closed: cancel its timer, drop what is kept for it here and in the worker. */
  forget(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    endDebounce(entry, SUPERSEDED);
    this.entries.delete(key);
    this.client.notify({ type: 'forget', uri: key });
  }

  /** Settings changed: every document's results are void (the worker's trees stay valid). */
  reset(): void {
    for (const entry of this.entries.values()) endDebounce(entry, SUPERSEDED);
    // The worker keeps following edits: carry the versions it knows into the fresh entries.
    const seen = [...this.entries].map(([key, entry]) => [key, { seenVersion: entry.seenVersion }] as const);
    this.entries.clear();
    for (const [key, entry] of seen) this.entries.set(key, entry);
  }

  dispose(): void {
    for (const entry of this.entries.values()) endDebounce(entry, SUPERSEDED);
    this.entries.clear();
  }

  private entry(key: string): Entry {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = {};
      this.entries.set(key, entry);
    }
    return entry;
  }
}
