// `npm run bench:typing`: replays a typing session on a generated 4,000-line Keras file (and a
// 10,000-line one) through the pipeline the extension uses — the analysis worker's client, the
// debounce, version checks — fed with the change events VS Code would send, and prints the
// longest block of the main thread's event loop and the memory growth beside their budgets:
//   - the longest block under 50 ms;
//   - no growth after the session ends (heaps measured after a full collection).
// Figures only, never asserted: these machines are shared and noisy. Run under
// `node --expose-gc` (the npm script does) so heaps can be measured after a collection.
//
// The session: layers typed in character by character (with the odd typo and backspace),
// initializers changed as a completion would (one replacement each), whole lines deleted, with
// typing pauses before some of them; VS Code's code-action requests after edits are imitated by
// asking the pipeline for the current version now and then.

import * as path from 'node:path';
import * as os from 'node:os';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import seedrandom from 'seedrandom';
import { analyze, LineMap } from '../src/core';
import type { DocumentAnalysis } from '../src/protocol/analysis';
import { AnalysisWorkerClient } from '../src/vscode/analysis-client';
import { AnalysisPipeline, type ContentChange } from '../src/vscode/analysis-pipeline';
import { generateKerasSource } from './generated-source';

const WORKER_SCRIPT = path.join(__dirname, '..', '..', 'dist', 'analysis-worker.js');
const DEBOUNCE_MS = 250; // initlint.debounceMs's default
const BLOCK_BUDGET_MS = 50;
const URI = 'bench:///model.py';

type Random = seedrandom.PRNG;

/** A document as the extension sees one: text and a version that grows with every edit. */
class ReplayDocument {
  version = 1;
  constructor(public text: string) {}

  /** Applies one replacement and returns the change event VS Code would send. */
  replace(from: number, to: number, text: string): ContentChange[] {
    this.text = this.text.slice(0, from) + text + this.text.slice(to);
    this.version++;
    return [{ rangeOffset: from, rangeLength: to - from, text }];
  }
}

/** One session step: an edit, then a wait before the next. */
interface Step {
  edit: (document: ReplayDocument) => { from: number; to: number; text: string };
  waitMs: number;
  /** Ask for the analysis right after this edit, as VS Code's code-action request does. */
  ask?: boolean;
}

const between = (random: Random, low: number, high: number): number => low + Math.floor(random() * (high - low + 1));

/** The `index`-th (wrapping) line start whose line begins with `prefix`. */
function nthLineStarting(text: string, prefix: string, index: number): number {
  const starts: number[] = [];
  for (let at = text.indexOf(`\n${prefix}`); at !== -1; at = text.indexOf(`\n${prefix}`, at + 1)) starts.push(at + 1);
  if (starts.length === 0) throw new Error(`bench: no line starts with ${JSON.stringify(prefix)}`);
  return starts[index % starts.length];
}

const STACK_LAYER = '        layers.Dense(';
const LAYER_TEXTS = [
  '        layers.Dense(64, activation="relu", kernel_initializer="he_normal"),',
  '        layers.Dense(128, activation="tanh", kernel_initializer="zeros"),',
  '        layers.Dense(32, activation="selu", kernel_initializer="glorot_uniform"),',
];
const INITIALIZERS = ['he_normal', 'glorot_uniform', 'zeros', 'lecun_normal', 'ones', 'he_uniform', 'orthogonal'];
const KEY = 'kernel_initializer="';

/**
 * A layer typed character by character on a line opened above a layer of some stack (Enter,
 * then the text), with a typo made and backspaced on the way.
 */
function typeLayer(random: Random, layer: string, stack: number): Step[] {
  let anchor = -1; // where the new line starts, found when typing begins
  let typed = 0; // characters of the layer typed so far
  const keystroke = (): number => between(random, 25, 90);
  const steps: Step[] = [
    {
      edit: (document) => {
        anchor = nthLineStarting(document.text, STACK_LAYER, stack);
        typed = 0;
        return { from: anchor, to: anchor, text: '\n' };
      },
      waitMs: keystroke(),
    },
  ];
  const typoAt = between(random, 10, layer.length - 10);
  for (let i = 0; i < layer.length; i++) {
    steps.push({ edit: () => ({ from: anchor + typed, to: anchor + typed, text: layer[typed++] }), waitMs: keystroke(), ask: i % 12 === 11 });
    if (i === typoAt) {
      steps.push({ edit: () => ({ from: anchor + typed, to: anchor + typed, text: 'x' }), waitMs: keystroke() });
      steps.push({ edit: () => ({ from: anchor + typed, to: anchor + typed + 1, text: '' }), waitMs: keystroke() });
    }
  }
  steps[steps.length - 1].waitMs = between(random, 300, 700); // a pause: the debounce fires
  return steps;
}

/** An initializer swapped for another in one replacement, as accepting a completion does. */
function changeInitializer(random: Random, occurrence: number, pause: boolean): Step {
  const name = INITIALIZERS[Math.floor(random() * INITIALIZERS.length)];
  return {
    edit: (document) => {
      let at = -1;
      for (let seen = 0, from = 0; seen <= occurrence; seen++, from = at + 1) {
        at = document.text.indexOf(KEY, from);
        if (at === -1) at = document.text.indexOf(KEY);
      }
      const start = at + KEY.length;
      return { from: start, to: document.text.indexOf('"', start), text: name };
    },
    waitMs: pause ? between(random, 260, 600) : between(random, 60, 200),
    ask: true,
  };
}

/** A whole line deleted inside some model's stack. */
function deleteLine(random: Random, stack: number, pause: boolean): Step {
  return {
    edit: (document) => {
      const start = nthLineStarting(document.text, STACK_LAYER, stack);
      const end = document.text.indexOf('\n', start) + 1;
      return { from: start, to: end, text: '' };
    },
    waitMs: pause ? between(random, 260, 600) : between(random, 80, 220),
  };
}

function session(seed: string): Step[] {
  const random = seedrandom(seed);
  const steps: Step[] = [];
  for (let round = 0; round < 3; round++) {
    steps.push(...typeLayer(random, LAYER_TEXTS[round], 5 + round * 17));
    for (let i = 0; i < 14; i++) steps.push(changeInitializer(random, round * 40 + i * 3, i % 4 === 3));
    for (let i = 0; i < 8; i++) steps.push(deleteLine(random, 11 + round * 23 + i, i % 3 === 2));
  }
  return steps;
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const mb = (bytes: number): string => `${(bytes / 1048576).toFixed(1)} MB`;
const signedMb = (bytes: number): string => `${bytes >= 0 ? '+' : '−'}${(Math.abs(bytes) / 1048576).toFixed(1)} MB`;

/** The longest gap between ticks of a 1 ms interval, less the interval: how long the loop was held. */
function driftSampler(): { stop: () => number } {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last - 1);
    last = now;
  }, 1);
  return { stop: () => (clearInterval(timer), longest) };
}

interface Memory {
  mainHeap: number;
  workerHeap: number;
  rss: number;
}

async function memory(client: AnalysisWorkerClient): Promise<Memory> {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('bench: run node with --expose-gc (npm run bench:typing does)');
  await delay(50);
  collect();
  collect();
  const worker = await client.request('memory', {});
  if (!worker.collected) throw new Error('bench: the worker could not collect its heap (--expose-gc)');
  return { mainHeap: process.memoryUsage().heapUsed, workerHeap: worker.heapUsed, rss: process.memoryUsage().rss };
}

async function replay(lines: number): Promise<void> {
  const source = generateKerasSource(lines, `typing-${lines}`);
  const document = new ReplayDocument(source);
  const client = new AnalysisWorkerClient(WORKER_SCRIPT);
  let published = 0;
  let publishMs = 0;
  let publishedStale = 0;
  let lastPublished: DocumentAnalysis | undefined;
  const pipeline = new AnalysisPipeline<ReplayDocument>(client, {
    keyOf: () => URI,
    prepare: (current) => ({ language: 'python', text: current.text, options: {} }),
    published: (current, analysis) => {
      // What the diagnostics controller does with a result: ranges to lines and columns.
      const start = performance.now();
      if (!analysis) return;
      if (analysis.version !== current.version) publishedStale++;
      const lineMap = new LineMap(current.text);
      for (const finding of analysis.findings) lineMap.position(finding.span.from);
      published++;
      lastPublished = analysis;
      publishMs = Math.max(publishMs, performance.now() - start);
    },
    failed: (_current, error) => {
      throw error;
    },
  });

  // Warm-up, outside the measurement: open the document, type and delete a line, settle.
  await pipeline.analyze(document);
  for (const step of typeLayer(seedrandom('warm-up'), LAYER_TEXTS[0], 1)) {
    const change = step.edit(document);
    pipeline.changed(document, document.replace(change.from, change.to, change.text), DEBOUNCE_MS);
    await delay(5);
  }
  await pipeline.get(document);
  const before = await memory(client);

  const steps = session(`session-${lines}`);
  let answered = 0;
  let superseded = 0;
  const publishedBefore = published;
  let longestGc = 0;
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longestGc = Math.max(longestGc, entry.duration);
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  let longestCall = 0; // the pipeline's own synchronous work per edit: the change event, the request
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const drift = driftSampler();
  const started = performance.now();
  for (const step of steps) {
    const change = step.edit(document);
    const contentChanges = document.replace(change.from, change.to, change.text);
    const callStart = performance.now();
    pipeline.changed(document, contentChanges, DEBOUNCE_MS);
    if (step.ask) void pipeline.get(document).then((analysis) => (analysis ? answered++ : superseded++));
    longestCall = Math.max(longestCall, performance.now() - callStart);
    await delay(step.waitMs);
  }
  const final = await pipeline.get(document);
  const sessionMs = performance.now() - started;
  const longestDrift = drift.stop();
  histogram.disable();
  gcObserver.disconnect();
  await delay(200); // the session has ended: idle, as after the user stops typing
  const after = await memory(client);
  pipeline.forget(URI);
  const closed = await memory(client);

  // Correctness, untimed: the last published analysis is the final version's, and equals a fresh one.
  const fresh = analyze(document.text, 'python');
  const same = final !== undefined && final.version === document.version && lastPublished === final
    && JSON.stringify(final.findings) === JSON.stringify(fresh.findings);
  const blockStart = performance.now();
  analyze(document.text, 'python');
  const onMainThread = performance.now() - blockStart;

  const ms = (value: number): string => `${value.toFixed(1)} ms`.padStart(9);
  const budget = (value: number): string => (value < BLOCK_BUDGET_MS ? 'within' : 'OVER');
  console.log(`\n${lines.toLocaleString('en-US')}-line Keras file (${source.length.toLocaleString('en-US')} characters): ${steps.length} edits in ${(sessionMs / 1000).toFixed(1)} s, debounce ${DEBOUNCE_MS} ms`);
  console.log(`  analyses published ${published - publishedBefore} (stale ones published: ${publishedStale}); code-action-style requests answered ${answered}, superseded ${superseded}`);
  console.log(`  final diagnostics are the final version's (v${document.version}) and equal a fresh analysis: ${same ? 'yes' : 'NO'}`);
  const delayMax = histogram.max / 1e6 - 1; // less the 1 ms sampling resolution
  console.log(`  longest main-thread block, event-loop delay max: ${ms(delayMax)}   (budget < ${BLOCK_BUDGET_MS} ms: ${budget(delayMax)})`);
  console.log(`  longest main-thread block, 1 ms interval drift:  ${ms(longestDrift)}   (budget < ${BLOCK_BUDGET_MS} ms: ${budget(longestDrift)})`);
  console.log(`  where the time goes: event-loop delay p99 ${ms(histogram.percentile(99) / 1e6 - 1).trim()}; longest change/request call ${longestCall.toFixed(1)} ms;`);
  console.log(`    longest result hand-over (ranges to lines) ${publishMs.toFixed(1)} ms; longest main-thread GC pause ${longestGc.toFixed(1)} ms`);
  console.log(`  for contrast, one full analysis of the final text on the main thread (the old design): ${onMainThread.toFixed(0)} ms`);
  const row = (name: string, key: keyof Memory) =>
    console.log(`  ${name.padEnd(26)} before ${mb(before[key]).padStart(9)}   after ${mb(after[key]).padStart(9)} (${signedMb(after[key] - before[key])})   closed ${mb(closed[key]).padStart(9)}`);
  console.log('  memory after a full collection (budget: no growth once the session ends):');
  row('main-thread heap', 'mainHeap');
  row('worker heap', 'workerHeap');
  row('process RSS', 'rss');

  pipeline.dispose();
  await client.dispose();
}

async function main(): Promise<void> {
  console.log(`initlint typing replay · node ${process.version} · ${process.arch} · ${os.cpus().length} CPUs · load average ${os.loadavg()[0].toFixed(1)}`);
  for (const lines of [4000, 10000]) await replay(lines);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
