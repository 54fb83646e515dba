// The panel protocol's validators: what crosses postMessage is accepted only in its declared shape.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractFile } from '../../src/core';
import { parseFromPanel, parseToPanel } from '../../src/protocol/panel';

describe('messages from the panel', () => {
  it('accepts each declared message', () => {
    assert.deepEqual(parseFromPanel({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseFromPanel({ type: 'reveal', line: 12 }), { type: 'reveal', line: 12 });
    assert.deepEqual(parseFromPanel({ type: 'applyRecommended', model: 0 }), { type: 'applyRecommended', model: 0 });
    assert.deepEqual(parseFromPanel({ type: 'export', format: 'csv', data: 'a,b\n' }), { type: 'export', format: 'csv', data: 'a,b\n' });
    assert.deepEqual(parseFromPanel({ type: 'performance', marks: { analyticMs: 12.5 } }), { type: 'performance', marks: { analyticMs: 12.5 } });
    assert.deepEqual(
      parseFromPanel({ type: 'rendered', model: 'm', layers: ['dense'], series: { gradientCurrent: [1, null] }, monteCarlo: false }),
      { type: 'rendered', model: 'm', layers: ['dense'], series: { gradientCurrent: [1, null] }, monteCarlo: false },
    );
  });

  it('drops extra fields and truncates logs', () => {
    assert.deepEqual(parseFromPanel({ type: 'reveal', line: 3, extra: '<script>' }), { type: 'reveal', line: 3 });
    assert.equal((parseFromPanel({ type: 'log', message: 'x'.repeat(5000) }) as { message: string }).message.length, 2000);
  });

  it('rejects unknown and malformed messages', () => {
    for (const message of [
      null, 42, 'ready', [], {}, { type: 'unknown' }, { type: 'reveal' }, { type: 'reveal', line: 0 }, { type: 'reveal', line: 1.5 },
      { type: 'reveal', line: '3' }, { type: 'applyRecommended', model: -1 }, { type: 'export', format: 'exe', data: '' },
      { type: 'export', format: 'png', data: 7 }, { type: 'performance', marks: { a: 'fast' } }, { type: 'performance', marks: { a: Infinity } },
      { type: 'rendered', model: 'm', layers: [1], series: {}, monteCarlo: false }, { type: 'rendered', model: 'm', layers: [], series: { a: ['1'] }, monteCarlo: true },
      { type: 'selectModel', index: -2 }, { type: 'log', message: {} },
    ]) {
      assert.equal(parseFromPanel(message), undefined, JSON.stringify(message));
    }
  });
});

describe('messages to the panel', () => {
  const [ir] = extractFile('import keras\nfrom keras import layers\nm = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(2)])\n', 'python').models;
  const document = { type: 'document', uri: 'file:///a.py', fileName: 'a.py', version: 3, selected: 0, models: [{ name: ir.name, line: 3, ir, layerLines: [3, 3] }] };

  it('accepts a document with its models, and an empty one', () => {
    assert.deepEqual(parseToPanel(document), document);
    assert.ok(parseToPanel({ ...document, models: [] }));
    assert.deepEqual(parseToPanel({ type: 'reportPerformance' }), { type: 'reportPerformance' });
  });

  it('rejects a document whose layer lines do not match its layers, or with missing fields', () => {
    assert.equal(parseToPanel({ ...document, models: [{ ...document.models[0], layerLines: [3] }] }), undefined);
    // A notebook model says which cell it is in; anything but text there is rejected.
    const inCell = { ...document, models: [{ ...document.models[0], place: 'cell 3, line 2' }] };
    assert.deepEqual(parseToPanel(inCell), inCell);
    assert.equal(parseToPanel({ ...document, models: [{ ...document.models[0], place: 3 }] }), undefined);
    assert.equal(parseToPanel({ ...document, version: 'new' }), undefined);
    assert.equal(parseToPanel({ ...document, models: [{ name: 'm', line: 1, ir: { layers: 'none' }, layerLines: [] }] }), undefined);
    assert.equal(parseToPanel({ type: 'document' }), undefined);
    assert.equal(parseToPanel({ type: 'refresh' }), undefined);
  });
});
