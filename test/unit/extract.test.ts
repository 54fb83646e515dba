// Extraction fixtures: `# name`, source, `==>`, one line per model summarizing its layers.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { extractFile, type LayerIR, type ModelIR } from '../../src/core';
import { kerasSpec } from '../../src/core/catalog/initializers';
import { kerasLayer, kerasLayerFunction, kerasLayerRows } from '../../src/core/catalog/layers';

function summarizeLayer(layer: LayerIR, index: number): string {
  const parts = [layer.kind];
  if (layer.units !== undefined) parts.push(String(layer.units));
  if (layer.role === 'kernel') {
    parts.push(layer.activation.name);
    const init = layer.kernelInitializer;
    parts.push(`${init?.spec?.name ?? 'unknown'}${init?.explicit ? '' : '(default)'}`);
  }
  if (layer.kernelSize) parts.push(`k=[${layer.kernelSize.join(',')}]`);
  if (layer.inputShape) parts.push(`in=[${layer.inputShape.join(',')}]`);
  const chained = index === 0 ? layer.inputs.length === 0 : layer.inputs.length === 1 && layer.inputs[0] === index - 1;
  if (!chained) parts.push(`<-[${layer.inputs.join(',')}]`);
  return parts.join(' ');
}

export function summarize(model: ModelIR): string {
  return `${model.name}: ${model.layers.map(summarizeLayer).join(' > ')}`;
}

const folder = path.join(__dirname, '..', '..', '..', 'test', 'unit', 'fixtures', 'extract');

for (const file of fs.readdirSync(folder).filter((name) => name.endsWith('.txt'))) {
  const cases = fs.readFileSync(path.join(folder, file), 'utf8').split(/^# /m).filter((chunk) => chunk.trim() !== '');
  describe(`extract fixtures: ${file}`, () => {
    for (const chunk of cases) {
      const [name, ...rest] = chunk.split('\n');
      const [source, expected] = rest.join('\n').split(/^==>\n/m);
      it(name, () => {
        const models = extractFile(source, 'python').models.map(summarize);
        assert.deepEqual(models, expected.trim() === '' ? [] : expected.trim().split('\n'));
      });
    }
  });
}

/** The layers of the first model extracted from `code` (Keras 3 imports prepended). */
function layersOf(code: string): LayerIR[] {
  const models = extractFile(`import keras\nfrom keras import layers\n${code}`, 'python').models;
  assert.equal(models.length, 1);
  return models[0].layers;
}

const sequential = (...calls: string[]) => layersOf(`m = keras.Sequential([${calls.join(', ')}])\n`);

describe('layer config: literal arguments by their Keras parameter names', () => {
  it('convolution and pooling geometry, positional and keyword', () => {
    const [conv, pool, pool2, transposed] = sequential(
      "layers.Conv2D(32, (3, 3), (2, 2), 'same', dilation_rate=1)",
      'layers.MaxPooling2D((3, 3))',
      'layers.AveragePooling1D(pool_size=2, strides=1)',
      "layers.Conv3DTranspose(4, 3, 2, 'valid', 'channels_last')",
    );
    assert.deepEqual(conv.config, { filters: 32, kernel_size: [3, 3], strides: [2, 2], padding: 'same', dilation_rate: 1 });
    assert.deepEqual(pool.config, { pool_size: [3, 3] });
    assert.deepEqual(pool2.config, { pool_size: 2, strides: 1 });
    // Keras 3 declares Conv3DTranspose's data_format before output_padding.
    assert.equal(transposed.config.data_format, 'channels_last');
    assert.equal(transposed.config.output_padding, undefined);
  });

  it('dropout, noise and normalization parameters', () => {
    const [dropout, noise, batch, layer] = sequential(
      'layers.Dropout(0.25, None, 7)',
      'layers.GaussianNoise(0.1)',
      'layers.BatchNormalization(-1, 0.9, 1e-5, False)',
      'layers.LayerNormalization(1, 1e-6)',
    );
    assert.deepEqual(dropout.config, { rate: 0.25, noise_shape: null, seed: 7 });
    assert.deepEqual(noise.config, { stddev: 0.1 });
    assert.deepEqual(batch.config, { axis: -1, momentum: 0.9, epsilon: 1e-5, center: false });
    assert.deepEqual(layer.config, { axis: 1, epsilon: 1e-6 });
  });

  it("LeakyReLU's slope under both spellings; ReLU, ELU and Softmax parameters", () => {
    const [positional, keyword, keras2, relu, elu, softmax] = sequential(
      'layers.LeakyReLU(0.1)',
      'layers.LeakyReLU(negative_slope=0.05)',
      'layers.LeakyReLU(alpha=0.2)',
      'layers.ReLU(6.0, 0.1, threshold=0.5)',
      'layers.ELU(alpha=0.5)',
      'layers.Softmax(1)',
    );
    assert.deepEqual(positional.config, { negative_slope: 0.1 });
    assert.deepEqual(keyword.config, { negative_slope: 0.05 });
    assert.deepEqual(keras2.config, { negative_slope: 0.2 });
    assert.deepEqual(relu.config, { max_value: 6, negative_slope: 0.1, threshold: 0.5 });
    assert.deepEqual(elu.config, { alpha: 0.5 });
    assert.deepEqual(softmax.config, { axis: 1 });
  });

  it('a non-literal argument is left out, never guessed', () => {
    const [dense] = layersOf('import sys\nn = int(sys.argv[1])\nm = keras.Sequential([layers.Dense(n, use_bias=False, name="head")])\n');
    assert.deepEqual(dense.config, { use_bias: false, name: 'head' });
    assert.equal(dense.units, undefined);
  });

  it('Embedding: sizes, its uniform default, no bias, and input_length as the input shape', () => {
    const [embedding] = sequential('layers.Embedding(1000, 64)');
    assert.deepEqual(embedding.config, { input_dim: 1000, output_dim: 64 });
    assert.equal(embedding.units, 64);
    assert.equal(embedding.inputShape, undefined);
    assert.equal(embedding.biasInitializer, undefined);
    assert.equal(embedding.kernelInitializer?.explicit, false);
    assert.deepEqual(embedding.kernelInitializer?.spec, { kind: 'absolute', name: 'random_uniform', distribution: 'uniform', mean: 0, stddev: 0.1 / Math.sqrt(12) });

    const [sized] = sequential("layers.Embedding(input_dim=10, output_dim=4, input_length=12, embeddings_initializer='zeros')");
    assert.deepEqual(sized.inputShape, [12]);
    assert.equal(sized.kernelInitializer?.spec?.name, 'zeros');
    assert.equal(sized.kernelInitializer?.explicit, true);
  });

  it('recurrent layers: tanh by default, an orthogonal recurrent kernel in extraInitializers', () => {
    const [lstm, gru, rnn] = sequential(
      'layers.LSTM(32, return_sequences=True)',
      "layers.GRU(8, 'relu', 'hard_sigmoid', recurrent_initializer='zeros')",
      'layers.SimpleRNN(4, recurrent_initializer=keras.initializers.Orthogonal(gain=0.5))',
    );
    assert.equal(lstm.activation.name, 'tanh');
    assert.equal(lstm.activation.span, undefined);
    assert.equal(lstm.units, 32);
    assert.deepEqual(lstm.config, { units: 32, return_sequences: true });
    assert.equal(lstm.kernelInitializer?.spec?.name, 'glorot_uniform');
    assert.equal(lstm.biasInitializer?.spec?.name, 'zeros');
    assert.deepEqual(lstm.extraInitializers?.recurrent?.spec, { kind: 'orthogonal', name: 'orthogonal', gain: 1 });
    assert.equal(lstm.extraInitializers?.recurrent?.explicit, false);

    assert.equal(gru.activation.name, 'relu');
    assert.equal(gru.config.recurrent_activation, 'hard_sigmoid');
    assert.equal(gru.extraInitializers?.recurrent?.spec?.name, 'zeros');
    assert.equal(gru.extraInitializers?.recurrent?.explicit, true);
    assert.deepEqual(rnn.extraInitializers?.recurrent?.spec, { kind: 'orthogonal', name: 'orthogonal', gain: 0.5 });
  });

  it('separable and depthwise convolutions: depthwise kernel, pointwise in extraInitializers', () => {
    const [separable, depthwise] = sequential(
      "layers.SeparableConv2D(16, 3, pointwise_initializer='he_normal', depthwise_initializer=keras.initializers.Zeros(), depth_multiplier=2)",
      "layers.DepthwiseConv2D(3, 2, 'same', 2)",
    );
    assert.equal(separable.units, 16);
    assert.equal(separable.kernelInitializer?.spec?.name, 'zeros');
    assert.equal(separable.extraInitializers?.pointwise?.spec?.name, 'he_normal');
    assert.equal(separable.config.depth_multiplier, 2);
    assert.equal(depthwise.units, undefined);
    assert.deepEqual(depthwise.config, { kernel_size: 3, strides: 2, padding: 'same', depth_multiplier: 2 });
    assert.equal(depthwise.kernelInitializer?.spec?.name, 'glorot_uniform');
    assert.equal(depthwise.extraInitializers, undefined);
  });

  it('merge layers and functions: role, axis, name, and both inputs', () => {
    const layers = layersOf(
      'i = keras.Input(shape=(4,))\na = layers.Dense(4)(i)\nb = layers.Dense(4)(i)\n' +
        "c = layers.concatenate([a, b], 1, name='joined')\nd = layers.Concatenate(axis=-1)([a, c])\ns = layers.add([a, d])\n" +
        'model = keras.Model(i, s)\n',
    );
    const [, , , joined, concat, sum] = layers;
    assert.deepEqual([joined.kind, joined.role, joined.name, joined.inputs], ['Concatenate', 'merge', 'joined', [1, 2]]);
    assert.deepEqual(joined.config, { axis: 1, name: 'joined' });
    assert.deepEqual([concat.name, concat.config, concat.inputs], ['concatenate_1', { axis: -1 }, [1, 3]]);
    assert.deepEqual([sum.kind, sum.role, sum.name, sum.config, sum.inputs], ['Add', 'merge', 'add', {}, [1, 4]]);
    assert.equal(sum.kernelInitializer, undefined);
  });
});

describe('Keras layer catalog', () => {
  it('every row names only its own parameters', () => {
    const kinds = new Set<string>();
    for (const row of kerasLayerRows()) {
      assert.ok(!kinds.has(row.kind), `duplicate row ${row.kind}`);
      kinds.add(row.kind);
      const own = (param: string) => assert.ok(row.params.includes(param), `${row.kind}: ${param} is not a parameter`);
      Object.keys(row.defaults ?? {}).forEach(own);
      Object.values(row.renamed ?? {}).forEach(own);
      if (row.unitsParam) own(row.unitsParam);
      if (row.weights) {
        assert.equal(row.role, 'kernel', `${row.kind}: weights on a ${row.role} layer`);
        for (const init of [row.weights.kernel, row.weights.bias, ...Object.values(row.weights.extra ?? {})]) {
          if (!init) continue;
          own(init.param);
          assert.ok(kerasSpec(init.default), `${row.kind}: unknown default ${init.default}`);
        }
      } else {
        assert.notEqual(row.role, 'kernel', `${row.kind}: a kernel layer without weights`);
      }
      if (row.functional) assert.equal(kerasLayerFunction(row.functional), row);
    }
  });

  it('aliases resolve to rows', () => {
    for (const alias of ['SeparableConvolution2D', 'Convolution2DTranspose', 'Convolution3DTranspose', 'Deconvolution2D', 'GlobalAvgPool3D']) {
      assert.ok(kerasLayer(alias), alias);
    }
  });
});
