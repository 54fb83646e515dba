// The extension's analysis pipeline (src/vscode/analysis-pipeline.ts) with a scripted worker:
// what a caller gets when the settings change while its analysis is under way.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AnalysisPipeline } from '../../src/vscode/analysis-pipeline';
import type { AnalysisWorkerClient } from '../../src/vscode/analysis-client';
import type { DocumentAnalysis } from '../../src/protocol/analysis';

/** A worker whose answers the test releases one by one, each labelled by the settings it was asked with. */
function scriptedWorker() {
  const asked: { settings: string; answer: (analysis: DocumentAnalysis) => void }[] = [];
  const client = {
    notify: () => undefined,
    request: (_method: string, params: { options: { label: string } }) =>
      new Promise<DocumentAnalysis>((resolve) => asked.push({ settings: params.options.label, answer: resolve })),
  } as unknown as AnalysisWorkerClient;
  return { client, asked };
}

const analysisOf = (label: string, version: number) => ({ version, findings: [], label }) as unknown as DocumentAnalysis;

describe('analysis pipeline', () => {
  it('a caller waiting when the settings change gets the analysis made under the new settings, not nothing', async () => {
    const { client, asked } = scriptedWorker();
    let settings = 'old';
    const document = { version: 3 };
    const pipeline = new AnalysisPipeline(client, {
      keyOf: () => 'file:///a.py',
      prepare: () => ({ language: 'python', text: 'x = 1\n', options: { label: settings } }) as never,
      published: () => undefined,
      failed: () => undefined,
    });
    const waiting = pipeline.get(document);
    settings = 'new';
    pipeline.reset(); // what a settings change does
    asked[0].answer(analysisOf('old', 3)); // the answer to the request made before the change
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(asked.map((request) => request.settings), ['old', 'new']);
    asked[1].answer(analysisOf('new', 3));
    assert.equal(((await waiting) as unknown as { label: string }).label, 'new');
  });

  it('a forgotten document (closed meanwhile) gets nothing and asks for nothing more', async () => {
    const { client, asked } = scriptedWorker();
    const document = { version: 1 };
    const pipeline = new AnalysisPipeline(client, {
      keyOf: () => 'file:///b.py',
      prepare: () => ({ language: 'python', text: '', options: { label: 'only' } }) as never,
      published: () => undefined,
      failed: () => undefined,
    });
    const waiting = pipeline.get(document);
    pipeline.forget('file:///b.py');
    asked[0].answer(analysisOf('only', 1));
    assert.equal(await waiting, undefined);
    assert.equal(asked.length, 1);
  });
});
