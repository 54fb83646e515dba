// TF.js extraction: what each construct turns into in the ModelIR (kinds, sizes, activations,
// initializer specs and forms, inputs, config in Keras's spelling), and half-typed code.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, extractFile, type Language, type LayerIR, type ModelIR } from '../../src/core';
import { lowerModel } from '../../src/core/simulate/network';

const TF = "import * as tf from '@tensorflow/tfjs';\n";

function modelsOf(code: string, language: Language = 'typescript'): ModelIR[] {
  return extractFile(code, language).models;
}

function layersOf(code: string, language: Language = 'typescript'): LayerIR[] {
  const models = modelsOf(code, language);
  assert.equal(models.length, 1, 'one model');
  assert.equal(models[0].framework, 'tfjs');
  return models[0].layers;
}

const sequential = (...layers: string[]) => layersOf(`${TF}const m = tf.sequential({layers: [${layers.join(', ')}]});\n`);

/** A compact line per layer: kind, units, activation, kernel initializer (default marked), inputs. */
function summary(layers: LayerIR[]): string[] {
  return layers.map((layer) => {
    const init = layer.kernelInitializer;
    const kernel = init ? ` ${init.spec?.name ?? 'unknown'}${init.explicit ? '' : '(default)'}` : '';
    return `${layer.name}:${layer.kind}${layer.units !== undefined ? ` ${layer.units}` : ''} ${layer.activation.name}${kernel} <-[${layer.inputs.join(',')}]`;
  });
}

describe('TF.js imports', () => {
  const dense = "dense({units: 4, activation: 'relu'})";
  for (const [name, code] of [
    ['namespace import', `${TF}const m = tf.sequential({layers: [tf.layers.${dense}]});\n`],
    ['tfjs-node namespace', `import * as tfn from '@tensorflow/tfjs-node';\nconst m = tfn.sequential({layers: [tfn.layers.${dense}]});\n`],
    ['named imports with an alias', `import {layers as L, sequential} from '@tensorflow/tfjs-layers';\nconst m = sequential({layers: [L.${dense}]});\n`],
    ['require', `const tf = require('@tensorflow/tfjs');\nconst m = tf.sequential({layers: [tf.layers.${dense}]});\n`],
    ['destructured require', `const {layers, sequential: seq} = require('@tensorflow/tfjs');\nconst m = seq({layers: [layers.${dense}]});\n`],
  ] as const) {
    it(name, () => {
      const language: Language = code.includes('require(') ? 'javascript' : 'typescript';
      assert.deepEqual(summary(layersOf(code, language)), ['dense:Dense 4 relu glorotNormal(default) <-[]']);
    });
  }

  it('names bound to other modules, or to nothing, are not guessed', () => {
    assert.deepEqual(modelsOf(`import * as tf from 'tensorflow-lookalike';\nconst m = tf.sequential({layers: [tf.layers.${dense}]});\n`), []);
    assert.deepEqual(modelsOf(`const m = tf.sequential({layers: [tf.layers.${dense}]});\n`), []);
  });

  it('records the bindings in the file IR', () => {
    const file = extractFile("import {layers, initializers as I} from '@tensorflow/tfjs';\nconst tf = require('@tensorflow/tfjs-node');\n", 'typescript');
    assert.deepEqual(file.imports, [
      { local: 'layers', path: 'tfjs.layers' },
      { local: 'I', path: 'tfjs.initializers' },
      { local: 'tf', path: 'tfjs' },
    ]);
  });
});

describe('TF.js layers', () => {
  it('dense: units, activation, TF.js defaults, input shape, options span', () => {
    const code = `${TF}const m = tf.sequential({layers: [tf.layers.dense({units: 32, inputShape: [784], activation: 'relu', useBias: false, name: 'hidden'})]});\n`;
    const [dense] = layersOf(code);
    assert.equal(dense.name, 'hidden');
    assert.equal(dense.units, 32);
    assert.deepEqual(dense.inputShape, [784]);
    assert.deepEqual(dense.config, { units: 32, input_shape: [784], activation: 'relu', use_bias: false, name: 'hidden' });
    assert.deepEqual(dense.kernelInitializer?.spec, { kind: 'variance_scaling', name: 'glorotNormal', distribution: 'truncated_normal', scale: 1, mode: 'fan_avg' });
    assert.deepEqual(dense.biasInitializer?.spec, { kind: 'constant', name: 'zeros', value: 0 });
    assert.equal(code.slice(dense.optionsSpan!.from, dense.optionsSpan!.to), "{units: 32, inputShape: [784], activation: 'relu', useBias: false, name: 'hidden'}");
    assert.equal(code.slice(dense.span.from, dense.span.to).startsWith('tf.layers.dense('), true);
  });

  it('convolution and pooling geometry in Keras spelling', () => {
    const [conv, pool, separable, depthwise] = sequential(
      "tf.layers.conv2d({filters: 16, kernelSize: [5, 3], strides: 2, padding: 'same', dataFormat: 'channelsLast', dilationRate: 1})",
      'tf.layers.maxPooling2d({poolSize: [2, 2], strides: 1})',
      'tf.layers.separableConv2d({filters: 8, kernelSize: 3, depthMultiplier: 1})',
      'tf.layers.depthwiseConv2d({kernelSize: 3})',
    );
    assert.deepEqual([conv.kind, conv.units, conv.kernelSize], ['Conv2D', 16, [5, 3]]);
    assert.deepEqual(conv.config, { filters: 16, kernel_size: [5, 3], strides: 2, padding: 'same', data_format: 'channels_last', dilation_rate: 1 });
    assert.deepEqual(pool.config, { pool_size: [2, 2], strides: 1 });
    assert.equal(pool.role, 'passthrough');
    // Separable convolutions default to glorotUniform in TF.js; depthwise ones to glorotNormal.
    assert.equal(separable.kernelInitializer?.spec?.name, 'glorotUniform');
    assert.equal(separable.config.depth_multiplier, 1);
    assert.equal(depthwise.kernelInitializer?.spec?.name, 'glorotNormal');
    assert.equal(depthwise.units, undefined);
  });

  it("tfjs-layers 4.22 builds a separable convolution's pointwise kernel from depthwiseInitializer", () => {
    const [layer] = sequential("tf.layers.separableConv2d({filters: 8, kernelSize: 3, depthwiseInitializer: 'heNormal', pointwiseInitializer: 'zeros'})");
    assert.equal(layer.kernelInitializer?.spec?.name, 'heNormal');
    assert.equal(layer.extraInitializers?.pointwise.spec?.name, 'heNormal');
    assert.equal(layer.extraInitializers?.pointwise.span, undefined, 'reported once, at the depthwise argument');
  });

  it('recurrent layers: tanh by default, orthogonal recurrent kernels', () => {
    const [embedding, lstm, gru] = sequential(
      'tf.layers.embedding({inputDim: 1000, outputDim: 16, inputLength: 20})',
      'tf.layers.lstm({units: 8, returnSequences: true, recurrentInitializer: tf.initializers.identity({gain: 0.5})})',
      "tf.layers.gru({units: 4, activation: 'relu'})",
    );
    assert.deepEqual([embedding.kind, embedding.units, embedding.inputShape], ['Embedding', 16, [20]]);
    assert.deepEqual(embedding.config, { input_dim: 1000, output_dim: 16, input_length: 20 });
    assert.deepEqual(embedding.kernelInitializer?.spec, { kind: 'absolute', name: 'randomUniform', distribution: 'uniform', mean: 0, stddev: 0.1 / Math.sqrt(12) });
    assert.deepEqual([lstm.activation.name, lstm.config.return_sequences], ['tanh', true]);
    assert.deepEqual(lstm.extraInitializers?.recurrent.spec, { kind: 'identity', name: 'identity', gain: 0.5 });
    assert.deepEqual(gru.extraInitializers?.recurrent.spec, { kind: 'orthogonal', name: 'orthogonal', gain: 1 });
    assert.equal(gru.activation.name, 'relu');
  });

  it('activation, normalization and regularization layers', () => {
    const layers = sequential(
      "tf.layers.activation({activation: 'hardSigmoid'})",
      'tf.layers.leakyReLU({alpha: 0.2})',
      'tf.layers.elu({alpha: 0.5})',
      'tf.layers.reLU({maxValue: 6})',
      'tf.layers.prelu()',
      'tf.layers.softmax()',
      'tf.layers.batchNormalization({epsilon: 0.001, momentum: 0.9})',
      'tf.layers.layerNormalization()',
      'tf.layers.dropout({rate: 0.3})',
      'tf.layers.flatten()',
      'tf.layers.globalAveragePooling1d()',
    );
    assert.deepEqual(layers.map((layer) => `${layer.kind}:${layer.role}:${layer.activation.name}`), [
      'Activation:activation:hard_sigmoid', 'LeakyReLU:activation:leaky_relu', 'ELU:activation:elu', 'ReLU:activation:relu',
      'PReLU:activation:leaky_relu', 'Softmax:activation:softmax', 'BatchNormalization:normalization:linear',
      'LayerNormalization:normalization:linear', 'Dropout:passthrough:linear', 'Flatten:passthrough:linear', 'GlobalAveragePooling1D:passthrough:linear',
    ]);
    // TF.js's LeakyReLU `alpha` is Keras's `negative_slope`; ELU keeps `alpha`.
    assert.deepEqual(layers[1].config, { negative_slope: 0.2 });
    assert.deepEqual(layers[2].config, { alpha: 0.5 });
    assert.deepEqual(layers[3].config, { max_value: 6 });
    assert.deepEqual(layers[8].config, { rate: 0.3 });
    assert.equal(layers[9].optionsSpan, undefined, 'flatten() has no options object');
  });

  it('input shapes: batchInputShape, inputDim, open sizes unknown', () => {
    const [a] = sequential('tf.layers.dense({units: 2, batchInputShape: [null, 10]})');
    const [b] = sequential('tf.layers.dense({units: 2, inputDim: 7})');
    const [c] = sequential('tf.layers.dense({units: 2, inputShape: [null, 3]})');
    const [input] = sequential('tf.layers.inputLayer({inputShape: [5]})');
    assert.deepEqual([a.inputShape, b.inputShape, c.inputShape, input.inputShape], [[10], [7], undefined, [5]]);
    assert.equal(input.role, 'input');
  });

  it('sizes, activations and initializers through const bindings; others unknown', () => {
    const layers = layersOf(`${TF}const UNITS = 12;\nconst ACT = 'selu';\nconst INIT = 'leCunNormal';\nlet units = 3;\nexport const m = tf.sequential({layers: [tf.layers.dense({units: UNITS, activation: ACT, kernelInitializer: INIT}), tf.layers.dense({units, activation: choose()})]});\n`);
    assert.deepEqual(summary(layers), ['dense:Dense 12 selu leCunNormal <-[]', 'dense_1:Dense unknown glorotNormal(default) <-[0]']);
    assert.deepEqual(layers[1].dynamicArguments, ['units', 'activation']);
    assert.equal(layers[0].kernelInitializer?.form.kind, 'other', 'a swap rewrites the reference, not the shared constant');
  });
});

describe('TF.js initializers', () => {
  const kernelOf = (initializer: string) => sequential(`tf.layers.dense({units: 4, kernelInitializer: ${initializer}})`)[0].kernelInitializer!;

  it('strings: camelCase identifiers and class names; unknown names unknown', () => {
    assert.deepEqual(kernelOf("'heNormal'").spec, { kind: 'variance_scaling', name: 'heNormal', distribution: 'truncated_normal', scale: 2, mode: 'fan_in' });
    assert.deepEqual(kernelOf('"leCunUniform"').form, { kind: 'string', quote: '"' });
    assert.equal(kernelOf("'GlorotUniform'").spec?.name, 'glorotUniform');
    assert.equal(kernelOf("'he_normal'").spec, undefined, 'a Keras name TF.js does not know');
    assert.equal(kernelOf("'he_normal'").explicit, true);
  });

  it('factory calls: arguments read with TF.js defaults', () => {
    assert.deepEqual(kernelOf('tf.initializers.randomNormal({mean: 1, stddev: 0.2})').spec, { kind: 'absolute', name: 'randomNormal', distribution: 'normal', mean: 1, stddev: 0.2 });
    // TF.js reads `args.stddev || 0.05`: a zero stddev means the default.
    assert.equal((kernelOf('tf.initializers.truncatedNormal({stddev: 0})').spec as { stddev: number }).stddev, 0.05);
    assert.deepEqual(kernelOf('tf.initializers.constant({value: -2})').spec, { kind: 'constant', name: 'constant', value: -2 });
    assert.deepEqual(kernelOf('tf.initializers.orthogonal({gain: 2, seed: 1})').spec, { kind: 'orthogonal', name: 'orthogonal', gain: 2 });
    assert.deepEqual(kernelOf("tf.initializers.varianceScaling({scale: 2, mode: 'fanOut', distribution: 'normal'})").spec, {
      kind: 'variance_scaling', name: 'varianceScaling', scale: 2, mode: 'fan_out', distribution: 'truncated_normal',
    });
    // tfjs-layers samples a uniform for any distribution but 'normal', 'truncatedNormal' included.
    assert.equal((kernelOf("tf.initializers.varianceScaling({distribution: 'truncatedNormal'})").spec as { distribution: string }).distribution, 'uniform');
  });

  it('a non-literal argument makes the spec unknown', () => {
    assert.equal(kernelOf('tf.initializers.randomNormal({stddev: sigma})').spec, undefined);
    assert.equal(kernelOf('tf.initializers.varianceScaling({mode: m})').spec, undefined);
    assert.equal(kernelOf('tf.initializers.heNormal(options)').spec, undefined);
    assert.equal(kernelOf('makeInitializer()').spec, undefined);
  });

  it('the tfjs-call form: qualifier, name span and arguments text', () => {
    const code = `${TF}const m = tf.sequential({layers: [tf.layers.dense({units: 4, kernelInitializer: tf.initializers.glorotUniform({ seed: 3 })})]});\n`;
    const ref = layersOf(code)[0].kernelInitializer!;
    assert.equal(ref.form.kind, 'tfjs-call');
    if (ref.form.kind !== 'tfjs-call') return;
    assert.equal(ref.form.qualifier, 'tf.initializers.');
    assert.equal(code.slice(ref.form.nameSpan.from, ref.form.nameSpan.to), 'glorotUniform');
    assert.equal(ref.form.argsText, '{ seed: 3 }');
    assert.equal(code.slice(ref.span!.from, ref.span!.to), 'tf.initializers.glorotUniform({ seed: 3 })');
  });
});

describe('TF.js models', () => {
  it('model.add builds a chain; a model named by its variable', () => {
    const models = modelsOf(`${TF}export function build() {\n  const net = tf.sequential();\n  net.add(tf.layers.dense({units: 8, inputShape: [4], activation: 'relu'}));\n  net.add(tf.layers.dropout({rate: 0.1}));\n  net.add(tf.layers.dense({units: 2}));\n  return net;\n}\n`);
    assert.equal(models[0].name, 'net');
    assert.deepEqual(summary(models[0].layers), ['dense:Dense 8 relu glorotNormal(default) <-[]', 'dropout:Dropout linear <-[0]', 'dense_1:Dense 2 linear glorotNormal(default) <-[1]']);
  });

  it('a layer held in a variable and added later', () => {
    const layers = layersOf(`${TF}const hidden = tf.layers.dense({units: 5, activation: 'tanh'});\nconst m = tf.sequential();\nm.add(hidden);\n`);
    assert.deepEqual(summary(layers), ['dense:Dense 5 tanh glorotNormal(default) <-[]']);
  });

  it('functional: apply chains, add() of a residual, tf.model with a name, dead layers left out', () => {
    const models = modelsOf(`${TF}const x = tf.input({shape: [8], name: 'features'});\nconst a = tf.layers.dense({units: 8, activation: 'relu'}).apply(x) as tf.SymbolicTensor;\nconst b = (tf.layers.dense({units: 8}).apply(a))!;\nconst unused = tf.layers.dense({units: 3}).apply(x);\nconst s = tf.layers.add().apply([b, a]) as tf.SymbolicTensor;\nexport const m = tf.model({inputs: x, outputs: s, name: 'res'});\n`);
    assert.equal(models.length, 1);
    assert.equal(models[0].name, 'res');
    assert.deepEqual(summary(models[0].layers), [
      'features:InputLayer linear <-[]', 'dense:Dense 8 relu glorotNormal(default) <-[0]', 'dense_1:Dense 8 linear glorotNormal(default) <-[1]', 'add:Add linear <-[2,1]',
    ]);
    assert.deepEqual(models[0].layers[0].inputShape, [8]);
  });

  it('something applied that is not a known layer stays an unknown layer in the graph', () => {
    const layers = layersOf(`${TF}const x = tf.input({shape: [4]});\nconst h = tf.layers.dense({units: 4, kernelInitializer: 'zeros'}).apply(x);\nconst y = myLayer.apply(h);\nexport const m = tf.model({inputs: x, outputs: y});\n`);
    assert.deepEqual(layers.map((layer) => `${layer.kind}:${layer.role}`), ['InputLayer:input', 'Dense:kernel', 'Unknown:other']);
    // So the zero Dense is not taken for the output layer.
    assert.deepEqual(analyze(`${TF}const x = tf.input({shape: [4]});\nconst h = tf.layers.dense({units: 4, kernelInitializer: 'zeros'}).apply(x);\nconst y = myLayer.apply(h);\nexport const m = tf.model({inputs: x, outputs: y});\n`, 'typescript').findings.map((f) => f.ruleId), ['zero-init']);
  });

  it('a TF.js model lowers for the simulation (framework tfjs, Keras config keys)', () => {
    const [model] = modelsOf(`${TF}const m = tf.sequential({layers: [tf.layers.conv2d({inputShape: [8, 8, 1], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu'}), tf.layers.maxPooling2d({poolSize: 2}), tf.layers.flatten(), tf.layers.dense({units: 3})]});\n`);
    const lowered = lowerModel(model);
    assert.ok('network' in lowered, 'reason' in lowered ? lowered.reason : '');
    assert.equal(lowered.network.framework, 'tfjs');
    assert.deepEqual(lowered.network.reported.map((row) => row.fans), [{ fanIn: 9, fanOut: 36 }, { fanIn: 64, fanOut: 3 }]);
  });
});

describe('half-typed TF.js code', () => {
  const intact = `${TF}export const m = tf.sequential({layers: [tf.layers.dense({units: 8, activation: 'relu', kernelInitializer: 'zeros'}), tf.layers.dense({units: 1})]});\n`;

  it('a syntax error elsewhere keeps the findings of intact code', () => {
    const broken = `${intact}export function later() {\n  const x = tf.layers.dense({units: \n`;
    const analysis = analyze(broken, 'typescript');
    assert.equal(analysis.file.hasSyntaxErrors, true);
    assert.deepEqual(analysis.findings.map((f) => `${f.ruleId}@${broken.slice(f.span.from, f.span.to)}`), ["zero-init@'zeros'"]);
  });

  it('every prefix of a model is analyzed without throwing, ranges inside the text', () => {
    for (let length = 0; length <= intact.length; length++) {
      const prefix = intact.slice(0, length);
      for (const finding of analyze(prefix, 'typescript').findings) {
        assert.ok(finding.span.to <= length);
        for (const edit of finding.fix?.edits ?? []) assert.ok(edit.from >= 0 && edit.to <= length);
      }
    }
  });

  it('an unterminated options object gets no property insert', () => {
    const code = `${TF}const m = tf.sequential({layers: [tf.layers.dense({units: 8, activation: 'relu'`;
    for (const finding of analyze(code, 'typescript').findings) assert.deepEqual(finding.fix, undefined);
  });
});
