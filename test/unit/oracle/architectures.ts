// Validation architectures, each written twice: as the Keras 3 source a user would write (what
// the extractor and simulator read) and as the TF.js network that samples the same weight
// distributions (what the oracle measures).
//
// Keras and TF.js disagree on defaults and on truncated normals, so the TF.js side never relies
// on TF.js defaults or presets (keras/src/initializers/random_initializers.py and
// tfjs-layers/src/initializers.ts):
// - Keras's default kernel initializer is glorot_uniform (TF.js's is glorotNormal);
// - Keras's he_normal / lecun_normal / glorot_normal draw a normal truncated at ±2σ with
//   σ = sqrt(scale/fan) / 0.87962566103423978, so the variance is exactly scale/fan; TF.js's
//   VarianceScaling 'normal' is the same ±2σ truncated normal but without the division;
// - RandomNormal's default stddev is 0.05, Embedding's default initializer is
//   RandomUniform(±0.05), biases default to zeros, BatchNormalization and
//   LayerNormalization use epsilon 1e-3, in both.

import * as tfl from '@tensorflow/tfjs-layers';
import type { OracleInput, OracleNetwork, Probe } from './tfjs-measure';

export interface Architecture {
  id: string;
  description: string;
  /** A complete Keras 3 file with one model. */
  python: string;
  tfjs: (seed: number) => OracleNetwork;
  input: OracleInput;
  training: boolean;
  batch?: number;
}

// ---------------------------------------------------------------------------------------------
// Keras initializers in TF.js

type Initializer = ReturnType<typeof tfl.initializers.glorotUniform>;
type KernelInit = (seed: number) => Initializer;

/** Standard deviation of a unit normal truncated to ±2. */
const TRUNCATED_STD = 0.87962566103423978;

const kerasInit = {
  glorotUniform: ((seed) => tfl.initializers.glorotUniform({ seed })) as KernelInit,
  heUniform: ((seed) => tfl.initializers.varianceScaling({ scale: 2, mode: 'fanIn', distribution: 'uniform', seed })) as KernelInit,
  // Keras's variance-exact truncated normals: TF.js's truncated normal with the scale
  // divided by 0.8796² gives σ = sqrt(scale/fan)/0.8796.
  heNormal: ((seed) => tfl.initializers.varianceScaling({ scale: 2 / TRUNCATED_STD ** 2, mode: 'fanIn', distribution: 'normal', seed })) as KernelInit,
  lecunNormal: ((seed) => tfl.initializers.varianceScaling({ scale: 1 / TRUNCATED_STD ** 2, mode: 'fanIn', distribution: 'normal', seed })) as KernelInit,
  randomNormal: (stddev: number): KernelInit => (seed) => tfl.initializers.randomNormal({ mean: 0, stddev, seed }),
  embeddingUniform: ((seed) => tfl.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed })) as KernelInit,
  zeros: (() => tfl.initializers.zeros()) as KernelInit,
  constant: (value: number): KernelInit => () => tfl.initializers.constant({ value }),
};

// ---------------------------------------------------------------------------------------------
// TF.js side: a functional graph that records a probe per kernel layer

/** The part of a TF.js layer the graph builder uses (tfjs-layers does not export the class). */
interface Layer {
  apply(inputs: tfl.SymbolicTensor | tfl.SymbolicTensor[]): unknown;
}

type Activation = 'relu' | 'tanh' | 'sigmoid' | 'selu' | 'linear';

/**
 * Builds a functional TF.js model while naming layers: each kernel layer opens a probe whose
 * output is the kernel layer itself until `fold` applies an activation / normalization /
 * pooling / dropout layer after it. Every initializer gets its own seed derived from the
 * network seed, so layers of equal shape never share a weight matrix.
 */
class Graph {
  readonly input: tfl.SymbolicTensor;
  private readonly probes: Probe[] = [];
  private count = 0;

  constructor(private readonly seed: number, shape: number[], dtype: 'float32' | 'int32' = 'float32') {
    if (!Number.isInteger(seed) || seed < 0) throw new Error(`seed must be a non-negative integer, got ${seed}`);
    this.input = tfl.input({ shape, dtype, name: 'input' });
  }

  private nextSeed(): number {
    // Never 0: TF.js's normal samplers treat a falsy seed as "unseeded" (Math.random).
    return this.seed * 1000 + this.count + 1;
  }

  private nextName(prefix: string): string {
    return `${prefix}${this.count++}`;
  }

  private kernel(x: tfl.SymbolicTensor, make: (name: string, seed: number) => Layer): tfl.SymbolicTensor {
    const seed = this.nextSeed();
    const name = this.nextName('k');
    this.probes.push({ kernel: name, output: name });
    return make(name, seed).apply(x) as tfl.SymbolicTensor;
  }

  dense(x: tfl.SymbolicTensor, units: number, activation: Activation, init: KernelInit = kerasInit.glorotUniform): tfl.SymbolicTensor {
    return this.kernel(x, (name, seed) => tfl.layers.dense({ units, activation, kernelInitializer: init(seed), name }));
  }

  conv2d(x: tfl.SymbolicTensor, filters: number, padding: 'same' | 'valid', activation: Activation, init: KernelInit = kerasInit.glorotUniform): tfl.SymbolicTensor {
    return this.kernel(x, (name, seed) =>
      tfl.layers.conv2d({ filters, kernelSize: 3, padding, activation, kernelInitializer: init(seed), name }),
    );
  }

  /** Any layer that owns a kernel, built by the caller (depthwise, separable, transposed convolutions). */
  custom(x: tfl.SymbolicTensor, make: (name: string, seed: number) => Layer): tfl.SymbolicTensor {
    return this.kernel(x, make);
  }

  embedding(x: tfl.SymbolicTensor, inputDim: number, outputDim: number): tfl.SymbolicTensor {
    return this.kernel(x, (name, seed) =>
      tfl.layers.embedding({ inputDim, outputDim, embeddingsInitializer: kerasInit.embeddingUniform(seed), name }),
    );
  }

  /** A layer folded into the preceding kernel layer: its output becomes that layer's activation. */
  fold(x: tfl.SymbolicTensor, make: (name: string, seed: number) => Layer): tfl.SymbolicTensor {
    const seed = this.nextSeed();
    const name = this.nextName('f');
    const probe = this.probes.at(-1);
    if (!probe) throw new Error('fold before any kernel layer');
    probe.output = name;
    return make(name, seed).apply(x) as tfl.SymbolicTensor;
  }

  /** A layer that neither owns a kernel nor is reported (Flatten, Add). */
  plain(x: tfl.SymbolicTensor | tfl.SymbolicTensor[], make: (name: string) => Layer): tfl.SymbolicTensor {
    return make(this.nextName('p')).apply(x) as tfl.SymbolicTensor;
  }

  network(output: tfl.SymbolicTensor): OracleNetwork {
    return { model: tfl.model({ inputs: this.input, outputs: output }), probes: this.probes.map((probe) => ({ ...probe })) };
  }
}

function mlp(seed: number, inputDim: number, hidden: number[], activation: Activation, init: KernelInit, outputInit: KernelInit = init): OracleNetwork {
  const graph = new Graph(seed, [inputDim]);
  let x = graph.input;
  for (const units of hidden) x = graph.dense(x, units, activation, init);
  return graph.network(graph.dense(x, 10, 'linear', outputInit));
}

// ---------------------------------------------------------------------------------------------
// Python side

const HEADER = 'import keras\nfrom keras import layers, initializers\n\n';

function repeat(line: string, times: number): string[] {
  return Array.from({ length: times }, () => line);
}

function sequential(inputShape: string, lines: string[], extraInput = ''): string {
  const body = [`keras.Input(shape=${inputShape}${extraInput})`, ...lines].map((line) => `    ${line},\n`).join('');
  return `${HEADER}model = keras.Sequential([\n${body}])\n`;
}

/** `layers.Dense(units, activation=…, kernel_initializer=…)` with Keras's defaults left out. */
function pyDense(units: number, activation: Activation, init?: string): string {
  const args = [String(units)];
  if (activation !== 'linear') args.push(`activation='${activation}'`);
  if (init) args.push(`kernel_initializer=${init}`);
  return `layers.Dense(${args.join(', ')})`;
}

// ---------------------------------------------------------------------------------------------
// The architectures

const WIDTH = 256;
const DEPTH = 8; // hidden layers; the output Dense(10) comes on top

function plainMlp(
  id: string,
  description: string,
  activation: Activation,
  pyInit: string | undefined,
  init: KernelInit,
  options: { width?: number; depth?: number; initOutput?: boolean } = {},
): Architecture {
  const width = options.width ?? WIDTH;
  const depth = options.depth ?? DEPTH;
  const initOutput = options.initOutput ?? false;
  return {
    id,
    description,
    python: sequential(`(${width},)`, [...repeat(pyDense(width, activation, pyInit), depth), pyDense(10, 'linear', initOutput ? pyInit : undefined)]),
    tfjs: (seed) => mlp(seed, width, Array(depth).fill(width), activation, init, initOutput ? init : kerasInit.glorotUniform),
    input: { kind: 'normal' },
    training: false,
  };
}

const reluGlorot = plainMlp(
  'relu-glorot',
  'Deep ReLU MLP, equal widths, default glorot_uniform: fan_in·Var(W) = 1, so the activation second moment halves per layer (He et al. 2015) while the kernel-gradient RMS stays level.',
  'relu', undefined, kerasInit.glorotUniform,
);

const reluHe = plainMlp(
  'relu-he',
  'Deep ReLU MLP with he_normal: fan_in·Var(W) = 2 exactly (Keras corrects the truncation), so activations keep their scale.',
  'relu', "'he_normal'", kerasInit.heNormal, { initOutput: true },
);

const tanhGlorot = plainMlp(
  'tanh-glorot',
  'Deep tanh MLP with default glorot_uniform (Glorot & Bengio 2010): close to the order/chaos boundary, a slow decay.',
  'tanh', undefined, kerasInit.glorotUniform,
);

const tanhUnitNormal = plainMlp(
  'tanh-unit-normal',
  'tanh MLP with RandomNormal(stddev=1.0) on every kernel, the "standard" unit-variance init of Glorot & Bengio 2010: saturated units, gradients grow towards the input.',
  'tanh', 'initializers.RandomNormal(stddev=1.0)', kerasInit.randomNormal(1.0), { width: 128, initOutput: true },
);

const sigmoidStack = plainMlp(
  'sigmoid-stack',
  'Deep sigmoid MLP with default glorot_uniform: sigmoid′ ≤ 1/4, gradients vanish towards the input.',
  'sigmoid', undefined, kerasInit.glorotUniform,
);

const seluLecun = plainMlp(
  'selu-lecun',
  'Self-normalizing MLP (Klambauer et al. 2017): selu with lecun_normal keeps activations near unit variance.',
  'selu', "'lecun_normal'", kerasInit.lecunNormal, { depth: 10, initOutput: true },
);

const reluSmallNormal = plainMlp(
  'relu-small-normal',
  'ReLU MLP with RandomNormal(stddev=0.01) on every kernel: fan_in·Var(W)/2 = 0.0128, activations and gradients vanish geometrically.',
  'relu', 'initializers.RandomNormal(stddev=0.01)', kerasInit.randomNormal(0.01), { depth: 6, initOutput: true },
);

const reluLargeNormal = plainMlp(
  'relu-large-normal',
  'ReLU MLP with RandomNormal(stddev=0.2) on every kernel: fan_in·Var(W)/2 = 5.12, activations explode geometrically.',
  'relu', 'initializers.RandomNormal(stddev=0.2)', kerasInit.randomNormal(0.2), { depth: 6, initOutput: true },
);

const MIXED = [512, 256, 128, 64];
const mixedWidths: Architecture = {
  id: 'mixed-widths',
  description: 'Tapering ReLU MLP 784→512→256→128→64→10 with he_uniform on every kernel.',
  python: sequential('(784,)', [...MIXED.map((units) => pyDense(units, 'relu', "'he_uniform'")), pyDense(10, 'linear', "'he_uniform'")]),
  tfjs: (seed) => mlp(seed, 784, MIXED, 'relu', kerasInit.heUniform),
  input: { kind: 'normal' },
  training: false,
};

const BN_WIDTH = 128;
const BN_DEPTH = 6;
const batchnorm: Architecture = {
  id: 'batchnorm',
  description: '[Dense(linear) → BatchNormalization → ReLU] ×6 then Dense(10), training mode (batch statistics): every block restarts at unit pre-activation variance.',
  python: sequential(`(${BN_WIDTH},)`, [
    ...Array.from({ length: BN_DEPTH }, () => [pyDense(BN_WIDTH, 'linear'), 'layers.BatchNormalization()', "layers.Activation('relu')"]).flat(),
    pyDense(10, 'linear'),
  ]),
  tfjs: (seed) => {
    const graph = new Graph(seed, [BN_WIDTH]);
    let x = graph.input;
    for (let i = 0; i < BN_DEPTH; i++) {
      x = graph.dense(x, BN_WIDTH, 'linear');
      x = graph.fold(x, (name) => tfl.layers.batchNormalization({ epsilon: 1e-3, name }));
      x = graph.fold(x, (name) => tfl.layers.activation({ activation: 'relu', name }));
    }
    return graph.network(graph.dense(x, 10, 'linear'));
  },
  input: { kind: 'normal' },
  training: true,
};

const RES_WIDTH = 128;
const RES_BLOCKS = 4;
const residual: Architecture = {
  id: 'residual',
  description:
    'Functional residual MLP: Dense(relu) stem, 4 blocks y = Dense(relu)(x); y = Dense(linear)(y); x = Add()([x, y]), then Dense(10). ' +
    "Add is a merge, not folded: the block's second Dense reports its own output, before the sum.",
  python:
    HEADER +
    `inputs = keras.Input(shape=(${RES_WIDTH},))\n` +
    `x = ${pyDense(RES_WIDTH, 'relu')}(inputs)\n` +
    Array.from({ length: RES_BLOCKS }, () =>
      `y = ${pyDense(RES_WIDTH, 'relu')}(x)\ny = ${pyDense(RES_WIDTH, 'linear')}(y)\nx = layers.Add()([x, y])\n`,
    ).join('') +
    `outputs = ${pyDense(10, 'linear')}(x)\n` +
    'model = keras.Model(inputs, outputs)\n',
  tfjs: (seed) => {
    const graph = new Graph(seed, [RES_WIDTH]);
    let x = graph.dense(graph.input, RES_WIDTH, 'relu');
    for (let i = 0; i < RES_BLOCKS; i++) {
      let y = graph.dense(x, RES_WIDTH, 'relu');
      y = graph.dense(y, RES_WIDTH, 'linear');
      x = graph.plain([x, y], (name) => tfl.layers.add({ name }));
    }
    return graph.network(graph.dense(x, 10, 'linear'));
  },
  input: { kind: 'normal' },
  training: false,
};

const cnn: Architecture = {
  id: 'cnn',
  description: 'Small CNN on 16×16×3: Conv2D(16, same, relu) → Conv2D(16, valid, relu) → MaxPooling2D(2) → Conv2D(32, same, relu) → Flatten → Dense(64, relu) → Dense(10), default glorot_uniform.',
  python: sequential('(16, 16, 3)', [
    "layers.Conv2D(16, 3, padding='same', activation='relu')",
    "layers.Conv2D(16, 3, activation='relu')",
    'layers.MaxPooling2D(2)',
    "layers.Conv2D(32, 3, padding='same', activation='relu')",
    'layers.Flatten()',
    pyDense(64, 'relu'),
    pyDense(10, 'linear'),
  ]),
  tfjs: (seed) => {
    const graph = new Graph(seed, [16, 16, 3]);
    let x = graph.conv2d(graph.input, 16, 'same', 'relu');
    x = graph.conv2d(x, 16, 'valid', 'relu');
    x = graph.fold(x, (name) => tfl.layers.maxPooling2d({ poolSize: 2, name }));
    x = graph.conv2d(x, 32, 'same', 'relu');
    x = graph.plain(x, (name) => tfl.layers.flatten({ name }));
    x = graph.dense(x, 64, 'relu');
    return graph.network(graph.dense(x, 10, 'linear'));
  },
  input: { kind: 'normal' },
  training: false,
  batch: 16, // TF.js's CPU filter gradient is a naive loop; convolutions average over positions anyway
};

const depthwiseSeparableTranspose: Architecture = {
  id: 'depthwise-separable-transpose',
  description: "Input(16,16,8) → DepthwiseConv2D(3, same, relu) → SeparableConv2D(16, 3, same, relu) → Conv2DTranspose(8, 3, strides=2, same, relu) → Flatten → Dense(10), default glorot_uniform: Keras's fans count k·C for a depthwise kernel that only ever sees k inputs.",
  python: sequential('(16, 16, 8)', [
    "layers.DepthwiseConv2D(3, padding='same', activation='relu')",
    "layers.SeparableConv2D(16, 3, padding='same', activation='relu')",
    "layers.Conv2DTranspose(8, 3, strides=2, padding='same', activation='relu')",
    'layers.Flatten()',
    pyDense(10, 'linear'),
  ]),
  tfjs: (seed) => {
    const graph = new Graph(seed, [16, 16, 8]);
    // The probe's kernel is each layer's first weight: the depthwise kernel of the separable layer.
    let x = graph.custom(graph.input, (name, s) =>
      tfl.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same', activation: 'relu', depthwiseInitializer: kerasInit.glorotUniform(s), name }),
    );
    x = graph.custom(x, (name, s) =>
      tfl.layers.separableConv2d({
        filters: 16, kernelSize: 3, padding: 'same', activation: 'relu',
        depthwiseInitializer: kerasInit.glorotUniform(s), pointwiseInitializer: kerasInit.glorotUniform(s + 500), name,
      }),
    );
    x = graph.custom(x, (name, s) =>
      tfl.layers.conv2dTranspose({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: kerasInit.glorotUniform(s), name }),
    );
    x = graph.plain(x, (name) => tfl.layers.flatten({ name }));
    return graph.network(graph.dense(x, 10, 'linear'));
  },
  input: { kind: 'normal' },
  training: false,
  batch: 16, // TF.js's CPU convolution gradients are naive loops
};

const zeroHidden: Architecture = {
  id: 'zero-hidden',
  description: "Dense(128, relu) → Dense(128, sigmoid, kernel_initializer='zeros') → Dense(128, relu) → Dense(10): the zero kernel blocks the backward signal, every earlier kernel gradient is exactly 0.",
  python: sequential('(128,)', [pyDense(128, 'relu'), pyDense(128, 'sigmoid', "'zeros'"), pyDense(128, 'relu'), pyDense(10, 'linear')]),
  tfjs: (seed) => {
    const graph = new Graph(seed, [128]);
    let x = graph.dense(graph.input, 128, 'relu');
    x = graph.dense(x, 128, 'sigmoid', kerasInit.zeros);
    x = graph.dense(x, 128, 'relu');
    return graph.network(graph.dense(x, 10, 'linear'));
  },
  input: { kind: 'normal' },
  training: false,
};

const constantHidden: Architecture = {
  id: 'constant-hidden',
  description: 'Dense(128, tanh) → Dense(128, tanh, Constant(0.01)) → Dense(128, tanh) → Dense(10): the constant kernel makes every unit of its layer identical (symmetric).',
  python: sequential('(128,)', [pyDense(128, 'tanh'), pyDense(128, 'tanh', 'initializers.Constant(0.01)'), pyDense(128, 'tanh'), pyDense(10, 'linear')]),
  tfjs: (seed) => {
    const graph = new Graph(seed, [128]);
    let x = graph.dense(graph.input, 128, 'tanh');
    x = graph.dense(x, 128, 'tanh', kerasInit.constant(0.01));
    x = graph.dense(x, 128, 'tanh');
    return graph.network(graph.dense(x, 10, 'linear'));
  },
  input: { kind: 'normal' },
  training: false,
};

const DROPOUT_DEPTH = 6;
const dropout: Architecture = {
  id: 'dropout',
  description: '[Dense(256, relu, he_normal) → Dropout(0.3)] ×6 then Dense(10), training mode: inverted dropout scales the second moment by 1/(1−p).',
  python: sequential(`(${WIDTH},)`, [
    ...Array.from({ length: DROPOUT_DEPTH }, () => [pyDense(WIDTH, 'relu', "'he_normal'"), 'layers.Dropout(0.3)']).flat(),
    pyDense(10, 'linear'),
  ]),
  tfjs: (seed) => {
    const graph = new Graph(seed, [WIDTH]);
    let x = graph.input;
    for (let i = 0; i < DROPOUT_DEPTH; i++) {
      x = graph.dense(x, WIDTH, 'relu', kerasInit.heNormal);
      x = graph.fold(x, (name, layerSeed) => tfl.layers.dropout({ rate: 0.3, seed: layerSeed, name }));
    }
    return graph.network(graph.dense(x, 10, 'linear'));
  },
  input: { kind: 'normal' },
  training: true,
};

const LN_WIDTH = 128;
const LN_DEPTH = 6;
const layernorm: Architecture = {
  id: 'layernorm',
  description: '[Dense(linear) → LayerNormalization → tanh] ×6 then Dense(10): every block restarts at unit pre-activation variance per example.',
  python: sequential(`(${LN_WIDTH},)`, [
    ...Array.from({ length: LN_DEPTH }, () => [pyDense(LN_WIDTH, 'linear'), 'layers.LayerNormalization()', "layers.Activation('tanh')"]).flat(),
    pyDense(10, 'linear'),
  ]),
  tfjs: (seed) => {
    const graph = new Graph(seed, [LN_WIDTH]);
    let x = graph.input;
    for (let i = 0; i < LN_DEPTH; i++) {
      x = graph.dense(x, LN_WIDTH, 'linear');
      x = graph.fold(x, (name) => tfl.layers.layerNormalization({ epsilon: 1e-3, name }));
      x = graph.fold(x, (name) => tfl.layers.activation({ activation: 'tanh', name }));
    }
    return graph.network(graph.dense(x, 10, 'linear'));
  },
  input: { kind: 'normal' },
  training: false,
};

const VOCABULARY = 1000;
const SEQUENCE = 8;
const embedding: Architecture = {
  id: 'embedding',
  description: 'Embedding(1000, 64) on 8 integer indices → Flatten → [Dense(256, relu, he_normal)] ×4 → Dense(10); embeddings default to RandomUniform(±0.05).',
  python: sequential(`(${SEQUENCE},)`, [
    `layers.Embedding(${VOCABULARY}, 64)`,
    'layers.Flatten()',
    ...repeat(pyDense(WIDTH, 'relu', "'he_normal'"), 4),
    pyDense(10, 'linear'),
  ], ", dtype='int32'"),
  tfjs: (seed) => {
    const graph = new Graph(seed, [SEQUENCE], 'int32');
    let x = graph.embedding(graph.input, VOCABULARY, 64);
    x = graph.plain(x, (name) => tfl.layers.flatten({ name }));
    for (let i = 0; i < 4; i++) x = graph.dense(x, WIDTH, 'relu', kerasInit.heNormal);
    return graph.network(graph.dense(x, 10, 'linear'));
  },
  input: { kind: 'indices', vocabulary: VOCABULARY },
  training: false,
  batch: 32, // the CPU embedding gradient (UnsortedSegmentSum) costs vocabulary × batch
};

const avgpoolCnn: Architecture = {
  id: 'avgpool-cnn',
  description:
    'CNN with average pooling on 16×16×3: [Conv2D(same, relu, he_normal) → AveragePooling2D(2)] with 16 then 32 filters → Conv2D(32, same, relu, he_normal) → GlobalAveragePooling2D → Dense(10). ' +
    'Averaging 4 correlated ReLU outputs shrinks the second moment by less than 4×.',
  python: sequential('(16, 16, 3)', [
    "layers.Conv2D(16, 3, padding='same', activation='relu', kernel_initializer='he_normal')",
    'layers.AveragePooling2D(2)',
    "layers.Conv2D(32, 3, padding='same', activation='relu', kernel_initializer='he_normal')",
    'layers.AveragePooling2D(2)',
    "layers.Conv2D(32, 3, padding='same', activation='relu', kernel_initializer='he_normal')",
    'layers.GlobalAveragePooling2D()',
    pyDense(10, 'linear'),
  ]),
  tfjs: (seed) => {
    const graph = new Graph(seed, [16, 16, 3]);
    let x = graph.conv2d(graph.input, 16, 'same', 'relu', kerasInit.heNormal);
    x = graph.fold(x, (name) => tfl.layers.averagePooling2d({ poolSize: 2, name }));
    x = graph.conv2d(x, 32, 'same', 'relu', kerasInit.heNormal);
    x = graph.fold(x, (name) => tfl.layers.averagePooling2d({ poolSize: 2, name }));
    x = graph.conv2d(x, 32, 'same', 'relu', kerasInit.heNormal);
    x = graph.fold(x, (name) => tfl.layers.globalAveragePooling2d({ name }));
    return graph.network(graph.dense(x, 10, 'linear'));
  },
  input: { kind: 'normal' },
  training: false,
  batch: 16, // TF.js's CPU filter gradient is a naive loop; convolutions average over positions anyway
};

export const architectures: Architecture[] = [
  reluGlorot,
  reluHe,
  tanhGlorot,
  tanhUnitNormal,
  sigmoidStack,
  seluLecun,
  reluSmallNormal,
  reluLargeNormal,
  mixedWidths,
  batchnorm,
  residual,
  cnn,
  zeroHidden,
  constantHidden,
  dropout,
  layernorm,
  embedding,
  avgpoolCnn,
  depthwiseSeparableTranspose,
];

export function architecture(id: string): Architecture {
  const found = architectures.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no architecture ${id}`);
  return found;
}
