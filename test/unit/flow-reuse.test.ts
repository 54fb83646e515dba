// Re-analysis after an edit reuses the analytic gradient-flow run of every model the edit left
// unchanged, re-pointed at the model's new ranges; a changed model is simulated afresh.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { analyticFlow, analyze, simulateModel } from '../../src/core';

const source = `import keras
from keras import layers

deep = keras.Sequential([
    keras.Input(shape=(64,)),
    layers.Dense(64, activation="sigmoid"),
    layers.Dense(64, activation="sigmoid"),
    layers.Dense(64, activation="sigmoid"),
    layers.Dense(64, activation="sigmoid"),
    layers.Dense(64, activation="sigmoid"),
    layers.Dense(64, activation="sigmoid"),
    layers.Dense(64, activation="sigmoid"),
    layers.Dense(64, activation="sigmoid"),
    layers.Dense(10, activation="softmax"),
], name="deep")

shallow = keras.Sequential([
    keras.Input(shape=(32,)),
    layers.Dense(16, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
], name="shallow")
`;

const fresh = (model: Parameters<typeof simulateModel>[0]) => simulateModel(model, { monteCarlo: false });

it('an edit above the models shifts their ranges and reuses their runs', () => {
  const before = analyze(source, 'python');
  const inserted = '# a comment typed above\n';
  const edited = inserted + source;
  const after = analyze(edited, 'python', { previous: before });
  assert.deepEqual(after.file.models.map((model) => model.name), ['deep', 'shallow']);
  after.file.models.forEach((model, i) => {
    const flow = analyticFlow(model);
    // The same run (its per-layer figures are shared, not recomputed)…
    assert.equal(flow.layers[0].analytic, analyticFlow(before.file.models[i]).layers[0].analytic);
    // …with the new ranges: equal to a fresh simulation of the edited model.
    assert.deepEqual(flow, fresh(model));
    assert.equal(flow.span.from, before.file.models[i].span.from + inserted.length);
    const old = analyticFlow(before.file.models[i]).layers[0].span;
    assert.equal(edited.slice(flow.layers[0].span.from, flow.layers[0].span.to), source.slice(old.from, old.to));
  });
  assert.deepEqual(
    after.findings.map((finding) => [finding.ruleId, finding.span.from - inserted.length, finding.message]),
    before.findings.map((finding) => [finding.ruleId, finding.span.from, finding.message]),
  );
  assert.ok(after.findings.some((finding) => finding.ruleId === 'gradient-vanishing'), 'the deep sigmoid stack is reported');
});

it('a changed model is simulated afresh while the unchanged one is reused', () => {
  const before = analyze(source, 'python');
  const edited = source.replace('layers.Dense(16, activation="relu")', 'layers.Dense(160, activation="relu")');
  const after = analyze(edited, 'python', { previous: before });
  const [deep, shallow] = after.file.models;
  assert.equal(analyticFlow(deep).layers[0].analytic, analyticFlow(before.file.models[0]).layers[0].analytic);
  assert.notEqual(analyticFlow(shallow).layers[0].analytic, analyticFlow(before.file.models[1]).layers[0].analytic);
  assert.equal(analyticFlow(shallow).layers[0].fanOut, 160);
  assert.deepEqual(analyticFlow(shallow), fresh(shallow));
});

it('without a previous analysis every model is simulated afresh', () => {
  const before = analyze(source, 'python');
  const again = analyze(source, 'python');
  assert.notEqual(analyticFlow(again.file.models[0]).layers[0].analytic, analyticFlow(before.file.models[0]).layers[0].analytic);
  assert.deepEqual(analyticFlow(again.file.models[0]), analyticFlow(before.file.models[0]));
});

it('a PyTorch module, analyzed whole, also reuses the run of a model an edit above it only moved', () => {
  const torchSource = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'pytorch', 'deep_tanh_xavier.py'), 'utf8');
  const before = analyze(torchSource, 'python');
  assert.equal(before.file.models[0]?.framework, 'torch');
  const inserted = '# a comment typed above\n';
  const after = analyze(inserted + torchSource, 'python', { previous: before });
  const [model] = after.file.models;
  assert.equal(analyticFlow(model).layers[0].analytic, analyticFlow(before.file.models[0]).layers[0].analytic);
  assert.deepEqual(analyticFlow(model), fresh(model));
});
