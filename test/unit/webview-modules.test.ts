// The webview's pure modules, outside the browser: number formatting, saved-state
// normalisation, the what-if, and the rows every view of the panel reads (charts, table, CSV).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, extractFile, type ModelIR } from '../../src/core';
import { assumeInputShape, simulateModel } from '../../src/core/simulate';
import { DEFAULT_CONTROLS, type PanelModel } from '../../src/protocol/panel';
import { formatDecade, formatNumber, formatPercent, shorten } from '../../src/webview/format';
import { buildRows, renderedSeries, toCsv } from '../../src/webview/rows';
import { analyticFlows, applyWhatIf, fitControls, hasRecommendations, kernelLayers, simulationTasks } from '../../src/webview/simulation';
import { normalizeControls, normalizeState } from '../../src/webview/state';

function model(layers: string): ModelIR {
  const source = `import keras\nfrom keras import layers\nmodel = keras.Sequential([\n    keras.Input(shape=(64,)),\n${layers}])\n`;
  const [ir] = extractFile(source, 'python').models;
  assert.ok(ir, 'the snippet holds a model');
  return ir;
}

const RELU_GLOROT = '    layers.Dense(64, activation="relu"),\n'.repeat(6) + '    layers.Dense(1, name="=cmd|calc"),\n';

describe('format', () => {
  it('prints three significant digits, exponents outside [1e-3, 1e4), and words for what a log axis cannot show', () => {
    assert.equal(formatNumber(0.012345), '0.0123');
    assert.equal(formatNumber(1234.5), '1230');
    assert.equal(formatNumber(0.00012345), '1.23e-4');
    assert.equal(formatNumber(2e9), '2e+9');
    assert.equal(formatNumber(0), '0');
    assert.equal(formatNumber(Infinity), '∞');
    assert.equal(formatNumber(-Infinity), '−∞');
    assert.equal(formatNumber(Number.NaN), '—');
    assert.equal(formatNumber(undefined), '—');
  });

  it('percentages keep one decimal below 1 %', () => {
    assert.equal(formatPercent(0.5), '50 %');
    assert.equal(formatPercent(0.004), '0.4 %');
    assert.equal(formatPercent(undefined), '—');
  });

  it('labels only exact powers of ten, with superscripts beyond 10³', () => {
    assert.equal(formatDecade(100), '100');
    assert.equal(formatDecade(0.01), '0.01');
    assert.equal(formatDecade(1e-9), '10⁻⁹');
    assert.equal(formatDecade(1e12), '10¹²');
    assert.equal(formatDecade(3), null);
  });

  it('shortens with an ellipsis only when needed', () => {
    assert.equal(shorten('dense', 8), 'dense');
    assert.equal(shorten('conv2d_transpose', 8), 'conv2d_…');
  });
});

describe('state', () => {
  it('keeps valid saved controls and replaces each invalid one by its default', () => {
    const kept = { seed: 7, batch: 64, maxWidth: 256, whatIf: 'he_normal', whatIfLayer: 2 };
    assert.deepEqual(normalizeControls(kept), kept);
    assert.deepEqual(normalizeControls({ seed: -1, batch: 100, maxWidth: '64', whatIf: 'evil()', whatIfLayer: 1.5 }), DEFAULT_CONTROLS);
    assert.deepEqual(normalizeState(null), { controls: DEFAULT_CONTROLS });
    assert.deepEqual(normalizeState({ controls: kept, selected: 3 }), { controls: kept, selected: 3 });
    assert.deepEqual(normalizeState({ selected: -2 }), { controls: DEFAULT_CONTROLS });
  });
});

describe('simulation (what-if)', () => {
  const ir = model(RELU_GLOROT);
  const kernels = kernelLayers(ir);

  it('lists the kernel layers by their index in the model', () => {
    assert.equal(kernels.length, 7);
    assert.deepEqual(kernels.map((layer) => layer.layerIndex), [1, 2, 3, 4, 5, 6, 7]);
  });

  it('a what-if on one layer changes only that layer; on all layers, every kernel', () => {
    const one = applyWhatIf(ir, { ...DEFAULT_CONTROLS, whatIf: 'he_normal', whatIfLayer: 3 });
    assert.deepEqual(one.layers.map((layer) => layer.kernelInitializer?.spec?.name), [undefined, 'glorot_uniform', 'glorot_uniform', 'he_normal', 'glorot_uniform', 'glorot_uniform', 'glorot_uniform', 'glorot_uniform']);
    const all = applyWhatIf(ir, { ...DEFAULT_CONTROLS, whatIf: 'lecun_normal', whatIfLayer: -1 });
    assert.ok(all.layers.slice(1).every((layer) => layer.kernelInitializer?.spec?.name === 'lecun_normal'));
    assert.equal(applyWhatIf(ir, DEFAULT_CONTROLS), ir, 'no what-if: the same model');
  });

  it('a scope naming no kernel layer widens to all layers', () => {
    assert.equal(fitControls({ ...DEFAULT_CONTROLS, whatIfLayer: 0 }, ir).whatIfLayer, -1, 'layer 0 is the input');
    assert.equal(fitControls({ ...DEFAULT_CONTROLS, whatIfLayer: 2 }, ir).whatIfLayer, 2);
  });

  it('recommends a change for ReLU on Glorot and none for ReLU on He', () => {
    assert.equal(hasRecommendations(ir), true);
    assert.equal(hasRecommendations(model('    layers.Dense(64, activation="relu", kernel_initializer="he_normal"),\n    layers.Dense(1),\n')), false);
  });
});

describe('rows, series and CSV', () => {
  const ir = model(RELU_GLOROT);
  const panelModel: PanelModel = { name: 'model', line: 3, ir, layerLines: ir.layers.map((_, i) => 4 + i) };
  const flows = analyticFlows(simulationTasks(ir, DEFAULT_CONTROLS), DEFAULT_CONTROLS);
  const rows = buildRows(panelModel, flows);

  it('one row per kernel layer, gradients relative to the last layer, lines from the model', () => {
    assert.equal(rows.length, 7);
    assert.deepEqual(rows.map((row) => row.line), [5, 6, 7, 8, 9, 10, 11]);
    assert.equal(rows.at(-1)?.gradient.current, 1);
    assert.equal(rows.at(-1)?.gradient.recommended, 1);
    assert.ok(rows.every((row, i) => row.gradient.current === flows.current.layers[i].analytic.gradientRms / flows.current.layers[6].analytic.gradientRms));
  });

  it('ReLU on Glorot halves the activation second moment per layer; the recommended He series stays level', () => {
    const current = rows.slice(0, 6).map((row) => row.activation.current!);
    const recommended = rows.slice(0, 6).map((row) => row.activation.recommended!);
    for (let i = 1; i < 6; i++) {
      assert.ok(Math.abs((current[i] / current[i - 1]) ** 2 - 0.5) < 1e-9, `layer ${i}: ratio ${(current[i] / current[i - 1]) ** 2}`);
      assert.ok(Math.abs((recommended[i] / recommended[i - 1]) ** 2 - 1) < 1e-9);
    }
    assert.equal(rows[0].initializer.recommended, 'he_uniform');
  });

  it('the rendered series carry one finite value per row and no Monte-Carlo series before it arrives', () => {
    const series = renderedSeries(rows);
    assert.deepEqual(Object.keys(series).sort(), ['activationCurrent', 'activationRecommended', 'gradientCurrent', 'gradientRecommended']);
    assert.ok(Object.values(series).every((values) => values.length === 7 && values.every((value) => value !== null && Number.isFinite(value))));
  });

  it('the CSV has a header, one line per row, and defuses a formula-like layer name', () => {
    const lines = toCsv(panelModel, rows).trimEnd().split('\r\n');
    assert.equal(lines.length, 8);
    const header = lines[0].split(',');
    assert.equal(header.length, 29);
    const last = lines[7].split(',');
    assert.equal(last[header.indexOf('layer')], "'=cmd|calc");
    assert.equal(Number(last[header.indexOf('gradient_rms_rel_last_current')]), 1);
    assert.equal(lines[1].split(',')[header.indexOf('fan_in')], '64');
  });
});

describe('assumed input shape (the panel only)', () => {
  const parse = (body: string): ModelIR => {
    const [ir] = extractFile(`import keras\nfrom keras import layers\nmodel = keras.Sequential([\n${body}])\n`, 'python').models;
    return ir;
  };

  it('a Dense stack without an input shape is drawn as if it had as many inputs as its first layer has units', () => {
    const ir = parse('    layers.Dense(32, activation="relu"),\n    layers.Dense(32, activation="relu"),\n    layers.Dense(1),\n');
    assert.ok(simulateModel(ir, { monteCarlo: false }).notSimulated?.startsWith('the input shape is unknown'));
    const assumed = assumeInputShape(ir);
    assert.deepEqual(assumed?.shape, [32]);
    const flow = simulateModel(assumed!.model, { monteCarlo: false });
    assert.equal(flow.notSimulated, undefined);
    assert.deepEqual(flow.layers.map((layer) => layer.fanIn), [32, 32, 32]);
  });

  it('a convolution is drawn on 32×32 RGB images; a declared shape or an unknown first layer assumes nothing', () => {
    const conv = assumeInputShape(parse('    layers.Conv2D(8, 3, activation="relu"),\n    layers.Flatten(),\n    layers.Dense(1),\n'));
    assert.deepEqual(conv?.shape, [32, 32, 3]);
    assert.equal(simulateModel(conv!.model, { monteCarlo: false }).layers[1].fanIn, 30 * 30 * 8);
    assert.equal(assumeInputShape(parse('    layers.Dense(8, input_shape=(4,)),\n')), undefined);
    assert.equal(assumeInputShape(parse('    layers.Dense(units),\n')), undefined, 'units unknown: nothing to assume');
  });

  it('a PyTorch convolution keeps the channels its first layer takes; only the image side is assumed, and the reason says why', () => {
    const source = 'import torch.nn as nn\nmodel = nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU(), nn.Flatten(), nn.Linear(8 * 30 * 30, 10))\n';
    const [ir] = extractFile(source, 'python').models;
    assert.match(simulateModel(ir, { monteCarlo: false }).notSimulated ?? '', /PyTorch module does not state it/);
    const assumed = assumeInputShape(ir);
    assert.deepEqual(assumed?.shape, [32, 32, 1]);
    assert.match(assumed!.basis, /with 1 channel, as its first layer takes/);
    const flow = simulateModel(assumed!.model, { monteCarlo: false });
    assert.deepEqual(flow.layers.map((layer) => layer.fanIn), [9, 30 * 30 * 8]);
  });

  it('the gradient rules never see the assumption', () => {
    const source = `import keras\nfrom keras import layers\nmodel = keras.Sequential([\n${'    layers.Dense(32, activation="sigmoid"),\n'.repeat(20)}    layers.Dense(1),\n])\n`;
    assert.deepEqual(analyze(source, 'python').findings.filter((finding) => finding.ruleId.startsWith('gradient-')), []);
    const declared = source.replace('layers.Dense(32, activation="sigmoid"),', 'layers.Dense(32, activation="sigmoid", input_shape=(32,)),');
    assert.ok(analyze(declared, 'python').findings.some((finding) => finding.ruleId === 'gradient-vanishing'));
  });
});
