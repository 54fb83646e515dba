// The initializer hover's numbers against closed forms: Var(W) from the variance formula,
// gain = fan_in · Var(W) · E[φ(z)²]/Var(z).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, describeInitializer, describeInitializerAt } from '../../src/core';
import { kerasSpec, TRUNCATED_NORMAL_VARIANCE, type InitializerSpec } from '../../src/core/catalog';
import type { ActivationName } from '../../src/core/catalog/activations';
import type { Framework, LayerIR, ModelIR } from '../../src/core/ir';
import { activationFactor, unitGainVariance } from '../../src/core/rules/fans';

const close = (actual: number | undefined, expected: number, tolerance = 1e-12): void => {
  assert.ok(actual !== undefined && Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `expected ${expected}, got ${actual}`);
};

/** A model of one input layer and one Dense layer, built directly (no extractor in the way). */
function denseModel(inputs: number, units: number, spec: InitializerSpec, activation: ActivationName, framework: Framework = 'keras'): ModelIR {
  const input: LayerIR = {
    kind: 'InputLayer', role: 'input', name: 'input', span: { from: 0, to: 1 }, argsSpan: { from: 1, to: 1 },
    activation: { name: 'linear' }, inputShape: [inputs], config: {}, inputs: [],
  };
  const dense: LayerIR = {
    kind: 'Dense', role: 'kernel', name: 'dense', span: { from: 2, to: 20 }, argsSpan: { from: 7, to: 20 }, units,
    activation: { name: activation, span: { from: 8, to: 12 } }, config: { units },
    kernelInitializer: { spec, explicit: true, span: { from: 13, to: 19 }, form: { kind: 'other' } },
    biasInitializer: { spec: kerasSpec('zeros'), explicit: false, form: { kind: 'other' } },
    inputs: [0],
  };
  return { name: 'model', framework, span: { from: 0, to: 20 }, layers: [input, dense] };
}

const spec = (name: string, args = {}): InitializerSpec => kerasSpec(name, args)!;

describe('describeInitializer: gains against closed forms', () => {
  it('Glorot uniform with relu on 256→256: Var 2/512, gain 0.5', () => {
    const d = describeInitializer(denseModel(256, 256, spec('glorot_uniform'), 'relu'), 1)!;
    assert.equal(d.formula, 'Var(W) = 2 / (fan_in + fan_out)');
    assert.deepEqual(d.fans, { fanIn: 256, fanOut: 256 });
    close(d.variance, 2 / 512);
    close(d.gain?.value, 0.5);
    close(d.gain?.factor, 0.5);
    assert.match(d.markdown, /Gain \*\*0\.50\*\* per layer with relu/);
    assert.match(d.markdown, /halves/);
  });

  it('He normal with relu: exactly 1 (Keras corrects the truncation)', () => {
    const d = describeInitializer(denseModel(256, 256, spec('he_normal'), 'relu'), 1)!;
    assert.equal(d.formula, 'Var(W) = 2 / fan_in');
    assert.equal(d.distribution, 'truncated normal, mean 0, cut at ±2 standard deviations');
    close(d.variance, 2 / 256);
    close(d.gain?.value, 1);
    assert.match(d.markdown, /Gain \*\*1\.00\*\* per layer with relu/);
  });

  it('He normal in TF.js: the uncorrected truncation leaves 0.774 of the variance', () => {
    const d = describeInitializer(denseModel(256, 256, spec('he_normal'), 'relu', 'tfjs'), 1)!;
    assert.match(d.formula, /^Var\(W\) = 0\.774 · 2 \/ fan_in/);
    close(d.gain?.value, TRUNCATED_NORMAL_VARIANCE);
  });

  it('LeCun normal with linear: 1; with tanh: 1 (the linear regime Glorot & Bengio derive from)', () => {
    close(describeInitializer(denseModel(300, 100, spec('lecun_normal'), 'linear'), 1)!.gain?.value, 1);
    const tanh = describeInitializer(denseModel(300, 100, spec('lecun_normal'), 'tanh'), 1)!;
    close(tanh.gain?.value, 1);
    assert.equal(tanh.gain?.activation, 'tanh');
  });

  it('RandomNormal(stddev=1) on 784 relu inputs: Var 1, gain 392', () => {
    const d = describeInitializer(denseModel(784, 256, spec('random_normal', { stddev: 1 }), 'relu'), 1)!;
    assert.equal(d.formula, 'Var(W) = stddev² = 1');
    close(d.variance, 1);
    close(d.gain?.value, 392);
    assert.match(d.markdown, /Gain \*\*392\*\*/);
  });

  it('TruncatedNormal and RandomUniform: their real element variances', () => {
    close(describeInitializer(denseModel(10, 10, spec('truncated_normal', { stddev: 1 }), 'linear'), 1)!.variance, TRUNCATED_NORMAL_VARIANCE);
    const uniform = describeInitializer(denseModel(10, 10, spec('random_uniform'), 'linear'), 1)!;
    assert.equal(uniform.distribution, 'uniform on [-0.05, 0.05]');
    close(uniform.variance, 0.1 ** 2 / 12);
    close(uniform.gain?.value, (10 * 0.1 ** 2) / 12);
  });

  it('leaky relu and selu factors: (1 + a²)/2 at any variance, selu 1 at unit variance', () => {
    close(activationFactor({ name: 'relu', framework: 'keras' }, 7.3), 0.5);
    close(activationFactor({ name: 'leaky_relu', framework: 'keras', negativeSlope: 0.3 }, 0.2), (1 + 0.09) / 2);
    close(activationFactor({ name: 'selu', framework: 'keras' }, 1), 1, 1e-6);
    assert.equal(activationFactor({ name: 'softplus', framework: 'keras' }, 1), undefined);
    close(unitGainVariance({ name: 'relu', framework: 'keras' }, 784), 2 / 784, 1e-9);
    close(unitGainVariance({ name: 'selu', framework: 'keras' }, 64), 1 / 64, 1e-6);
  });

  it('a bias has a formula but no gain; a constant kernel is symmetric', () => {
    const model = denseModel(16, 16, spec('constant', { value: 0.5 }), 'relu');
    const bias = describeInitializer(model, 1, 'bias')!;
    assert.equal(bias.name, 'zeros');
    assert.equal(bias.gain, undefined);
    assert.match(bias.noGain ?? '', /bias/);
    const kernel = describeInitializer(model, 1)!;
    assert.equal(kernel.distribution, 'constant: every weight 0.5');
    assert.equal(kernel.gain, undefined);
    assert.match(kernel.noGain ?? '', /identical/);
  });

  it('unknown fan-in: no fans and no gain, but an absolute variance is still known', () => {
    const model = denseModel(16, 16, spec('random_normal', { stddev: 0.2 }), 'relu');
    const noShape: ModelIR = { ...model, layers: [{ ...model.layers[0], inputShape: undefined }, model.layers[1]] };
    const d = describeInitializer(noShape, 1)!;
    assert.equal(d.fans, undefined);
    close(d.variance, 0.04);
    assert.equal(d.gain, undefined);
    assert.match(d.noGain ?? '', /fan-in unknown/);
  });
});

describe('describeInitializerAt: where the hover applies', () => {
  const source = [
    'import keras',
    'from keras import layers',
    "model = keras.Sequential([keras.Input(shape=(784,)), layers.Dense(512, activation='relu'), layers.Dense(10, name='*bold*_[x](y)', kernel_initializer='he_uniform')])",
    '',
  ].join('\n');
  const file = analyze(source, 'python').file;

  it("over a layer's class name when the default applies: Glorot uniform, 784→512, gain 0.605", () => {
    const d = describeInitializerAt(file, source.indexOf('Dense(512') + 2)!;
    assert.equal(d.name, 'glorot_uniform');
    assert.equal(d.explicit, false);
    assert.deepEqual(d.fans, { fanIn: 784, fanOut: 512 });
    close(d.gain?.value, (784 * (2 / (784 + 512))) / 2);
    assert.equal(source.slice(d.span.from, d.span.to), 'layers.Dense');
    assert.match(d.markdown, /the default/);
  });

  it('over an explicit initializer: its own span; nothing over other arguments', () => {
    const at = source.indexOf("'he_uniform'");
    const d = describeInitializerAt(file, at + 3)!;
    assert.equal(source.slice(d.span.from, d.span.to), "'he_uniform'");
    assert.equal(describeInitializerAt(file, source.indexOf("activation='relu'") + 2), undefined);
    assert.equal(describeInitializerAt(file, source.indexOf('keras.Input') + 1), undefined);
  });

  it('a hostile layer name stays text in the Markdown', () => {
    const d = describeInitializerAt(file, source.indexOf("'he_uniform'") + 1)!;
    assert.deepEqual(d.fans, { fanIn: 512, fanOut: 10 });
    assert.ok(d.markdown.includes("'\\*bold\\*\\_\\[x\\]\\(y\\)'"), d.markdown);
  });

  it('a layer whose input shape cannot be followed has unknown fans, not guessed ones', () => {
    // Conv1D needs a 2-d input per example; the lowering stops there.
    const text = "import keras\nfrom keras import layers\nm = keras.Sequential([keras.Input(shape=(8,)), layers.Conv1D(4, 3, kernel_initializer='he_uniform')])\n";
    const d = describeInitializerAt(analyze(text, 'python').file, text.indexOf("'he_uniform'") + 1)!;
    assert.equal(d.name, 'he_uniform');
    assert.equal(d.fans, undefined);
    assert.equal(d.variance, undefined);
    assert.match(d.noGain ?? '', /fan-in unknown/);
  });
});
