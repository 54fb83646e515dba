// PyTorch as the oracle (issue 8). Debian's python3-torch builds every fixture model in
// test/fixtures/pytorch/ with its own initialization code (torch_measure.py), and:
// - every weight of every kernel layer: the variance torch actually produced is compared with
//   the one initlint predicts for that layer (describeInitializer: the extractor's initializer
//   spec, the simulator's fans, the catalog's elementMoments), and where the model can be
//   simulated, with the variance the simulation samples;
// - on the deep fixtures, the per-layer profile log10(gradientRms[l] / gradientRms[last]) and
//   log10(activationRms[l]) from torch.autograd are compared with the simulation's, with the
//   TF.js oracle's limits (flow-vs-tfjs.test.ts).
// Without python3-torch every test here is skipped, loudly, never passed.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { describeInitializer, extractFile, simulateModel, type FileIR, type LayerIR, type ModelIR } from '../../../src/core';
import { elementMoments } from '../../../src/core/catalog/variance';
import { assertWithinLimits, median, profileErrors, relative } from './flow-profile';

const root = path.join(__dirname, '..', '..', '..', '..');
const PYTHON = '/usr/bin/python3';
const HARNESS = path.join(root, 'test', 'unit', 'oracle', 'torch_measure.py');
const FIXTURES = path.join(root, 'test', 'fixtures', 'pytorch');
const fixtureNames = fs.readdirSync(FIXTURES).filter((name) => name.endsWith('.py')).sort();

/** Deep Linear chains whose gradient flow is measured as well. */
const GRADIENT_FIXTURES = ['deep_relu_default.py', 'deep_relu_kaiming.py', 'deep_tanh_xavier.py'];
const SEED = 0;
const GRADIENT_SEEDS = [0, 1, 2];
const BATCH = 128;

/**
 * The variance test. A weight of n elements with population variance m2 and fourth central
 * moment m4 (both measured) has a sample variance whose standard error is
 *   SE(m2) = sqrt((m4 − m2²) / n)
 * (the large-n delta-method formula; for a normal m4 = 3σ⁴ gives σ²·sqrt(2/n), for a uniform
 * σ²·sqrt(0.8/n)). Measured from the sample, it holds for whatever distribution torch really
 * drew, not the one initlint claims; for orthogonal matrices, whose elements are not
 * independent, it overstates the spread (their sum of squares is exact). A prediction agrees
 * when |measured − predicted| ≤ 5·SE, plus a relative 1e-6 for float32 rounding (constant
 * kernels: SE = 0, so they must match exactly). The mean is checked the same way, with
 * SE = sqrt(m2 / n). At 5 SE a correct prediction fails with probability below 1e-6 per weight.
 */
const STANDARD_ERRORS = 5;
const ROUNDING = 1e-6;

/**
 * Layers initlint is known not to predict, by `fixture:module`, with the reason. A layer it
 * reports unknown fails unless it is listed here.
 */
const UNPREDICTED: Record<string, string> = {};

// ---------------------------------------------------------------------------------------------
// The harness

interface TorchWeight {
  module: string;
  moduleType: string;
  param: string;
  shape: number[];
  count: number;
  torchFanIn: number;
  torchFanOut: number;
  mean: number;
  variance: number;
  fourthMoment: number;
}

interface TorchGradients {
  layers: string[];
  gradientRms: number[];
  activationRms: number[];
}

interface TorchFixture {
  path: string;
  modelClass?: string;
  weights?: TorchWeight[];
  gradients?: TorchGradients;
  error?: string;
}

interface TorchRun {
  torch: string;
  fixtures: TorchFixture[];
}

function torchMissing(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.error) return `${PYTHON} cannot be run (${probe.error.message})`;
  if (probe.status !== 0) return `${PYTHON} cannot import torch (${probe.stderr.trim().split('\n').at(-1)})`;
  return undefined;
}

const missing = torchMissing();
const SKIP = missing ? `PyTorch oracle skipped: ${missing}. Install Debian's python3-torch (apt-get install python3-torch).` : false;
if (SKIP) {
  const rule = '!'.repeat(SKIP.length);
  console.log(`\n${rule}\n${SKIP}\n${rule}\n`);
}

function runHarness(): TorchRun {
  const fixtureArgs = fixtureNames.map((name) => path.join(FIXTURES, name));
  const gradientArgs = GRADIENT_FIXTURES.flatMap((name) => ['--gradient', path.join(FIXTURES, name)]);
  const result = spawnSync(
    PYTHON,
    [HARNESS, '--seed', String(SEED), '--gradient-seeds', GRADIENT_SEEDS.join(','), '--batch', String(BATCH), ...gradientArgs, ...fixtureArgs],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`torch_measure.py exited with ${result.status}:\n${result.stderr}`);
  return JSON.parse(result.stdout) as TorchRun;
}

// ---------------------------------------------------------------------------------------------
// initlint's side

/** The ModelIR `model = …` builds: the class `model = Net()` instantiates, or the statement binding `model`. */
function modelBound(file: FileIR, modelClass: string): ModelIR {
  const found = file.models.filter((model) => {
    const place = model.torchPlace;
    if (modelClass === 'Sequential') return place?.kind === 'statement' ? place.variable === 'model' : model.name === 'model';
    return place?.kind === 'class' ? model.name === modelClass : false;
  });
  assert.equal(found.length, 1, `one model for \`model\` (a ${modelClass}); initlint found: ${file.models.map((m) => `${m.name} (${m.torchPlace?.kind ?? 'no place'})`).join(', ') || 'none'}`);
  return found[0];
}

/** torch's module path of an accessor: `self.features[0]` → `features.0`, `model[2]` → `2`, `model.fc1` → `fc1`. */
function modulePath(accessor: string): string {
  return accessor
    .replace(/^[A-Za-z_]\w*/, '')
    .replace(/\[\s*(\d+)\s*\]/g, '.$1')
    .replace(/\[\s*(['"])(.*?)\1\s*\]/g, '.$2')
    .replace(/^\./, '');
}

/** Which of a layer's initializers draws a torch parameter: RNN input weights are its kernel, hidden-to-hidden ones its recurrent kernel. */
function roleOf(param: string): 'kernel' | 'recurrent' {
  return /^weight_hh_l\d+(_reverse)?$/.test(param) ? 'recurrent' : 'kernel';
}

/** torch's module path for every kernel layer: by accessor, and in order for the layers that have none (with the torch modules no accessor claims). */
function matchModules(model: ModelIR, torchModules: string[]): { byModule: Map<string, number>; byOrder: Set<string> } {
  const byModule = new Map<string, number>();
  const byOrder = new Set<string>();
  const kernels = model.layers.map((layer, index) => ({ layer, index })).filter(({ layer }) => layer.role === 'kernel');
  for (const { layer, index } of kernels) if (layer.accessor !== undefined) byModule.set(modulePath(layer.accessor), index);
  const unclaimed = torchModules.filter((module) => !byModule.has(module));
  const unnamed = kernels.filter(({ layer }) => layer.accessor === undefined);
  if (unnamed.length > 0 && unnamed.length === unclaimed.length) {
    unnamed.forEach(({ index }, k) => {
      byModule.set(unclaimed[k], index);
      byOrder.add(unclaimed[k]);
    });
  }
  return { byModule, byOrder };
}

interface Row {
  fixture: string;
  module: string;
  param: string;
  fanIn: string;
  fanOut: string;
  initializer: string;
  predicted?: number;
  measured: number;
  z?: number;
}

const rows: Row[] = [];
const gradientRows: string[][] = [];
let fixturesMeasured = 0;
let weightsCompared = 0;
let gradientLayersCompared = 0;

/** (measured − predicted) in standard errors; ±Infinity for a mismatch of an exact (constant) value. */
function zScore(measured: number, predicted: number, standardError: number): number {
  const slack = ROUNDING * Math.abs(predicted);
  const off = measured - predicted;
  if (Math.abs(off) <= slack) return 0;
  return standardError > 0 ? off / standardError : Math.sign(off) * Infinity;
}

function checkFixture(name: string, measured: TorchFixture): void {
  assert.equal(measured.error, undefined, `torch could not build ${name}: ${measured.error}`);
  const weights = measured.weights!;
  assert.ok(weights.length > 0, `${name}: torch found no weights`);
  const source = fs.readFileSync(path.join(FIXTURES, name), 'utf8');
  const model = modelBound(extractFile(source, 'python'), measured.modelClass!);
  assert.equal(model.framework, 'torch');
  const torchModules = [...new Set(weights.map((w) => w.module))];
  const { byModule, byOrder } = matchModules(model, torchModules);
  const simulated = simulateModel(model, { monteCarlo: false });
  const simulatedVariance = new Map(simulated.layers.map((layer) => [layer.layerIndex, layer.initializer.variance]));

  const problems: string[] = [];
  const matchedLayers = new Set<number>();
  for (const weight of weights) {
    const where = `${weight.module}.${weight.param}`;
    const index = byModule.get(weight.module);
    if (index === undefined) {
      problems.push(`${where} (${weight.moduleType}): initlint has no kernel layer for it (accessors: ${model.layers.map((l) => l.accessor ?? `${l.name}?`).join(', ')})`);
      continue;
    }
    matchedLayers.add(index);
    const layer: LayerIR = model.layers[index];
    const role = roleOf(weight.param);
    const ref = role === 'kernel' ? layer.kernelInitializer : layer.extraInitializers?.[role];
    const description = describeInitializer(model, index, role);
    // A layer's fans are those of its first weight: a stacked RNN's weight_ih_l1 takes another input size.
    const fans = /^weight(_ih_l0(_reverse)?)?$/.test(weight.param) ? description?.fans : undefined;
    const row: Row = {
      fixture: name.replace(/\.py$/, ''),
      module: byOrder.has(weight.module) ? `${weight.module} (by order)` : weight.module,
      param: weight.param,
      fanIn: fans ? String(fans.fanIn) : '–',
      fanOut: fans ? String(fans.fanOut) : '–',
      initializer: ref?.spec ? `${ref.spec.name}${ref.explicit ? '' : ' (default)'}` : 'unknown',
      measured: weight.variance,
    };
    rows.push(row);
    const predicted = description?.variance;
    if (predicted === undefined || !ref?.spec) {
      const excuse = UNPREDICTED[`${name}:${weight.module}`];
      if (!excuse) problems.push(`${where}: initlint predicts no variance (${layer.kind} '${layer.name}', ${role} initializer ${ref?.spec ? ref.spec.name : 'unknown'}${fans ? '' : ', fans unknown'})`);
      continue;
    }
    row.predicted = predicted;
    weightsCompared++;
    const varianceError = Math.sqrt(Math.max(weight.fourthMoment - weight.variance ** 2, 0) / weight.count);
    row.z = zScore(weight.variance, predicted, varianceError);
    if (Math.abs(row.z) > STANDARD_ERRORS) {
      problems.push(`${where}: Var(W) predicted ${predicted.toExponential(4)} (${row.initializer}, fans ${row.fanIn}/${row.fanOut}), torch ${weight.variance.toExponential(4)} (n = ${weight.count}, z = ${row.z.toFixed(1)})`);
    }
    const mean = elementMoments(ref.spec, fans ?? { fanIn: 1, fanOut: 1 }, model.framework).mean;
    const meanZ = zScore(weight.mean, mean, Math.sqrt(weight.variance / weight.count));
    if (Math.abs(meanZ) > STANDARD_ERRORS) problems.push(`${where}: mean predicted ${mean}, torch ${weight.mean.toExponential(4)} (z = ${meanZ.toFixed(1)})`);
    // Fans decide a variance-scaling initializer's variance: they must be torch's own.
    if (ref.spec.kind === 'variance_scaling' && role === 'kernel' && fans && (fans.fanIn !== weight.torchFanIn || fans.fanOut !== weight.torchFanOut)) {
      problems.push(`${where}: fans ${fans.fanIn}/${fans.fanOut}, torch's _calculate_fan_in_and_fan_out gives ${weight.torchFanIn}/${weight.torchFanOut}`);
    }
    const sampled = role === 'kernel' ? simulatedVariance.get(index) : undefined;
    if (sampled !== undefined && Math.abs(zScore(weight.variance, sampled, varianceError)) > STANDARD_ERRORS) {
      problems.push(`${where}: the simulation samples Var(W) = ${sampled.toExponential(4)}, torch ${weight.variance.toExponential(4)}`);
    }
  }
  model.layers.forEach((layer, index) => {
    if (layer.role === 'kernel' && !matchedLayers.has(index)) problems.push(`initlint's ${layer.kind} '${layer.name}' (${layer.accessor ?? 'no accessor'}) has no weight in torch's model`);
  });
  fixturesMeasured++;
  assert.deepEqual(problems, [], `${name}:\n  ${problems.join('\n  ')}`);
}

// ---------------------------------------------------------------------------------------------
// Gradient flow (compared as in flow-vs-tfjs.test.ts, by flow-profile.ts)

function checkGradients(name: string, measured: TorchFixture): void {
  assert.equal(measured.error, undefined, `torch could not build ${name}: ${measured.error}`);
  const oracle = measured.gradients!;
  const source = fs.readFileSync(path.join(FIXTURES, name), 'utf8');
  const model = modelBound(extractFile(source, 'python'), measured.modelClass!);
  const flow = simulateModel(model, { batch: BATCH, seed: 0 });
  assert.equal(flow.notSimulated, undefined, `${name}: ${flow.notSimulated}`);
  const { byModule } = matchModules(model, oracle.layers);
  assert.deepEqual(
    flow.layers.map((layer) => layer.layerIndex),
    oracle.layers.map((module) => byModule.get(module)),
    `${name}: initlint's kernel layers in forward order are torch's Linear layers in call order (${oracle.layers.join(', ')})`,
  );
  const analytic = profileErrors({ gradientRms: flow.layers.map((l) => l.analytic.gradientRms), activationRms: flow.layers.map((l) => l.analytic.activationRms) }, oracle);
  const mc = flow.layers.map((l) => l.monteCarlo ?? assert.fail(`${name}: no Monte-Carlo estimate (${flow.monteCarloSkipped})`));
  const monteCarlo = profileErrors({ gradientRms: mc.map((l) => l.gradientRms.mean), activationRms: mc.map((l) => l.activationRms.mean) }, oracle);
  const fmt = (value: number): string => value.toFixed(3);
  const first = (values: readonly number[]): string => relative(values)[0].toExponential(2);
  gradientRows.push([
    name.replace(/\.py$/, ''), String(flow.layers.length),
    first(oracle.gradientRms), first(mc.map((l) => l.gradientRms.mean)), first(flow.layers.map((l) => l.analytic.gradientRms)),
    fmt(median(monteCarlo)), fmt(Math.max(...monteCarlo)), fmt(median(analytic)), fmt(Math.max(...analytic)),
  ]);
  gradientLayersCompared += flow.layers.length;
  const line = (label: string, values: readonly number[]): string => `\n  ${label.padEnd(16)}${values.map((v) => v.toExponential(2)).join(' ')}`;
  const detail =
    line('torch g/g_last', relative(oracle.gradientRms)) +
    line('MC    g/g_last', relative(mc.map((l) => l.gradientRms.mean))) +
    line('AN    g/g_last', relative(flow.layers.map((l) => l.analytic.gradientRms))) +
    line('torch act', oracle.activationRms) +
    line('MC    act', mc.map((l) => l.activationRms.mean)) +
    line('AN    act', flow.layers.map((l) => l.analytic.activationRms));
  assertWithinLimits(name, monteCarlo, analytic, detail);
}

// ---------------------------------------------------------------------------------------------
// Report

function table(lines: string[][]): string {
  const widths = lines[0].map((_, column) => Math.max(...lines.map((line) => line[column].length)));
  return lines.map((line) => line.map((cell, column) => (column < 3 || column === 5 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ').trimEnd()).join('\n');
}

const short = (value: number | undefined): string => (value === undefined ? '–' : value === 0 ? '0' : value.toExponential(3));

function report(run: TorchRun | undefined): void {
  if (!run) {
    console.log(`\ntorch oracle: SKIPPED, 0 fixtures, 0 weights compared (${SKIP || 'the harness did not run'})\n`);
    return;
  }
  const header = ['fixture', 'layer', 'weight', 'fan_in', 'fan_out', 'initializer', 'predicted var', 'measured var', 'ratio', 'z'];
  const body = rows.map((row) => [
    row.fixture, row.module, row.param, row.fanIn, row.fanOut, row.initializer, short(row.predicted), short(row.measured),
    row.predicted === undefined ? '–' : row.predicted === 0 ? (row.measured === 0 ? '1' : '∞') : (row.measured / row.predicted).toFixed(3),
    row.z === undefined ? '–' : Number.isFinite(row.z) ? row.z.toFixed(1) : String(row.z),
  ]);
  const gradientHeader = ['fixture', 'layers', 'torch g0/gL', 'MC g0/gL', 'AN g0/gL', 'MC med', 'MC max', 'AN med', 'AN max'];
  console.log(
    [
      '',
      `PyTorch ${run.torch} as the oracle: weight variance per layer, torch.manual_seed(${SEED}); variance = population (ddof 0); z = (measured − predicted) / SE, limit ±${STANDARD_ERRORS}`,
      table([header, ...body]),
      '',
      `Gradient flow vs torch.autograd (seeds ${GRADIENT_SEEDS.join(', ')}, batch ${BATCH}): errors in decades over log10(g[l]/g[last]) and log10(activationRms[l])`,
      ...(gradientRows.length > 0 ? [table([gradientHeader, ...gradientRows])] : ['(no gradient profile compared)']),
      '',
      `torch oracle: ${fixturesMeasured} fixtures, ${weightsCompared} weights compared; ${gradientRows.length} deep models, ${gradientLayersCompared} layers' gradient profiles compared`,
      '',
    ].join('\n'),
  );
}

describe('PyTorch is the oracle (python3-torch)', () => {
  let run: TorchRun | undefined;
  const measuredFixture = (name: string): TorchFixture => {
    const found = run?.fixtures.find((fixture) => path.basename(fixture.path) === name);
    return found ?? assert.fail(`the harness did not report ${name}`);
  };

  before(() => {
    if (!SKIP) run = runHarness();
  });
  after(() => report(run));

  it('the fixture suite covers the constructs issue 8 names', { skip: SKIP }, () => {
    assert.ok(fixtureNames.length >= 8, `${fixtureNames.length} fixtures`);
    for (const name of fixtureNames) {
      const header = fs.readFileSync(path.join(FIXTURES, name), 'utf8').split('\n')[0];
      assert.ok(header.startsWith('# oracle: the model is the module-level `model'), `${name} says on its first line where its model is: ${header}`);
    }
    for (const name of GRADIENT_FIXTURES) assert.ok(fixtureNames.includes(name), `${name} exists`);
    const types = new Set(run!.fixtures.flatMap((fixture) => (fixture.weights ?? []).map((weight) => weight.moduleType)));
    for (const type of ['Linear', 'Conv1d', 'Conv2d', 'ConvTranspose2d', 'Embedding', 'LSTM', 'GRU']) assert.ok(types.has(type), `a fixture has a ${type}`);
  });

  // The oracle checked against torch's documented defaults before anything is compared with it.
  describe('the harness measures what torch documents', () => {
    const defaultsOf = (name: string): TorchWeight[] => measuredFixture(name).weights ?? assert.fail(`${name}: ${measuredFixture(name).error}`);
    const expectVariance = (weight: TorchWeight, expected: number, what: string): void => {
      const z = zScore(weight.variance, expected, Math.sqrt(Math.max(weight.fourthMoment - weight.variance ** 2, 0) / weight.count));
      assert.ok(Math.abs(z) <= STANDARD_ERRORS, `${what} ${weight.module}.${weight.param}: ${weight.variance} against ${expected} (z = ${z.toFixed(1)})`);
    };

    it('Linear, ConvNd and ConvTransposeNd defaults: Var(W) = 1/(3·fan_in), fan_in = weight.size(1)·receptive field', { skip: SKIP }, () => {
      const weights = ['deep_relu_default.py', 'conv_defaults.py', 'conv1d_defaults.py'].flatMap(defaultsOf);
      assert.ok(weights.some((weight) => weight.moduleType.startsWith('ConvTranspose')));
      for (const weight of weights) {
        // torch stores a Linear/ConvNd weight out × in × window, a ConvTransposeNd one in × out × window.
        const fanIn = weight.shape.slice(1).reduce((a, b) => a * b, 1);
        assert.equal(weight.torchFanIn, fanIn, `${weight.module}: torch's fan_in`);
        expectVariance(weight, 1 / (3 * fanIn), 'kaiming_uniform_(a=√5)');
      }
    });

    it('Embedding: N(0, 1); LSTM and GRU: every weight U(±1/√hidden_size)', { skip: SKIP }, () => {
      for (const weight of defaultsOf('embedding_rnn.py')) {
        if (weight.moduleType === 'Embedding') expectVariance(weight, 1, 'normal_');
        // weight_hh is (gates·hidden) × hidden.
        else if (weight.moduleType === 'LSTM' || weight.moduleType === 'GRU') {
          const hidden = weight.shape[0] / (weight.moduleType === 'LSTM' ? 4 : 3);
          expectVariance(weight, 1 / (3 * hidden), `uniform ±1/√${hidden}`);
        }
      }
    });

    it('kaiming_normal_(relu) keeps the activation second moment over 23 ReLU layers (He et al. 2015)', { skip: SKIP }, () => {
      const { activationRms } = measuredFixture('deep_relu_kaiming.py').gradients!;
      // Unit-variance input, Var(W) = 2/fan_in, zero biases: E[relu(z)²] = ½·2 = 1 after every hidden layer.
      activationRms.slice(0, -1).forEach((value, l) => assert.ok(Math.abs(value ** 2 - 1) < 0.3, `layer ${l}: E[x²] = ${(value ** 2).toFixed(3)}`));
    });
  });

  describe('weight variance: torch against initlint', () => {
    for (const name of fixtureNames) {
      it(name, { skip: SKIP }, () => checkFixture(name, measuredFixture(name)));
    }
  });

  describe('gradient flow: torch.autograd against the simulation', () => {
    for (const name of GRADIENT_FIXTURES) {
      it(name, { skip: SKIP }, () => checkGradients(name, measuredFixture(name)));
    }
  });
});
