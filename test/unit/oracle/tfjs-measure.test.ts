// The TF.js oracle checked against closed forms from the initialization papers, before anything
// is compared with it: if these hold, the oracle measures what DESIGN.md defines.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { architecture, architectures, type Architecture } from './architectures';
import { measureTfjs, useCpuBackend, type OracleResult } from './tfjs-measure';

const SEEDS = [0, 1, 2, 3, 4, 5, 6, 7];

function measure(arch: Architecture, seeds: number[]): Promise<OracleResult> {
  return measureTfjs(arch.tfjs, { batch: arch.batch ?? 128, seeds, input: arch.input, training: arch.training });
}

// relu-glorot over SEEDS serves two tests; measured once.
let reluGlorotMeasured: Promise<OracleResult> | undefined;
function reluGlorot(): Promise<OracleResult> {
  reluGlorotMeasured ??= measure(architecture('relu-glorot'), SEEDS);
  return reluGlorotMeasured;
}

/** Mean over seeds and hidden layers of E[x_l²] / E[x_{l−1}²], each ratio taken within one
 * network: per-layer ratios are unbiased, whereas comparing seed-averaged RMS compounds the
 * finite-width log-normal drift over depth. `hidden` = number of hidden layers. */
function meanSecondMomentRatio(result: OracleResult, hidden: number): number {
  const ratios = result.perSeed.flatMap((profile) =>
    Array.from({ length: hidden - 1 }, (_, l) => (profile.activationRms[l + 1] / profile.activationRms[l]) ** 2),
  );
  return ratios.reduce((sum, ratio) => sum + ratio, 0) / ratios.length;
}

function within(actual: number, expected: number, relative: number, what: string): void {
  assert.ok(Math.abs(actual / expected - 1) <= relative, `${what}: ${actual.toFixed(4)} not within ±${relative * 100}% of ${expected}`);
}

/** Kernel layers of the TF.js network (built once and disposed). */
async function kernelCount(arch: Architecture): Promise<number> {
  await useCpuBackend();
  const network = arch.tfjs(0);
  network.model.dispose();
  return network.probes.length;
}

/** Hidden layers of an MLP: every kernel layer but the output Dense(10). */
async function hiddenCount(arch: Architecture): Promise<number> {
  return (await kernelCount(arch)) - 1;
}

describe('TF.js oracle reproduces the closed forms', () => {
  it('relu-glorot: the activation second moment halves per layer (He et al. 2015)', async () => {
    const arch = architecture('relu-glorot');
    const result = await reluGlorot();
    // glorot_uniform on equal widths: fan_in·Var(W) = 1, and ReLU keeps half of a symmetric
    // pre-activation's second moment.
    within(meanSecondMomentRatio(result, await hiddenCount(arch)), 0.5, 0.1, 'mean E[x_l²]/E[x_{l-1}²]');
  });

  it('relu-he: the activation second moment is preserved', async () => {
    const arch = architecture('relu-he');
    const result = await measure(arch, SEEDS);
    // Keras's he_normal has variance exactly 2/fan_in (its truncated normal is rescaled by
    // 1/0.8796); TF.js's own preset would give a ratio of 0.774 here.
    within(meanSecondMomentRatio(result, await hiddenCount(arch)), 1, 0.1, 'mean E[x_l²]/E[x_{l-1}²]');
  });

  it('relu-glorot: the kernel-gradient RMS is level across hidden layers', async () => {
    const arch = architecture('relu-glorot');
    const result = await reluGlorot();
    const hidden = await hiddenCount(arch);
    // ∂L/∂W_l = Σ_b x_{l−1,b} δ_{l,b}ᵀ, and with g independent across examples its mean square is
    // B·E[x²_{l−1}]·E[δ²_l]. Forward, E[x²] halves per layer (fan_in·Var(W)/2 = 1/2); backward,
    // E[δ²] halves per layer towards the input (fan_out·Var(W)/2 = 1/2). The product of
    // 2^−(l−1) and 2^−(L−l) does not depend on l, so every hidden kernel sees the same gradient
    // scale even though the activations fall by 2^(L−1).
    const gradients = result.gradientRms.slice(0, hidden);
    const geometricMean = Math.exp(gradients.reduce((sum, value) => sum + Math.log(value), 0) / hidden);
    gradients.forEach((value, l) => within(value, geometricMean, 0.15, `gradient RMS of hidden layer ${l}`));
    const activationFall = result.activationRms[0] / result.activationRms[hidden - 1];
    assert.ok(activationFall > 8, `activations fall by ${activationFall.toFixed(1)}× over the same layers`);
  });

  it('zero-hidden: the zero kernel blocks every earlier kernel gradient exactly', async () => {
    const result = await measure(architecture('zero-hidden'), [0, 1]);
    for (const profile of result.perSeed) {
      // δ_1 = (W_2ᵀ δ_2) ⊙ relu′(h_1) with W_2 = 0.
      assert.equal(profile.gradientRms[0], 0);
      profile.gradientRms.slice(1).forEach((value, l) => assert.ok(value > 0, `layer ${l + 1} gradient ${value}`));
    }
  });

  it('the same seeds give identical numbers, different seeds different ones (Dropout in training mode)', async () => {
    const arch = architecture('dropout');
    // Seed 0 included: TF.js's samplers take a seed of 0 as "unseeded".
    const first = await measure(arch, [0, 1]);
    assert.deepEqual(await measure(arch, [0, 1]), first);
    assert.notDeepEqual(first.perSeed[0], first.perSeed[1]);
  });
});

describe('validation architectures', () => {
  it('ids are unique', () => {
    assert.equal(new Set(architectures.map((arch) => arch.id)).size, architectures.length);
  });

  for (const arch of architectures) {
    it(`${arch.id}: the Keras source has one kernel layer per TF.js probe, no names and no loops`, async () => {
      const kernelLayers = arch.python.match(/layers\.(Dense|Conv2D|Conv2DTranspose|DepthwiseConv2D|SeparableConv2D|Embedding)\(/g) ?? [];
      assert.equal(kernelLayers.length, await kernelCount(arch));
      assert.equal(arch.python.match(/keras\.Input\(shape=/g)?.length, 1);
      assert.doesNotMatch(arch.python, /\bname=|\bfor\b|\bwhile\b/);
      assert.match(arch.python, /^import keras\nfrom keras import layers, initializers\n/);
    });
  }
});
