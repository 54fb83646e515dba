// Kernel samplers against the closed forms: sample variance vs scale/fan (Keras corrects its
// truncated normal, TF.js does not), orthogonality, and seeded determinism.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeFans, elementMoments, kerasSpec, type InitializerSpec } from '../../src/core/catalog';
import { sampleKernel, seededRng } from '../../src/core/simulate';

function moments(values: Float64Array): { mean: number; variance: number } {
  let sum = 0;
  for (const value of values) sum += value;
  const mean = sum / values.length;
  let squares = 0;
  for (const value of values) squares += (value - mean) ** 2;
  return { mean, variance: squares / values.length };
}

const fans = { fanIn: 200, fanOut: 300 }; // 60,000 elements: the sample variance is within ±2% at 3σ

describe('computeFans', () => {
  it('Dense and convolution kernels', () => {
    assert.deepEqual(computeFans([784, 256]), { fanIn: 784, fanOut: 256 });
    assert.deepEqual(computeFans([3, 3, 16, 32]), { fanIn: 144, fanOut: 288 });
    assert.deepEqual(computeFans([5, 8, 4]), { fanIn: 40, fanOut: 20 });
  });
});

describe('sampled kernels match the closed forms', () => {
  const closedForm: [string, InitializerSpec, 'keras' | 'tfjs', number][] = [
    ['Keras he_normal: exactly 2/fan_in', kerasSpec('he_normal')!, 'keras', 2 / 200],
    ['TF.js heNormal: 0.774 · 2/fan_in', kerasSpec('he_normal')!, 'tfjs', 0.7737413 * (2 / 200)],
    ['he_uniform: 2/fan_in', kerasSpec('he_uniform')!, 'keras', 2 / 200],
    ['glorot_uniform: 2/(fan_in + fan_out)', kerasSpec('glorot_uniform')!, 'keras', 2 / 500],
    ['glorot_normal: 2/(fan_in + fan_out)', kerasSpec('glorot_normal')!, 'keras', 2 / 500],
    ['lecun_normal: 1/fan_in', kerasSpec('lecun_normal')!, 'keras', 1 / 200],
    ['RandomNormal(stddev=0.05)', kerasSpec('random_normal')!, 'keras', 0.05 ** 2],
    ['TruncatedNormal(stddev=0.05) is not corrected', kerasSpec('truncated_normal')!, 'keras', 0.7737413 * 0.05 ** 2],
    ['RandomUniform(±0.05): limit²/3', kerasSpec('random_uniform')!, 'keras', 0.05 ** 2 / 3],
    ['VarianceScaling(3, fan_out, untruncated_normal)', kerasSpec('variance_scaling', { scale: 3, mode: 'fan_out', distribution: 'untruncated_normal' })!, 'keras', 3 / 300],
    ['orthogonal: gain²/max(rows, cols)', kerasSpec('orthogonal', { gain: 2 })!, 'keras', 4 / 300],
  ];
  for (const [name, spec, framework, variance] of closedForm) {
    it(name, () => {
      const sample = moments(sampleKernel(spec, fans, framework, seededRng(1)));
      assert.ok(Math.abs(sample.variance / variance - 1) < 0.02, `sample variance ${sample.variance} vs ${variance}`);
      assert.ok(Math.abs(elementMoments(spec, fans, framework).variance / variance - 1) < 1e-6, 'elementMoments agrees with the closed form');
    });
  }

  it('constants and identity', () => {
    assert.ok(sampleKernel(kerasSpec('constant', { value: 0.5 })!, fans, 'keras', seededRng(1)).every((w) => w === 0.5));
    const eye = sampleKernel(kerasSpec('identity', { gain: 3 })!, { fanIn: 4, fanOut: 4 }, 'keras', seededRng(1));
    assert.deepEqual([...eye], [3, 0, 0, 0, 0, 3, 0, 0, 0, 0, 3, 0, 0, 0, 0, 3]);
  });

  for (const [rows, cols] of [[64, 16], [16, 64]]) {
    it(`orthogonal ${rows}×${cols} has orthonormal ${rows >= cols ? 'columns' : 'rows'}`, () => {
      const w = sampleKernel(kerasSpec('orthogonal')!, { fanIn: rows, fanOut: cols }, 'keras', seededRng(7));
      const k = Math.min(rows, cols);
      const at = (i: number, j: number) => w[i * cols + j];
      for (let a = 0; a < k; a++) {
        for (let b = 0; b < k; b++) {
          let dot = 0;
          for (let i = 0; i < Math.max(rows, cols); i++) dot += rows >= cols ? at(i, a) * at(i, b) : at(a, i) * at(b, i);
          assert.ok(Math.abs(dot - (a === b ? 1 : 0)) < 1e-9, `(${a}, ${b}): ${dot}`);
        }
      }
    });
  }

  it('the same seed gives the same kernel, another seed another', () => {
    const spec = kerasSpec('glorot_uniform')!;
    assert.deepEqual(sampleKernel(spec, fans, 'keras', seededRng(42)), sampleKernel(spec, fans, 'keras', seededRng(42)));
    assert.notDeepEqual(sampleKernel(spec, fans, 'keras', seededRng(42)), sampleKernel(spec, fans, 'keras', seededRng(43)));
  });
});
