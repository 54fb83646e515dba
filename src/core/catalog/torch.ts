// PyTorch as data: torch.nn.init's functions, calculate_gain, in-place tensor initializers,
// the nn modules the analysis knows and the weights each creates by default. Facts follow
// torch/nn/init.py and torch/nn/modules/{linear,conv,sparse,rnn,batchnorm,normalization}.py.

import type { ConfigValue, LayerIR, LayerRole } from '../ir';
import type { ActivationName } from './activations';
import { numberArgs, type ArgValues, type InitializerBuilder, type InitializerSpec } from './initializers';
import { TRUNCATED_NORMAL_VARIANCE, type Fans } from './variance';
import { normalMass, normalPdf } from '../simulate/quadrature';

// ---- calculate_gain ----

/** torch.nn.init.calculate_gain's names whose gain is 1. */
const LINEAR_GAIN = new Set(['linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d', 'sigmoid']);

/**
 * `calculate_gain(nonlinearity, param)`; undefined for a name PyTorch rejects or a slope that is
 * not a number. `param` undefined or null is PyTorch's None: leaky_relu's slope is then 0.01.
 */
export function calculateGain(nonlinearity: string, param?: number | boolean | null): number | undefined {
  if (LINEAR_GAIN.has(nonlinearity)) return 1;
  switch (nonlinearity) {
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leaky_relu': {
      // True and False are ints in Python, but calculate_gain rejects them.
      if (typeof param === 'boolean') return undefined;
      const slope = param ?? 0.01;
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case 'selu':
      return 3 / 4;
    default:
      return undefined;
  }
}

/** calculate_gain squared, exactly where it is rational (relu: 2, tanh: 25/9): the variance scale. */
export function calculateGainSquared(nonlinearity: string, param?: number | boolean | null): number | undefined {
  const gain = calculateGain(nonlinearity, param);
  if (gain === undefined) return undefined;
  switch (nonlinearity) {
    case 'relu':
      return 2;
    case 'tanh':
      return 25 / 9;
    case 'selu':
      return 9 / 16;
    case 'leaky_relu': {
      const slope = typeof param === 'number' ? param : 0.01;
      return 2 / (1 + slope * slope);
    }
    default:
      return gain * gain;
  }
}

// ---- torch.nn.init ----

/** A torch.nn.init function or an initializing tensor method; its `params` are those after the tensor. */
export interface TorchInitRow extends InitializerBuilder {
  /** The function's name, trailing underscore included: the spec's name. */
  name: string;
}

/** An absolute uniform on [low, high]. */
export function torchUniformSpec(name: string, low: number, high: number): InitializerSpec {
  return { kind: 'absolute', name, distribution: 'uniform', mean: (low + high) / 2, stddev: Math.abs(high - low) / Math.sqrt(12) };
}

/** Bounds this many standard deviations out cut off less than 2e-9 of the mass: the normal is untruncated in effect. */
const UNTRUNCATED_AT = 6;

/**
 * trunc_normal_(mean, std, a, b): a normal truncated to the absolute bounds [a, b]. With the bounds
 * ≥ 6σ away it is a plain normal; at exactly ±2σ it is the truncated normal the specs know (Keras's);
 * otherwise the truncated distribution's own mean and standard deviation, as a normal of those
 * moments (what the rules and the simulation use of it is its first two moments).
 */
export function truncNormalSpec(name: string, mean: number, std: number, a: number, b: number): InitializerSpec | undefined {
  if (!(std >= 0) || !(b > a)) return undefined;
  if (std === 0) return mean >= a && mean <= b ? { kind: 'absolute', name, distribution: 'normal', mean, stddev: 0 } : undefined;
  const alpha = (a - mean) / std;
  const beta = (b - mean) / std;
  if (alpha <= -UNTRUNCATED_AT && beta >= UNTRUNCATED_AT) return { kind: 'absolute', name, distribution: 'normal', mean, stddev: std };
  const near = (x: number, y: number): boolean => Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(y));
  if (near(alpha, -2) && near(beta, 2)) return { kind: 'absolute', name, distribution: 'truncated_normal', mean, stddev: std };
  const mass = normalMass(alpha, beta);
  if (!(mass > 1e-12)) return undefined;
  const pa = Number.isFinite(alpha) ? normalPdf(alpha) : 0;
  const pb = Number.isFinite(beta) ? normalPdf(beta) : 0;
  const shift = (pa - pb) / mass;
  const spread = 1 + ((Number.isFinite(alpha) ? alpha * pa : 0) - (Number.isFinite(beta) ? beta * pb : 0)) / mass - shift * shift;
  return { kind: 'absolute', name, distribution: 'normal', mean: mean + std * shift, stddev: std * Math.sqrt(Math.max(0, spread)) };
}

/** kaiming_*_'s `mode`: PyTorch lower-cases it and accepts fan_in and fan_out only. */
function kaimingMode(value: ArgValues[string]): 'fan_in' | 'fan_out' | undefined {
  if (value === undefined) return 'fan_in';
  if (typeof value !== 'string') return undefined;
  const mode = value.toLowerCase();
  return mode === 'fan_in' || mode === 'fan_out' ? mode : undefined;
}

function kaimingRow(name: string, distribution: 'uniform' | 'normal'): TorchInitRow {
  return {
    name,
    params: ['a', 'mode', 'nonlinearity'],
    build: (args) => {
      const read = numberArgs(args, { a: 0 });
      const mode = kaimingMode(args.mode);
      const nonlinearity = args.nonlinearity === undefined ? 'leaky_relu' : args.nonlinearity;
      if (!read || !mode || typeof nonlinearity !== 'string') return undefined;
      // kaiming passes `a` as calculate_gain's param: leaky_relu with a = 0 is ReLU's √2.
      const scale = calculateGainSquared(nonlinearity, read.a);
      if (scale === undefined) return undefined;
      return { kind: 'variance_scaling', name, distribution, scale, mode };
    },
  };
}

function xavierRow(name: string, distribution: 'uniform' | 'normal'): TorchInitRow {
  return {
    name,
    params: ['gain'],
    build: (args) => {
      const read = numberArgs(args, { gain: 1 });
      return read && { kind: 'variance_scaling', name, distribution, scale: read.gain * read.gain, mode: 'fan_avg' };
    },
  };
}

/** `uniform_` on [low, high] (default [0, 1]): nn.init's names the bounds `a`, `b`; the tensor method's `from`, `to`. */
function uniformRow(low: string, high: string): TorchInitRow {
  return {
    name: 'uniform_', params: [low, high],
    build: (args) => {
      const read = numberArgs(args, { [low]: 0, [high]: 1 });
      return read && torchUniformSpec('uniform_', read[low], read[high]);
    },
  };
}

/** `normal_(mean=0, std=1)`, nn.init's and the tensor method alike. */
const NORMAL_ROW: TorchInitRow = {
  name: 'normal_', params: ['mean', 'std'],
  build: (args) => {
    const read = numberArgs(args, { mean: 0, std: 1 });
    return read && { kind: 'absolute', name: 'normal_', distribution: 'normal', mean: read.mean, stddev: read.std };
  },
};

/** `constant_(val)`, `fill_(value)`: no default (left out, the call fails in PyTorch); non-literal, one constant of unknown value. */
function constantRow(name: string, param: string): TorchInitRow {
  return {
    name, params: [param],
    build: (args) => {
      const value = args[param];
      return value === undefined ? undefined : { kind: 'constant', name, value: typeof value === 'number' ? value : undefined };
    },
  };
}

const INIT_ROWS: readonly TorchInitRow[] = [
  uniformRow('a', 'b'),
  NORMAL_ROW,
  {
    name: 'trunc_normal_', params: ['mean', 'std', 'a', 'b'],
    build: (args) => {
      const read = numberArgs(args, { mean: 0, std: 1, a: -2, b: 2 });
      return read && truncNormalSpec('trunc_normal_', read.mean, read.std, read.a, read.b);
    },
  },
  constantRow('constant_', 'val'),
  { name: 'ones_', params: [], build: () => ({ kind: 'constant', name: 'ones_', value: 1 }) },
  { name: 'zeros_', params: [], build: () => ({ kind: 'constant', name: 'zeros_', value: 0 }) },
  { name: 'eye_', params: [], build: () => ({ kind: 'identity', name: 'eye_', gain: 1 }) },
  // Ones at the window's centre for min(out, in) channel pairs: an identity matrix's element moments.
  { name: 'dirac_', params: ['groups'], build: () => ({ kind: 'identity', name: 'dirac_', gain: 1 }) },
  xavierRow('xavier_uniform_', 'uniform'),
  xavierRow('xavier_normal_', 'normal'),
  kaimingRow('kaiming_uniform_', 'uniform'),
  kaimingRow('kaiming_normal_', 'normal'),
  {
    name: 'orthogonal_', params: ['gain'],
    build: (args) => {
      const read = numberArgs(args, { gain: 1 });
      return read && { kind: 'orthogonal', name: 'orthogonal_', gain: read.gain };
    },
  },
  // A fraction of each column zeroed, the rest N(0, std²): its moments depend on the row count.
  { name: 'sparse_', params: ['sparsity', 'std'], build: () => undefined },
];

const INIT_BY_NAME = new Map<string, TorchInitRow>();
for (const row of INIT_ROWS) INIT_BY_NAME.set(row.name, row);
// The deprecated spellings without the underscore (nn.init.xavier_uniform, …) call the same functions.
for (const old of ['uniform', 'normal', 'constant', 'eye', 'dirac', 'xavier_uniform', 'xavier_normal', 'kaiming_uniform', 'kaiming_normal', 'orthogonal', 'sparse']) {
  INIT_BY_NAME.set(old, INIT_BY_NAME.get(`${old}_`)!);
}

/** A torch.nn.init function by the name written (`xavier_uniform_`, deprecated `xavier_uniform`). */
export function torchInitRow(name: string): TorchInitRow | undefined {
  return INIT_BY_NAME.get(name);
}

/** Every torch.nn.init function, for tests. */
export function torchInitRows(): readonly TorchInitRow[] {
  return INIT_ROWS;
}

/**
 * In-place tensor methods that initialize: `w.normal_(mean=0, std=1)`, `w.uniform_(from=0, to=1)`
 * (`from` is a Python keyword: written positionally), `w.fill_(value)`, `w.zero_()`.
 */
const METHOD_ROWS: readonly TorchInitRow[] = [
  NORMAL_ROW,
  uniformRow('from', 'to'),
  constantRow('fill_', 'value'),
  { name: 'zero_', params: [], build: () => ({ kind: 'constant', name: 'zero_', value: 0 }) },
];

const METHOD_BY_NAME = new Map(METHOD_ROWS.map((row) => [row.name, row]));

/** An initializing tensor method by name. */
export function torchTensorMethod(name: string): TorchInitRow | undefined {
  return METHOD_BY_NAME.get(name);
}

/**
 * Tensor factories whose result, copied into a weight (`w.copy_(torch.zeros(…))`), is a known
 * constant or identity; `*_like` take the tensor first.
 */
export function torchFactorySpec(name: string, fillValue: number | null | undefined): InitializerSpec | undefined {
  switch (name) {
    case 'zeros':
    case 'zeros_like':
      return { kind: 'constant', name: 'zeros', value: 0 };
    case 'ones':
    case 'ones_like':
      return { kind: 'constant', name: 'ones', value: 1 };
    case 'full':
    case 'full_like':
      return { kind: 'constant', name: 'full', value: typeof fillValue === 'number' ? fillValue : undefined };
    case 'eye':
      return { kind: 'identity', name: 'eye', gain: 1 };
    case 'randn':
    case 'randn_like':
      return { kind: 'absolute', name: 'randn', distribution: 'normal', mean: 0, stddev: 1 };
    case 'rand':
    case 'rand_like':
      return torchUniformSpec('rand', 0, 1);
    default:
      return undefined;
  }
}

// ---- defaults of the modules ----

/** The name Linear and ConvNd's default weight initializer goes by in messages and hovers. */
export const TORCH_DEFAULT_KERNEL = 'kaiming_uniform_(a=sqrt(5))';

/**
 * Linear and ConvNd weights: `kaiming_uniform_(w, a=math.sqrt(5))`. The gain for leaky_relu with
 * slope √5 is √(2/(1+5)), so the variance is (1/3)/fan_in: uniform on ±1/√fan_in.
 */
export const TORCH_DEFAULT_KERNEL_SPEC: InitializerSpec = { kind: 'variance_scaling', name: TORCH_DEFAULT_KERNEL, distribution: 'uniform', scale: 1 / 3, mode: 'fan_in' };

/** Linear and ConvNd biases: uniform on ±1/√fan_in of the weight; unknown while fan_in is. */
export function torchDefaultBiasSpec(fanIn: number | undefined): InitializerSpec | undefined {
  if (fanIn === undefined || !(fanIn > 0)) return undefined;
  const bound = 1 / Math.sqrt(fanIn);
  return torchUniformSpec('uniform_(±1/sqrt(fan_in))', -bound, bound);
}

/** RNN, LSTM, GRU and their cells: every weight and bias uniform on ±1/√hidden_size. */
export function torchRecurrentDefaultSpec(hiddenSize: number | undefined): InitializerSpec | undefined {
  if (hiddenSize === undefined || !(hiddenSize > 0)) return undefined;
  const bound = 1 / Math.sqrt(hiddenSize);
  return torchUniformSpec('uniform_(±1/sqrt(hidden_size))', -bound, bound);
}

/** Embedding: `normal_(weight)`, N(0, 1). */
export const TORCH_EMBEDDING_SPEC: InitializerSpec = { kind: 'absolute', name: 'normal_', distribution: 'normal', mean: 0, stddev: 1 };

/** The variance of a torch truncated normal spec, for tests: the specs' ±2σ convention. */
export const TORCH_TRUNCATED_FACTOR = TRUNCATED_NORMAL_VARIANCE;

/** What kind of weights a module creates, which decides its defaults and fans. */
export type TorchWeights = 'linear' | 'conv' | 'conv_transpose' | 'embedding' | 'recurrent' | 'norm';

export interface TorchModuleRow {
  /** The canonical (Keras-spelled) layer kind. */
  kind: string;
  role: LayerRole;
  /** Constructor parameters in PyTorch's positional order (keyword-only ones after). */
  params: readonly string[];
  /** PyTorch's defaults for parameters the analysis reads (kept in the layer's config when left out). */
  defaults?: Readonly<Record<string, ConfigValue>>;
  /** PyTorch parameter → the Keras config key of the same meaning (`out_features` → `units`). */
  rename?: Readonly<Record<string, string>>;
  /** The parameter counting output units or channels. */
  unitsParam?: string;
  weights?: TorchWeights;
  /** Spatial rank of convolutions and pooling. */
  rank?: number;
  /** For activation modules: the activation; a function when it depends on the arguments. */
  activation?: ActivationName | ((config: Readonly<Record<string, ConfigValue>>) => ActivationName | 'unknown');
  /** LSTM and GRU: gates stacked in weight_ih/weight_hh (torch's fan_out is gates · hidden_size). */
  gates?: number;
}

const CONV_PARAMS = ['in_channels', 'out_channels', 'kernel_size', 'stride', 'padding', 'dilation', 'groups', 'bias', 'padding_mode', 'device', 'dtype'];
const CONV_TRANSPOSE_PARAMS = ['in_channels', 'out_channels', 'kernel_size', 'stride', 'padding', 'output_padding', 'groups', 'bias', 'dilation', 'padding_mode', 'device', 'dtype'];
const CONV_RENAME = { out_channels: 'filters', stride: 'strides', dilation: 'dilation_rate', bias: 'use_bias' };
// nonlinearity is keyword-only: RNN pops it from **kwargs before RNNBase binds the positional ones.
const RNN_PARAMS = ['input_size', 'hidden_size', 'num_layers', 'bias', 'batch_first', 'dropout', 'bidirectional', 'proj_size', 'nonlinearity', 'device', 'dtype'];
const CELL_PARAMS = ['input_size', 'hidden_size', 'bias', 'nonlinearity', 'device', 'dtype'];
const NORM_PARAMS = ['num_features', 'eps', 'momentum', 'affine', 'track_running_stats', 'device', 'dtype'];
const MAX_POOL_PARAMS = ['kernel_size', 'stride', 'padding', 'dilation', 'return_indices', 'ceil_mode'];
const AVG_POOL_PARAMS = ['kernel_size', 'stride', 'padding', 'ceil_mode', 'count_include_pad', 'divisor_override'];
const POOL_RENAME = { kernel_size: 'pool_size', stride: 'strides' };

function conv(kind: string, rank: number): TorchModuleRow {
  return {
    kind, role: 'kernel', params: CONV_PARAMS, rename: CONV_RENAME, unitsParam: 'out_channels', weights: 'conv', rank,
    defaults: { stride: 1, padding: 0, dilation: 1, groups: 1, bias: true, padding_mode: 'zeros' },
  };
}

function convTranspose(kind: string, rank: number): TorchModuleRow {
  return {
    kind, role: 'kernel', params: CONV_TRANSPOSE_PARAMS, rename: CONV_RENAME, unitsParam: 'out_channels', weights: 'conv_transpose', rank,
    defaults: { stride: 1, padding: 0, output_padding: 0, groups: 1, bias: true, dilation: 1 },
  };
}

function recurrent(kind: string, gates: number, params: readonly string[]): TorchModuleRow {
  const defaults: Record<string, ConfigValue> = { num_layers: 1, bias: true, batch_first: false, dropout: 0, bidirectional: false, nonlinearity: 'tanh' };
  return {
    kind, role: 'kernel', params, rename: { bias: 'use_bias' }, unitsParam: 'hidden_size', weights: 'recurrent', gates,
    defaults: Object.fromEntries(Object.entries(defaults).filter(([name]) => params.includes(name))),
    // RNN's nonlinearity is 'tanh' or 'relu'; LSTM and GRU have tanh outputs.
    activation: (config) => (kind !== 'SimpleRNN' ? 'tanh' : config.nonlinearity === 'relu' ? 'relu' : config.nonlinearity === 'tanh' ? 'tanh' : 'unknown'),
  };
}

function norm(kind: string, params: readonly string[] = NORM_PARAMS, defaults: Record<string, ConfigValue> = { eps: 1e-5, momentum: 0.1, affine: true, track_running_stats: true }): TorchModuleRow {
  return { kind, role: 'normalization', params, rename: { eps: 'epsilon' }, weights: 'norm', defaults };
}

function pool(kind: string, rank: number, params: readonly string[]): TorchModuleRow {
  return { kind, role: 'passthrough', params, rename: POOL_RENAME, rank, defaults: { padding: 0 } };
}

function adaptivePool(kind: string, rank: number): TorchModuleRow {
  return { kind, role: 'passthrough', params: ['output_size', 'return_indices'], rank };
}

function activation(kind: string, name: TorchModuleRow['activation'], params: readonly string[] = ['inplace'], defaults?: Record<string, ConfigValue>): TorchModuleRow {
  return { kind, role: 'activation', params, activation: name, ...(defaults ? { defaults } : {}) };
}

/** Modules by their class name in torch.nn. */
const MODULE_ROWS: Record<string, TorchModuleRow> = {
  Linear: {
    kind: 'Dense', role: 'kernel', params: ['in_features', 'out_features', 'bias', 'device', 'dtype'], rename: { out_features: 'units', bias: 'use_bias' },
    unitsParam: 'out_features', weights: 'linear', defaults: { bias: true },
  },
  // Lazy modules take their input size from the first call: in_features / in_channels unknown.
  LazyLinear: {
    kind: 'Dense', role: 'kernel', params: ['out_features', 'bias', 'device', 'dtype'], rename: { out_features: 'units', bias: 'use_bias' },
    unitsParam: 'out_features', weights: 'linear', defaults: { bias: true },
  },
  LazyConv1d: { ...conv('Conv1D', 1), params: CONV_PARAMS.slice(1) },
  LazyConv2d: { ...conv('Conv2D', 2), params: CONV_PARAMS.slice(1) },
  LazyConv3d: { ...conv('Conv3D', 3), params: CONV_PARAMS.slice(1) },
  Conv1d: conv('Conv1D', 1),
  Conv2d: conv('Conv2D', 2),
  Conv3d: conv('Conv3D', 3),
  ConvTranspose1d: convTranspose('Conv1DTranspose', 1),
  ConvTranspose2d: convTranspose('Conv2DTranspose', 2),
  ConvTranspose3d: convTranspose('Conv3DTranspose', 3),
  Embedding: {
    kind: 'Embedding', role: 'kernel', weights: 'embedding', unitsParam: 'embedding_dim',
    params: ['num_embeddings', 'embedding_dim', 'padding_idx', 'max_norm', 'norm_type', 'scale_grad_by_freq', 'sparse', '_weight', 'device', 'dtype'],
    rename: { num_embeddings: 'input_dim', embedding_dim: 'output_dim' },
  },
  RNN: recurrent('SimpleRNN', 1, RNN_PARAMS),
  LSTM: recurrent('LSTM', 4, RNN_PARAMS),
  GRU: recurrent('GRU', 3, RNN_PARAMS),
  RNNCell: recurrent('SimpleRNN', 1, CELL_PARAMS),
  LSTMCell: recurrent('LSTM', 4, CELL_PARAMS),
  GRUCell: recurrent('GRU', 3, CELL_PARAMS),
  BatchNorm1d: norm('BatchNormalization'),
  BatchNorm2d: norm('BatchNormalization'),
  BatchNorm3d: norm('BatchNormalization'),
  SyncBatchNorm: norm('BatchNormalization'),
  LayerNorm: norm('LayerNormalization', ['normalized_shape', 'eps', 'elementwise_affine', 'device', 'dtype'], { eps: 1e-5, elementwise_affine: true }),
  GroupNorm: norm('GroupNormalization', ['num_groups', 'num_channels', 'eps', 'affine', 'device', 'dtype'], { eps: 1e-5, affine: true }),
  InstanceNorm1d: norm('InstanceNormalization', NORM_PARAMS, { eps: 1e-5, momentum: 0.1, affine: false, track_running_stats: false }),
  InstanceNorm2d: norm('InstanceNormalization', NORM_PARAMS, { eps: 1e-5, momentum: 0.1, affine: false, track_running_stats: false }),
  InstanceNorm3d: norm('InstanceNormalization', NORM_PARAMS, { eps: 1e-5, momentum: 0.1, affine: false, track_running_stats: false }),
  LocalResponseNorm: { kind: 'LocalResponseNormalization', role: 'normalization', params: ['size', 'alpha', 'beta', 'k'] },
  Dropout: { kind: 'Dropout', role: 'passthrough', params: ['p', 'inplace'], rename: { p: 'rate' }, defaults: { p: 0.5 } },
  Dropout1d: { kind: 'SpatialDropout1D', role: 'passthrough', params: ['p', 'inplace'], rename: { p: 'rate' }, defaults: { p: 0.5 } },
  Dropout2d: { kind: 'SpatialDropout2D', role: 'passthrough', params: ['p', 'inplace'], rename: { p: 'rate' }, defaults: { p: 0.5 } },
  Dropout3d: { kind: 'SpatialDropout3D', role: 'passthrough', params: ['p', 'inplace'], rename: { p: 'rate' }, defaults: { p: 0.5 } },
  AlphaDropout: { kind: 'AlphaDropout', role: 'passthrough', params: ['p', 'inplace'], rename: { p: 'rate' }, defaults: { p: 0.5 } },
  MaxPool1d: pool('MaxPooling1D', 1, MAX_POOL_PARAMS),
  MaxPool2d: pool('MaxPooling2D', 2, MAX_POOL_PARAMS),
  MaxPool3d: pool('MaxPooling3D', 3, MAX_POOL_PARAMS),
  AvgPool1d: pool('AveragePooling1D', 1, AVG_POOL_PARAMS),
  AvgPool2d: pool('AveragePooling2D', 2, AVG_POOL_PARAMS),
  AvgPool3d: pool('AveragePooling3D', 3, AVG_POOL_PARAMS),
  AdaptiveAvgPool1d: adaptivePool('AdaptiveAvgPool1d', 1),
  AdaptiveAvgPool2d: adaptivePool('AdaptiveAvgPool2d', 2),
  AdaptiveAvgPool3d: adaptivePool('AdaptiveAvgPool3d', 3),
  AdaptiveMaxPool1d: adaptivePool('AdaptiveMaxPool1d', 1),
  AdaptiveMaxPool2d: adaptivePool('AdaptiveMaxPool2d', 2),
  AdaptiveMaxPool3d: adaptivePool('AdaptiveMaxPool3d', 3),
  Flatten: { kind: 'Flatten', role: 'passthrough', params: ['start_dim', 'end_dim'] },
  Unflatten: { kind: 'Unflatten', role: 'passthrough', params: ['dim', 'unflattened_size'] },
  Identity: { kind: 'Activation', role: 'passthrough', params: [], activation: 'linear' },
  Upsample: { kind: 'Upsample', role: 'passthrough', params: ['size', 'scale_factor', 'mode', 'align_corners', 'recompute_scale_factor'] },

  ReLU: activation('ReLU', 'relu'),
  // ReLU6 is ReLU capped at 6: the ReLU layer with max_value 6, as Keras writes it.
  ReLU6: { ...activation('ReLU', 'relu6'), defaults: { max_value: 6 } },
  LeakyReLU: activation('LeakyReLU', 'leaky_relu', ['negative_slope', 'inplace'], { negative_slope: 0.01 }),
  // A learned leaky ReLU whose slope starts at `init`.
  PReLU: { ...activation('LeakyReLU', 'leaky_relu', ['num_parameters', 'init', 'device', 'dtype'], { init: 0.25 }), rename: { init: 'negative_slope' } },
  ELU: activation('ELU', 'elu', ['alpha', 'inplace'], { alpha: 1 }),
  SELU: activation('Activation', 'selu'),
  CELU: activation('Activation', (config) => (config.alpha === undefined || config.alpha === 1 ? 'elu' : 'unknown'), ['alpha', 'inplace']),
  GELU: activation('Activation', 'gelu', ['approximate']),
  SiLU: activation('Activation', 'silu'),
  Mish: activation('Activation', 'mish'),
  Tanh: activation('Activation', 'tanh', []),
  Sigmoid: activation('Activation', 'sigmoid', []),
  Hardsigmoid: activation('Activation', 'hard_sigmoid'),
  Hardswish: activation('Activation', 'hard_swish'),
  Softsign: activation('Activation', 'softsign', []),
  // Softplus with beta ≠ 1 is another function.
  Softplus: activation('Activation', (config) => (config.beta === undefined || config.beta === 1 ? 'softplus' : 'unknown'), ['beta', 'threshold']),
  Softmax: activation('Softmax', 'softmax', ['dim']),
  LogSoftmax: activation('Activation', 'log_softmax', ['dim']),
  Hardtanh: activation('Activation', () => 'unknown', ['min_val', 'max_val', 'inplace']),
  Tanhshrink: activation('Activation', () => 'unknown', []),
  Softshrink: activation('Activation', () => 'unknown', ['lambd']),
  Hardshrink: activation('Activation', () => 'unknown', ['lambd']),
  Threshold: activation('Activation', () => 'unknown', ['threshold', 'value', 'inplace']),
  RReLU: activation('Activation', () => 'unknown', ['lower', 'upper', 'inplace']),
  GLU: activation('Activation', () => 'unknown', ['dim']),
  Softmin: activation('Activation', () => 'unknown', ['dim']),
};

/** A torch.nn module class by name, or undefined for one the catalog does not know. */
export function torchModule(className: string): TorchModuleRow | undefined {
  return Object.hasOwn(MODULE_ROWS, className) ? MODULE_ROWS[className] : undefined;
}

/** Every catalogued module by class name, for tests. */
export function torchModuleRows(): Readonly<Record<string, TorchModuleRow>> {
  return MODULE_ROWS;
}

/**
 * Activation functions by name, as `torch.nn.functional.<name>`, `torch.<name>` and tensor methods
 * `x.<name>()` spell them (the in-place `relu_` too), with the index of a slope or alpha argument.
 */
const FUNCTIONAL_ACTIVATIONS: Record<string, { name: ActivationName | 'unknown'; params: readonly string[]; defaults?: Record<string, number> }> = {
  relu: { name: 'relu', params: ['input', 'inplace'] },
  relu6: { name: 'relu6', params: ['input', 'inplace'] },
  leaky_relu: { name: 'leaky_relu', params: ['input', 'negative_slope', 'inplace'], defaults: { negative_slope: 0.01 } },
  elu: { name: 'elu', params: ['input', 'alpha', 'inplace'], defaults: { alpha: 1 } },
  selu: { name: 'selu', params: ['input', 'inplace'] },
  celu: { name: 'unknown', params: ['input', 'alpha', 'inplace'] },
  gelu: { name: 'gelu', params: ['input', 'approximate'] },
  silu: { name: 'silu', params: ['input', 'inplace'] },
  mish: { name: 'mish', params: ['input', 'inplace'] },
  tanh: { name: 'tanh', params: ['input'] },
  sigmoid: { name: 'sigmoid', params: ['input'] },
  hardsigmoid: { name: 'hard_sigmoid', params: ['input', 'inplace'] },
  hardswish: { name: 'hard_swish', params: ['input', 'inplace'] },
  softsign: { name: 'softsign', params: ['input'] },
  softplus: { name: 'softplus', params: ['input', 'beta', 'threshold'] },
  softmax: { name: 'softmax', params: ['input', 'dim'] },
  log_softmax: { name: 'log_softmax', params: ['input', 'dim'] },
  hardtanh: { name: 'unknown', params: ['input', 'min_val', 'max_val', 'inplace'] },
};

export interface FunctionalActivation {
  name: ActivationName | 'unknown';
  params: readonly string[];
  defaults?: Readonly<Record<string, number>>;
}

/** An activation function by the name written (`relu`, `relu_`, `leaky_relu`). */
export function torchFunctionalActivation(name: string): FunctionalActivation | undefined {
  const key = name.endsWith('_') ? name.slice(0, -1) : name;
  return Object.hasOwn(FUNCTIONAL_ACTIVATIONS, key) ? FUNCTIONAL_ACTIVATIONS[key] : undefined;
}

const RECURRENT_GATES: Record<string, number> = { SimpleRNN: 1, LSTM: 4, GRU: 3 };

/**
 * The fans PyTorch's initializers use for a layer's weight, from what its constructor states
 * (`LayerIR.statedFanIn` and the sizes beside it): Linear [out, in] → (in, out); ConvNd
 * [out, in/groups, *k] → (in/groups·Πk, out·Πk); ConvTransposeNd [in, out/groups, *k] →
 * (out/groups·Πk, in·Πk); Embedding [num, dim] → (dim, num); recurrent weight_ih
 * [gates·hidden, input] → (input, gates·hidden). Undefined when a size is not stated.
 */
export function statedFans(layer: LayerIR): Fans | undefined {
  const fanIn = layer.statedFanIn;
  if (fanIn === undefined) return undefined;
  const receptive = (layer.kernelSize ?? []).reduce((a, b) => a * b, 1);
  const configNumber = (key: string): number | undefined => (typeof layer.config[key] === 'number' ? (layer.config[key] as number) : undefined);
  let fanOut: number | undefined;
  if (layer.kind === 'Dense') fanOut = layer.units;
  else if (layer.kind === 'Embedding') fanOut = configNumber('input_dim');
  else if (RECURRENT_GATES[layer.kind] !== undefined) fanOut = layer.units === undefined ? undefined : RECURRENT_GATES[layer.kind] * layer.units;
  else if (/^Conv\dDTranspose$/.test(layer.kind)) fanOut = layer.kernelSize && configNumber('in_channels') !== undefined ? configNumber('in_channels')! * receptive : undefined;
  else if (/^Conv\dD$/.test(layer.kind)) fanOut = layer.kernelSize && layer.units !== undefined ? layer.units * receptive : undefined;
  return fanOut === undefined || !(fanOut > 0) ? undefined : { fanIn, fanOut };
}

