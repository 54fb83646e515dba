// The oracle: gradient-flow numbers measured with TensorFlow.js autograd, under exactly the
// definitions in DESIGN.md ("Gradient-flow simulation: what the numbers mean"), so that the
// simulator's Monte Carlo and analytic estimates can be compared with a real framework.

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';

/** tf layer names: the layer whose kernel gradient is measured, and the layer whose OUTPUT is
 * that kernel layer's reported activation (the last activation / normalization / pooling /
 * dropout layer folded into it before the next kernel layer; the kernel layer itself if none). */
export interface Probe {
  kernel: string;
  output: string;
}

export interface OracleNetwork {
  model: tfl.LayersModel;
  probes: Probe[];
}

/** Embedding-first models take uniform random integer indices in [0, vocabulary). */
export type OracleInput = { kind: 'normal' } | { kind: 'indices'; vocabulary: number };

export interface OracleOptions {
  batch: number;
  seeds: number[];
  input: OracleInput;
  /** Dropout active and BatchNormalization on batch statistics. */
  training: boolean;
}

export interface OracleProfile {
  activationRms: number[];
  gradientRms: number[];
}

export interface OracleResult extends OracleProfile {
  perSeed: OracleProfile[];
}

// Input and upstream-gradient streams are offset from the builder's seed so that they never
// coincide with an initializer's stream for the same seed (and are never 0, which TF.js's
// normal sampler would take as "unseeded").
const INPUT_SEED_OFFSET = 1_000_003;
const UPSTREAM_SEED_OFFSET = 2_000_003;

let backendReady: Promise<void> | undefined;

/** Selects the pure-JS CPU backend once; production mode only silences TF.js's own
 * console messages (the "install tfjs-node" banner), it changes no numerics. */
export function useCpuBackend(): Promise<void> {
  backendReady ??= (async () => {
    tf.enableProdMode();
    await tf.setBackend('cpu');
    await tf.ready();
  })();
  return backendReady;
}

/** RMS in double precision: float32 squares of tiny gradients would underflow. */
function rms(tensor: tf.Tensor): number {
  const values = tensor.dataSync();
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += values[i] * values[i];
  return Math.sqrt(squares / values.length);
}

function batchShape(shape: (number | null)[], batch: number): number[] {
  return [batch, ...shape.slice(1).map((dim) => {
    if (dim === null) throw new Error('oracle: every non-batch dimension must be known');
    return dim;
  })];
}

function sampleInput(model: tfl.LayersModel, options: OracleOptions, seed: number): tf.Tensor {
  const shape = batchShape(model.inputs[0].shape, options.batch);
  const inputSeed = seed + INPUT_SEED_OFFSET;
  if (options.input.kind === 'normal') return tf.randomNormal(shape, 0, 1, 'float32', inputSeed);
  const vocabulary = options.input.vocabulary;
  // floor(U[0, V)), clipped because float32 rounding can land exactly on V.
  return tf.tidy(() => tf.cast(tf.minimum(tf.floor(tf.randomUniform(shape, 0, vocabulary, 'float32', inputSeed)), vocabulary - 1), 'int32'));
}

function measureOnce(network: OracleNetwork, options: OracleOptions, seed: number): OracleProfile {
  const { model, probes } = network;
  if (model.inputs.length !== 1 || model.outputs.length !== 1) throw new Error('oracle: one input and one output expected');

  // One model whose outputs are the probes' tensors and the network output, sharing the
  // network's layers: a single apply gives activations and loss from the same forward pass
  // (which matters with Dropout and batch-statistics BatchNormalization).
  const symbolic: tfl.SymbolicTensor[] = [];
  const indexOf = (tensor: tfl.SymbolicTensor): number => {
    const at = symbolic.indexOf(tensor);
    if (at >= 0) return at;
    symbolic.push(tensor);
    return symbolic.length - 1;
  };
  const outputIndex = indexOf(model.outputs[0]);
  const probeIndices = probes.map((probe) => {
    const output = model.getLayer(probe.output).output;
    if (Array.isArray(output)) throw new Error(`oracle: layer ${probe.output} has several outputs`);
    return indexOf(output);
  });
  const probing = tfl.model({ inputs: model.inputs, outputs: symbolic });

  const kernels = probes.map((probe) => {
    const weights = model.getLayer(probe.kernel).weights;
    if (weights.length === 0) throw new Error(`oracle: layer ${probe.kernel} has no weights`);
    // A LayerVariable reads as its backing tf.Variable, which is what variableGrads needs.
    return weights[0].read() as tf.Variable;
  });

  const x = sampleInput(model, options, seed);
  const g = tf.randomNormal(batchShape(model.outputs[0].shape, options.batch), 0, 1, 'float32', seed + UPSTREAM_SEED_OFFSET);
  let activations: tf.Tensor[] = [];
  try {
    const { value, grads } = tf.variableGrads(() => {
      const outputs = probing.apply(x, { training: options.training }) as tf.Tensor[];
      // Kept past variableGrads' scope, so activations are the ones this loss was computed from.
      activations = probeIndices.map((index) => tf.keep(outputs[index]));
      return tf.div(tf.sum(tf.mul(outputs[outputIndex], g)), options.batch) as tf.Scalar;
    }, kernels);
    // variableGrads keys gradients by variable name.
    const gradientRms = kernels.map((kernel) => rms(grads[kernel.name]));
    const activationRms = activations.map(rms);
    value.dispose();
    tf.dispose(Object.values(grads));
    return { activationRms, gradientRms };
  } finally {
    tf.dispose([x, g, ...activations]);
  }
}

function mean(rows: number[][]): number[] {
  return rows[0].map((_, column) => rows.reduce((sum, row) => sum + row[column], 0) / rows.length);
}

/**
 * Per-layer activation and kernel-gradient RMS of the networks `build(seed)` for each seed,
 * and their mean over seeds. Inputs ~ N(0, 1) (or uniform indices), upstream gradient
 * g ~ N(0, 1) with the output's shape, loss L = Σ(y ⊙ g) / B.
 */
export async function measureTfjs(build: (seed: number) => OracleNetwork, options: OracleOptions): Promise<OracleResult> {
  if (options.seeds.length === 0) throw new Error('oracle: at least one seed');
  for (const seed of options.seeds) if (!Number.isInteger(seed) || seed < 0) throw new Error(`oracle: seeds are non-negative integers, got ${seed}`);
  await useCpuBackend();
  const perSeed: OracleProfile[] = [];
  for (const seed of options.seeds) {
    const network = build(seed);
    try {
      perSeed.push(measureOnce(network, options, seed));
    } finally {
      network.model.dispose();
    }
  }
  return {
    activationRms: mean(perSeed.map((profile) => profile.activationRms)),
    gradientRms: mean(perSeed.map((profile) => profile.gradientRms)),
    perSeed,
  };
}
