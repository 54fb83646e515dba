// Keras layer classes: constructor parameters and what each layer does to the signal.
// Parameter lists and defaults follow Keras 3 (keras/src/layers/**); tf.keras 2 declares the
// leading parameters, the ones written positionally, in the same order (differences noted).

import type { ConfigValue, LayerRole } from '../ir';
import type { ActivationName } from './activations';
import { KERAS_DEFAULT_BIAS, KERAS_DEFAULT_KERNEL } from './initializers';

/** A weight's initializer argument: its keyword and the initializer Keras uses without it. */
export interface InitializerParam {
  param: string;
  default: string;
}

export interface LayerRow {
  kind: string;
  role: LayerRole;
  /** Parameters in order, as the Keras constructor declares them (before `**kwargs`). */
  params: readonly string[];
  /**
   * Keras's defaults for the parameters that shape the signal (None as null). `LayerIR.config`
   * holds only what is written; these say what Keras uses for an argument left out.
   */
  defaults?: Readonly<Record<string, ConfigValue>>;
  /** For activation layers: the activation they apply (ReLU → relu); `Activation` reads its argument. */
  fixedActivation?: string;
  /** The activation when no `activation=` is written (recurrent layers: tanh); linear when absent. */
  defaultActivation?: ActivationName;
  /** The parameter counting the layer's output units or channels (`LayerIR.units`). */
  unitsParam?: string;
  /** A kernel layer's initializers: the main kernel, its bias, further kernels by role. */
  weights?: {
    kernel: InitializerParam;
    bias?: InitializerParam;
    extra?: Readonly<Record<string, InitializerParam>>;
  };
  /**
   * Older keyword spellings, by the parameter they set: Keras 2's `alpha`, and Keras 1's
   * (`init`, `output_dim`, `border_mode`, …) as Keras 2's legacy interfaces converted them.
   */
  renamed?: Readonly<Record<string, string>>;
  /**
   * Keras 1 wrote a 2-D window as one argument per axis (`nb_row`, `nb_col`): the parameters
   * whose values make up the kernel size, in order.
   */
  window?: readonly string[];
  /** The lowercase function in `keras.layers` that builds this layer and applies it: `add([a, b])`. */
  functional?: string;
}

const KERNEL: InitializerParam = { param: 'kernel_initializer', default: KERAS_DEFAULT_KERNEL };
const BIAS: InitializerParam = { param: 'bias_initializer', default: KERAS_DEFAULT_BIAS };
const DEPTHWISE: InitializerParam = { param: 'depthwise_initializer', default: KERAS_DEFAULT_KERNEL };

const REGULARIZE = ['kernel_regularizer', 'bias_regularizer', 'activity_regularizer', 'kernel_constraint', 'bias_constraint'];
const CONV_PARAMS = [
  'filters', 'kernel_size', 'strides', 'padding', 'data_format', 'dilation_rate', 'groups',
  'activation', 'use_bias', 'kernel_initializer', 'bias_initializer', ...REGULARIZE,
];
const CONV_TRANSPOSE_PARAMS = [
  'filters', 'kernel_size', 'strides', 'padding', 'output_padding', 'data_format', 'dilation_rate',
  'activation', 'use_bias', 'kernel_initializer', 'bias_initializer', ...REGULARIZE,
];
/** Keras 3 declares Conv3DTranspose's data_format before output_padding (tf.keras 2: after, as in 1D/2D). */
const CONV3D_TRANSPOSE_PARAMS = [
  'filters', 'kernel_size', 'strides', 'padding', 'data_format', 'output_padding', 'dilation_rate',
  'activation', 'use_bias', 'kernel_initializer', 'bias_initializer', ...REGULARIZE,
];
const SEPARABLE_PARAMS = [
  'filters', 'kernel_size', 'strides', 'padding', 'data_format', 'dilation_rate', 'depth_multiplier',
  'activation', 'use_bias', 'depthwise_initializer', 'pointwise_initializer', 'bias_initializer',
  'depthwise_regularizer', 'pointwise_regularizer', 'bias_regularizer', 'activity_regularizer',
  'depthwise_constraint', 'pointwise_constraint', 'bias_constraint',
];
const DEPTHWISE_PARAMS = [
  'kernel_size', 'strides', 'padding', 'depth_multiplier', 'data_format', 'dilation_rate',
  'activation', 'use_bias', 'depthwise_initializer', 'bias_initializer',
  'depthwise_regularizer', 'bias_regularizer', 'activity_regularizer', 'depthwise_constraint', 'bias_constraint',
];
const RNN_TAIL = ['dropout', 'recurrent_dropout'];
const RNN_RUN = ['return_sequences', 'return_state', 'go_backwards', 'stateful', 'unroll'];
const RNN_REGULARIZE = [
  'kernel_regularizer', 'recurrent_regularizer', 'bias_regularizer', 'activity_regularizer',
  'kernel_constraint', 'recurrent_constraint', 'bias_constraint',
];
const POOL_PARAMS = ['pool_size', 'strides', 'padding', 'data_format', 'name'];

// Keras 1 keyword spellings, from Keras 2's keras/legacy/interfaces.py (which converted them).
// `dim_ordering` is left out: its values ('tf', 'th') are not data_format's.
const KERAS1_REGULARIZE = {
  W_regularizer: 'kernel_regularizer', b_regularizer: 'bias_regularizer', W_constraint: 'kernel_constraint', b_constraint: 'bias_constraint', bias: 'use_bias',
};
const KERAS1_DENSE = { output_dim: 'units', init: 'kernel_initializer', ...KERAS1_REGULARIZE };
const KERAS1_CONV1D = {
  nb_filter: 'filters', filter_length: 'kernel_size', subsample_length: 'strides', border_mode: 'padding', init: 'kernel_initializer', ...KERAS1_REGULARIZE,
};
const KERAS1_CONV = { nb_filter: 'filters', subsample: 'strides', border_mode: 'padding', init: 'kernel_initializer', ...KERAS1_REGULARIZE };
const KERAS1_RECURRENT = {
  output_dim: 'units', init: 'kernel_initializer', inner_init: 'recurrent_initializer', W_regularizer: 'kernel_regularizer',
  b_regularizer: 'bias_regularizer', U_regularizer: 'recurrent_regularizer', dropout_W: 'dropout', dropout_U: 'recurrent_dropout',
};
const KERAS1_GATED = { ...KERAS1_RECURRENT, inner_activation: 'recurrent_activation' };
const KERAS1_POOL = { border_mode: 'padding' };
const KERAS1_POOL1D = { pool_length: 'pool_size', stride: 'strides', border_mode: 'padding' };
const GLOBAL_POOL_PARAMS = ['data_format', 'keepdims'];

/** A spatial size in Keras's spelling: an int in 1D, a tuple from 2D up. */
const perAxis = (rank: number, value: number): ConfigValue => (rank === 1 ? value : Array<number>(rank).fill(value));

function convRow(kind: string, rank: number): LayerRow {
  return {
    kind, role: 'kernel', params: CONV_PARAMS, unitsParam: 'filters', weights: { kernel: KERNEL, bias: BIAS },
    defaults: { strides: perAxis(rank, 1), padding: 'valid', data_format: null, dilation_rate: perAxis(rank, 1), groups: 1, use_bias: true },
    renamed: rank === 1 ? KERAS1_CONV1D : KERAS1_CONV,
  };
}

function convTransposeRow(kind: string, rank: number): LayerRow {
  return {
    kind, role: 'kernel', params: rank === 3 ? CONV3D_TRANSPOSE_PARAMS : CONV_TRANSPOSE_PARAMS, unitsParam: 'filters', weights: { kernel: KERNEL, bias: BIAS },
    defaults: { strides: perAxis(rank, 1), padding: 'valid', output_padding: null, data_format: null, dilation_rate: perAxis(rank, 1), use_bias: true },
    renamed: KERAS1_CONV,
  };
}

function separableRow(kind: string, rank: number): LayerRow {
  return {
    kind, role: 'kernel', params: SEPARABLE_PARAMS, unitsParam: 'filters',
    weights: { kernel: DEPTHWISE, bias: BIAS, extra: { pointwise: { param: 'pointwise_initializer', default: KERAS_DEFAULT_KERNEL } } },
    defaults: { strides: perAxis(rank, 1), padding: 'valid', data_format: null, dilation_rate: perAxis(rank, 1), depth_multiplier: 1, use_bias: true },
  };
}

/** Depthwise layers keep their channel count (times depth_multiplier): no `units`. */
function depthwiseRow(kind: string, rank: number): LayerRow {
  return {
    kind, role: 'kernel', params: DEPTHWISE_PARAMS, weights: { kernel: DEPTHWISE, bias: BIAS },
    defaults: { strides: perAxis(rank, 1), padding: 'valid', depth_multiplier: 1, data_format: null, dilation_rate: perAxis(rank, 1), use_bias: true },
  };
}

/** Recurrent layers: an input kernel, an orthogonal recurrent kernel and a bias. */
function recurrentRow(kind: string, params: string[], defaults: Record<string, ConfigValue>): LayerRow {
  return {
    kind, role: 'kernel', params, unitsParam: 'units', defaultActivation: 'tanh', renamed: params.includes('recurrent_activation') ? KERAS1_GATED : KERAS1_RECURRENT,
    weights: { kernel: KERNEL, bias: BIAS, extra: { recurrent: { param: 'recurrent_initializer', default: 'orthogonal' } } },
    defaults: { use_bias: true, dropout: 0, recurrent_dropout: 0, return_sequences: false, return_state: false, go_backwards: false, stateful: false, unroll: false, ...defaults },
  };
}

/** AveragePooling* require pool_size in Keras 3: code that leaves it out is tf.keras 2, where it is 2. */
function poolRow(kind: string, rank: number): LayerRow {
  return {
    kind, role: 'passthrough', params: POOL_PARAMS, defaults: { pool_size: perAxis(rank, 2), strides: null, padding: 'valid', data_format: null },
    renamed: rank === 1 ? KERAS1_POOL1D : KERAS1_POOL,
  };
}

function globalPoolRow(kind: string): LayerRow {
  return { kind, role: 'passthrough', params: GLOBAL_POOL_PARAMS, defaults: { data_format: null, keepdims: false } };
}

function mergeRow(kind: string, functional: string, params: string[] = [], defaults: Record<string, ConfigValue> = {}): LayerRow {
  return { kind, role: 'merge', params, defaults, functional };
}

const ROWS: readonly LayerRow[] = [
  {
    kind: 'Dense', role: 'kernel', unitsParam: 'units', weights: { kernel: KERNEL, bias: BIAS },
    params: ['units', 'activation', 'use_bias', 'kernel_initializer', 'bias_initializer', ...REGULARIZE, 'lora_rank', 'lora_alpha', 'quantization_config'],
    defaults: { use_bias: true }, renamed: KERAS1_DENSE,
  },
  {
    // An embedding matrix is the layer's kernel; it has no bias.
    kind: 'Embedding', role: 'kernel', unitsParam: 'output_dim',
    params: ['input_dim', 'output_dim', 'embeddings_initializer', 'embeddings_regularizer', 'embeddings_constraint', 'mask_zero', 'weights', 'lora_rank', 'lora_alpha', 'quantization_config'],
    weights: { kernel: { param: 'embeddings_initializer', default: 'uniform' } },
    defaults: { mask_zero: false },
    renamed: { init: 'embeddings_initializer', W_regularizer: 'embeddings_regularizer', W_constraint: 'embeddings_constraint' },
  },
  convRow('Conv1D', 1),
  convRow('Conv2D', 2),
  convRow('Conv3D', 3),
  convTransposeRow('Conv1DTranspose', 1),
  convTransposeRow('Conv2DTranspose', 2),
  convTransposeRow('Conv3DTranspose', 3),
  separableRow('SeparableConv1D', 1),
  separableRow('SeparableConv2D', 2),
  depthwiseRow('DepthwiseConv1D', 1),
  depthwiseRow('DepthwiseConv2D', 2),
  recurrentRow(
    'SimpleRNN',
    ['units', 'activation', 'use_bias', 'kernel_initializer', 'recurrent_initializer', 'bias_initializer', ...RNN_REGULARIZE, ...RNN_TAIL, ...RNN_RUN, 'seed'],
    {},
  ),
  recurrentRow(
    'LSTM',
    [
      'units', 'activation', 'recurrent_activation', 'use_bias', 'kernel_initializer', 'recurrent_initializer', 'bias_initializer',
      'unit_forget_bias', ...RNN_REGULARIZE, ...RNN_TAIL, 'seed', ...RNN_RUN, 'use_cudnn',
    ],
    { recurrent_activation: 'sigmoid', unit_forget_bias: true, use_cudnn: 'auto' },
  ),
  recurrentRow(
    'GRU',
    [
      'units', 'activation', 'recurrent_activation', 'use_bias', 'kernel_initializer', 'recurrent_initializer', 'bias_initializer',
      ...RNN_REGULARIZE, ...RNN_TAIL, 'seed', ...RNN_RUN, 'reset_after', 'use_cudnn',
    ],
    { recurrent_activation: 'sigmoid', reset_after: true, use_cudnn: 'auto' },
  ),

  { kind: 'Activation', role: 'activation', params: ['activation'] },
  { kind: 'ReLU', role: 'activation', params: ['max_value', 'negative_slope', 'threshold'], fixedActivation: 'relu', defaults: { max_value: null, negative_slope: 0, threshold: 0 } },
  {
    // Keras 2 spelled the slope `alpha`; Keras 3 still accepts it.
    kind: 'LeakyReLU', role: 'activation', params: ['negative_slope'], fixedActivation: 'leaky_relu',
    defaults: { negative_slope: 0.3 }, renamed: { alpha: 'negative_slope' },
  },
  { kind: 'ELU', role: 'activation', params: ['alpha'], fixedActivation: 'elu', defaults: { alpha: 1 } },
  {
    kind: 'PReLU', role: 'activation', params: ['alpha_initializer', 'alpha_regularizer', 'alpha_constraint', 'shared_axes'], fixedActivation: 'leaky_relu',
    defaults: { shared_axes: null }, renamed: { init: 'alpha_initializer' },
  },
  { kind: 'Softmax', role: 'activation', params: ['axis'], fixedActivation: 'softmax', defaults: { axis: -1 } },

  {
    kind: 'BatchNormalization', role: 'normalization',
    params: [
      'axis', 'momentum', 'epsilon', 'center', 'scale', 'beta_initializer', 'gamma_initializer', 'moving_mean_initializer',
      'moving_variance_initializer', 'beta_regularizer', 'gamma_regularizer', 'beta_constraint', 'gamma_constraint',
      'renorm', 'renorm_clipping', 'renorm_momentum', 'synchronized',
    ],
    defaults: { axis: -1, momentum: 0.99, epsilon: 1e-3, center: true, scale: true, renorm: false, renorm_momentum: 0.99, synchronized: false },
  },
  {
    kind: 'LayerNormalization', role: 'normalization',
    params: ['axis', 'epsilon', 'center', 'scale', 'beta_initializer', 'gamma_initializer', 'beta_regularizer', 'gamma_regularizer', 'beta_constraint', 'gamma_constraint'],
    defaults: { axis: -1, epsilon: 1e-3, center: true, scale: true },
  },

  { kind: 'Dropout', role: 'passthrough', params: ['rate', 'noise_shape', 'seed'], defaults: { noise_shape: null }, renamed: { p: 'rate' } },
  { kind: 'AlphaDropout', role: 'passthrough', params: ['rate', 'noise_shape', 'seed'], defaults: { noise_shape: null } },
  { kind: 'GaussianDropout', role: 'passthrough', params: ['rate', 'seed'], renamed: { p: 'rate' } },
  { kind: 'GaussianNoise', role: 'passthrough', params: ['stddev', 'seed'], renamed: { sigma: 'stddev' } },
  { kind: 'SpatialDropout1D', role: 'passthrough', params: ['rate', 'seed', 'name', 'dtype'] },
  { kind: 'SpatialDropout2D', role: 'passthrough', params: ['rate', 'data_format', 'seed', 'name', 'dtype'], defaults: { data_format: null } },
  { kind: 'SpatialDropout3D', role: 'passthrough', params: ['rate', 'data_format', 'seed', 'name', 'dtype'], defaults: { data_format: null } },

  { kind: 'Flatten', role: 'passthrough', params: ['data_format'], defaults: { data_format: null } },
  { kind: 'Reshape', role: 'passthrough', params: ['target_shape'] },
  { kind: 'UpSampling1D', role: 'passthrough', params: ['size'], defaults: { size: 2 }, renamed: { length: 'size' } },
  { kind: 'UpSampling2D', role: 'passthrough', params: ['size', 'data_format', 'interpolation'], defaults: { size: [2, 2], data_format: null, interpolation: 'nearest' } },
  { kind: 'UpSampling3D', role: 'passthrough', params: ['size', 'data_format'], defaults: { size: [2, 2, 2], data_format: null } },
  { kind: 'ZeroPadding1D', role: 'passthrough', params: ['padding', 'data_format'], defaults: { padding: 1, data_format: null } },
  { kind: 'ZeroPadding2D', role: 'passthrough', params: ['padding', 'data_format'], defaults: { padding: [1, 1], data_format: null } },
  // Nested-tuple defaults (((1, 1), (1, 1), (1, 1))) are not config values: left out.
  { kind: 'ZeroPadding3D', role: 'passthrough', params: ['padding', 'data_format'], defaults: { data_format: null } },
  { kind: 'Cropping1D', role: 'passthrough', params: ['cropping'], defaults: { cropping: [1, 1] } },
  { kind: 'Cropping2D', role: 'passthrough', params: ['cropping', 'data_format'], defaults: { data_format: null } },
  { kind: 'Cropping3D', role: 'passthrough', params: ['cropping', 'data_format'], defaults: { data_format: null } },

  poolRow('MaxPooling1D', 1),
  poolRow('MaxPooling2D', 2),
  poolRow('MaxPooling3D', 3),
  poolRow('AveragePooling1D', 1),
  poolRow('AveragePooling2D', 2),
  poolRow('AveragePooling3D', 3),
  globalPoolRow('GlobalAveragePooling1D'),
  globalPoolRow('GlobalAveragePooling2D'),
  globalPoolRow('GlobalAveragePooling3D'),
  globalPoolRow('GlobalMaxPooling1D'),
  globalPoolRow('GlobalMaxPooling2D'),
  globalPoolRow('GlobalMaxPooling3D'),

  mergeRow('Add', 'add'),
  mergeRow('Subtract', 'subtract'),
  mergeRow('Multiply', 'multiply'),
  mergeRow('Average', 'average'),
  mergeRow('Maximum', 'maximum'),
  mergeRow('Minimum', 'minimum'),
  mergeRow('Concatenate', 'concatenate', ['axis'], { axis: -1 }),
  mergeRow('Dot', 'dot', ['axes', 'normalize'], { normalize: false }),

  { kind: 'InputLayer', role: 'input', params: ['shape'] },
];

/** Other names Keras exports for the same classes (Keras 3, tf.keras 2, standalone Keras 2). */
const ALIASES: Record<string, string> = {
  Convolution1D: 'Conv1D',
  Convolution2D: 'Conv2D',
  Convolution3D: 'Conv3D',
  Convolution1DTranspose: 'Conv1DTranspose',
  Convolution2DTranspose: 'Conv2DTranspose',
  Convolution3DTranspose: 'Conv3DTranspose',
  // Standalone Keras 2 only (keras.layers.convolutional).
  Deconvolution2D: 'Conv2DTranspose',
  Deconvolution3D: 'Conv3DTranspose',
  Deconv2D: 'Conv2DTranspose',
  Deconv3D: 'Conv3DTranspose',
  SeparableConvolution1D: 'SeparableConv1D',
  SeparableConvolution2D: 'SeparableConv2D',
  MaxPool1D: 'MaxPooling1D',
  MaxPool2D: 'MaxPooling2D',
  MaxPool3D: 'MaxPooling3D',
  AvgPool1D: 'AveragePooling1D',
  AvgPool2D: 'AveragePooling2D',
  AvgPool3D: 'AveragePooling3D',
  GlobalAvgPool1D: 'GlobalAveragePooling1D',
  GlobalAvgPool2D: 'GlobalAveragePooling2D',
  GlobalAvgPool3D: 'GlobalAveragePooling3D',
  GlobalMaxPool1D: 'GlobalMaxPooling1D',
  GlobalMaxPool2D: 'GlobalMaxPooling2D',
  GlobalMaxPool3D: 'GlobalMaxPooling3D',
};

const BY_KIND = new Map(ROWS.map((row) => [row.kind, row]));
const BY_FUNCTION = new Map(ROWS.flatMap((row) => (row.functional ? [[row.functional, row] as const] : [])));

/**
 * Keras 1's `Convolution2D(nb_filter, nb_row, nb_col, init, activation, weights, border_mode,
 * subsample, …)`: the window as two positional sizes (standalone Keras 2 still read
 * `Convolution2D(32, 3, 3)` so). Keyword calls in Keras 2's spelling bind as before.
 */
const KERAS1_CONVOLUTION2D: LayerRow = {
  ...convRow('Conv2D', 2),
  params: [
    'filters', 'kernel_size', 'nb_col', 'kernel_initializer', 'activation', 'weights', 'padding', 'strides', 'dim_ordering',
    'kernel_regularizer', 'bias_regularizer', 'activity_regularizer', 'kernel_constraint', 'bias_constraint', 'use_bias',
    'bias_initializer', 'data_format', 'dilation_rate', 'groups',
  ],
  renamed: { ...KERAS1_CONV, nb_row: 'kernel_size' },
  window: ['kernel_size', 'nb_col'],
};

/** Exported names whose positional signature is Keras 1's, not their Keras 3 row's. */
const KERAS1_SIGNATURES: Record<string, LayerRow> = { Convolution2D: KERAS1_CONVOLUTION2D };

// TF1's layer functions (tensorflow/python/layers, TF 1.15): `tf.layers.dense(inputs, units, …)`
// builds the Keras layer and applies it to `inputs`. `kernel_initializer=None` means the variable
// scope's default, glorot_uniform, as Keras's.
const TF1_TAIL = ['trainable', 'name', 'reuse'];
const TF1_CONV_DEFAULTS = (rank: number): Record<string, ConfigValue> => ({
  strides: perAxis(rank, 1), padding: 'valid', data_format: 'channels_last', dilation_rate: perAxis(rank, 1), use_bias: true,
});

function tf1ConvRow(kind: string, rank: number): LayerRow {
  return {
    kind, role: 'kernel', unitsParam: 'filters', weights: { kernel: KERNEL, bias: BIAS }, defaults: TF1_CONV_DEFAULTS(rank),
    params: ['filters', 'kernel_size', 'strides', 'padding', 'data_format', 'dilation_rate', 'activation', 'use_bias', 'kernel_initializer', 'bias_initializer', ...REGULARIZE, ...TF1_TAIL],
  };
}

function tf1ConvTransposeRow(kind: string, rank: number): LayerRow {
  return {
    kind, role: 'kernel', unitsParam: 'filters', weights: { kernel: KERNEL, bias: BIAS },
    defaults: { strides: perAxis(rank, 1), padding: 'valid', data_format: 'channels_last', use_bias: true },
    params: ['filters', 'kernel_size', 'strides', 'padding', 'data_format', 'activation', 'use_bias', 'kernel_initializer', 'bias_initializer', ...REGULARIZE, ...TF1_TAIL],
  };
}

function tf1PoolRow(kind: string): LayerRow {
  return { kind, role: 'passthrough', params: ['pool_size', 'strides', 'padding', 'data_format', 'name'], defaults: { padding: 'valid', data_format: 'channels_last' } };
}

const TF1_FUNCTIONS: Record<string, LayerRow> = {
  'tf.layers.dense': {
    kind: 'Dense', role: 'kernel', unitsParam: 'units', weights: { kernel: KERNEL, bias: BIAS }, defaults: { use_bias: true },
    params: ['units', 'activation', 'use_bias', 'kernel_initializer', 'bias_initializer', ...REGULARIZE, ...TF1_TAIL],
  },
  'tf.layers.conv1d': tf1ConvRow('Conv1D', 1),
  'tf.layers.conv2d': tf1ConvRow('Conv2D', 2),
  'tf.layers.conv3d': tf1ConvRow('Conv3D', 3),
  'tf.layers.conv2d_transpose': tf1ConvTransposeRow('Conv2DTranspose', 2),
  'tf.layers.conv3d_transpose': tf1ConvTransposeRow('Conv3DTranspose', 3),
  'tf.layers.max_pooling1d': tf1PoolRow('MaxPooling1D'),
  'tf.layers.max_pooling2d': tf1PoolRow('MaxPooling2D'),
  'tf.layers.max_pooling3d': tf1PoolRow('MaxPooling3D'),
  'tf.layers.average_pooling1d': tf1PoolRow('AveragePooling1D'),
  'tf.layers.average_pooling2d': tf1PoolRow('AveragePooling2D'),
  'tf.layers.average_pooling3d': tf1PoolRow('AveragePooling3D'),
  'tf.layers.batch_normalization': {
    kind: 'BatchNormalization', role: 'normalization',
    params: [
      'axis', 'momentum', 'epsilon', 'center', 'scale', 'beta_initializer', 'gamma_initializer', 'moving_mean_initializer',
      'moving_variance_initializer', 'beta_regularizer', 'gamma_regularizer', 'beta_constraint', 'gamma_constraint', 'training',
      ...TF1_TAIL, 'renorm', 'renorm_clipping', 'renorm_momentum', 'fused', 'virtual_batch_size', 'adjustment',
    ],
    defaults: { axis: -1, momentum: 0.99, epsilon: 1e-3, center: true, scale: true, training: false, renorm: false, renorm_momentum: 0.99 },
  },
  'tf.layers.dropout': { kind: 'Dropout', role: 'passthrough', params: ['rate', 'noise_shape', 'seed', 'training', 'name'], defaults: { rate: 0.5, noise_shape: null, training: false } },
  'tf.layers.flatten': { kind: 'Flatten', role: 'passthrough', params: ['name', 'data_format'], defaults: { data_format: 'channels_last' } },
  // tf.contrib.layers.fully_connected(inputs, num_outputs, activation_fn=tf.nn.relu, normalizer_fn=None,
  // normalizer_params=None, weights_initializer=xavier_initializer(), …): ReLU unless told otherwise.
  'tf.contrib.layers.fully_connected': {
    kind: 'Dense', role: 'kernel', unitsParam: 'units', weights: { kernel: KERNEL, bias: BIAS }, defaultActivation: 'relu',
    params: [
      'units', 'activation', 'normalizer_fn', 'normalizer_params', 'kernel_initializer', 'kernel_regularizer', 'bias_initializer', 'bias_regularizer',
      'reuse', 'variables_collections', 'outputs_collections', 'trainable', 'scope',
    ],
    renamed: {
      num_outputs: 'units', activation_fn: 'activation', weights_initializer: 'kernel_initializer', weights_regularizer: 'kernel_regularizer',
      biases_initializer: 'bias_initializer', biases_regularizer: 'bias_regularizer',
    },
  },
};

/**
 * A Keras layer class by its exported name, or undefined for one the catalog does not know.
 * TF1's layer functions are found by their key (`tf.layers.dense`, as `tf1LayerFunction`).
 */
export function kerasLayer(className: string): LayerRow | undefined {
  return KERAS1_SIGNATURES[className] ?? BY_KIND.get(ALIASES[className] ?? className) ?? tf1LayerFunction(className);
}

/** A TF1 layer function by its key: `tf.layers.dense` (also reached as tf.compat.v1.layers.dense), `tf.contrib.layers.fully_connected`. */
export function tf1LayerFunction(key: string): LayerRow | undefined {
  return Object.hasOwn(TF1_FUNCTIONS, key) ? TF1_FUNCTIONS[key] : undefined;
}

/** The rows outside the Keras 3 table (Keras 1 signatures, TF1 functions), for consistency tests. */
export function legacyLayerRows(): readonly LayerRow[] {
  return [...Object.values(KERAS1_SIGNATURES), ...Object.values(TF1_FUNCTIONS)];
}

/**
 * The kernel size from literal arguments: `kernel_size`, or Keras 1's per-axis sizes
 * (`nb_row`, `nb_col`) when the row has them; undefined when any is not a literal number.
 */
export function kernelSizeOf(row: LayerRow, config: Readonly<Record<string, ConfigValue>>): number[] | undefined {
  const sizes = (row.window ?? ['kernel_size']).map((param) => config[param]).filter((value) => value !== undefined);
  if (sizes.length === 1 && Array.isArray(sizes[0])) return sizes[0];
  return sizes.length > 0 && sizes.every((value): value is number => typeof value === 'number') ? sizes : undefined;
}

/** The layer a `keras.layers` function (`add`, `concatenate`, …) builds and applies, if it is one. */
export function kerasLayerFunction(name: string): LayerRow | undefined {
  return BY_FUNCTION.get(name);
}

/** Every row, for tests that check the table's own consistency. */
export function kerasLayerRows(): readonly LayerRow[] {
  return ROWS;
}

/** Keras's automatic layer name: `Conv2D` → `conv2d`, `BatchNormalization` → `batch_normalization`. */
export function kerasAutoName(kind: string): string {
  return kind.replace(/(.)([A-Z][a-z]+)/g, '$1_$2').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}
