// TensorFlow.js as data: its layer factories mapped onto the Keras catalog rows, its camelCase
// option names onto Keras's snake_case parameters, and its initializers onto InitializerSpecs.
// Facts follow tfjs-layers 4.22 (src/exports_layers.ts, src/initializers.ts, src/layers/*.ts).

import type { ConfigValue } from '../ir';
import type { ArgValues, FanMode, InitializerSpec, RandomDistribution } from './initializers';
import { kerasLayer, type LayerRow } from './layers';

/** `tf.layers.<factory>` → the Keras class it builds. */
const LAYER_FACTORIES: Record<string, string> = {
  dense: 'Dense',
  conv1d: 'Conv1D',
  conv2d: 'Conv2D',
  conv3d: 'Conv3D',
  conv2dTranspose: 'Conv2DTranspose',
  conv3dTranspose: 'Conv3DTranspose',
  separableConv2d: 'SeparableConv2D',
  depthwiseConv2d: 'DepthwiseConv2D',
  embedding: 'Embedding',
  simpleRNN: 'SimpleRNN',
  lstm: 'LSTM',
  gru: 'GRU',
  activation: 'Activation',
  reLU: 'ReLU',
  leakyReLU: 'LeakyReLU',
  elu: 'ELU',
  prelu: 'PReLU',
  softmax: 'Softmax',
  batchNormalization: 'BatchNormalization',
  layerNormalization: 'LayerNormalization',
  dropout: 'Dropout',
  spatialDropout1d: 'SpatialDropout1D',
  alphaDropout: 'AlphaDropout',
  gaussianDropout: 'GaussianDropout',
  gaussianNoise: 'GaussianNoise',
  flatten: 'Flatten',
  reshape: 'Reshape',
  upSampling2d: 'UpSampling2D',
  zeroPadding2d: 'ZeroPadding2D',
  cropping2D: 'Cropping2D',
  maxPooling1d: 'MaxPooling1D',
  maxPooling2d: 'MaxPooling2D',
  maxPooling3d: 'MaxPooling3D',
  maxPool1d: 'MaxPooling1D',
  maxPool2d: 'MaxPooling2D',
  averagePooling1d: 'AveragePooling1D',
  averagePooling2d: 'AveragePooling2D',
  averagePooling3d: 'AveragePooling3D',
  avgPool1d: 'AveragePooling1D',
  avgPool2d: 'AveragePooling2D',
  avgPool3d: 'AveragePooling3D',
  avgPooling1d: 'AveragePooling1D',
  avgPooling2d: 'AveragePooling2D',
  avgPooling3d: 'AveragePooling3D',
  globalAveragePooling1d: 'GlobalAveragePooling1D',
  globalAveragePooling2d: 'GlobalAveragePooling2D',
  globalMaxPooling1d: 'GlobalMaxPooling1D',
  globalMaxPooling2d: 'GlobalMaxPooling2D',
  globalMaxPool1d: 'GlobalMaxPooling1D',
  globalMaxPool2d: 'GlobalMaxPooling2D',
  add: 'Add',
  average: 'Average',
  concatenate: 'Concatenate',
  maximum: 'Maximum',
  minimum: 'Minimum',
  multiply: 'Multiply',
  dot: 'Dot',
  inputLayer: 'InputLayer',
};

/**
 * The initializer TF.js uses for a weight left unset, by Keras kind and weight parameter
 * (tfjs-layers: Dense/Conv/RNN kernels `glorotNormal`, recurrent kernels `orthogonal`, biases
 * `zeros`, embeddings `randomUniform`, separable convolutions' kernels `glorotUniform`).
 */
function tfjsDefault(kind: string, param: string): string {
  if (param === 'bias_initializer') return 'zeros';
  if (param === 'recurrent_initializer') return 'orthogonal';
  if (param === 'embeddings_initializer') return 'randomUniform';
  if (kind === 'SeparableConv2D') return 'glorotUniform';
  return 'glorotNormal';
}

/** A weight's TF.js option (`kernelInitializer`) and the initializer TF.js uses without it. */
export interface TfjsWeightParam {
  option: string;
  default: string;
}

export interface TfjsLayerRow {
  factory: string;
  /** The Keras catalog row: kind, role, units parameter, which weights it has. */
  keras: LayerRow;
  weights?: {
    kernel: TfjsWeightParam;
    bias?: TfjsWeightParam;
    extra?: Record<string, TfjsWeightParam>;
  };
}

function weightParam(kind: string, param: string): TfjsWeightParam {
  return { option: snakeToCamel(param), default: tfjsDefault(kind, param) };
}

const LAYER_ROWS = new Map<string, TfjsLayerRow>();
const ROW_BY_KIND = new Map<string, TfjsLayerRow>();
for (const [factory, kind] of Object.entries(LAYER_FACTORIES)) {
  const keras = kerasLayer(kind);
  if (!keras) throw new Error(`tfjs catalog: no Keras row for ${kind}`);
  const row: TfjsLayerRow = { factory, keras };
  if (keras.weights) {
    const { kernel, bias, extra } = keras.weights;
    row.weights = { kernel: weightParam(kind, kernel.param) };
    if (bias) row.weights.bias = weightParam(kind, bias.param);
    if (extra) row.weights.extra = Object.fromEntries(Object.entries(extra).map(([role, param]) => [role, weightParam(kind, param.param)]));
  }
  LAYER_ROWS.set(factory, row);
  if (!ROW_BY_KIND.has(kind)) ROW_BY_KIND.set(kind, row);
}

/** A `tf.layers` factory by name (`dense`, `conv2d`, `maxPool2d`), or undefined when not catalogued. */
export function tfjsLayer(factory: string): TfjsLayerRow | undefined {
  return LAYER_ROWS.get(factory);
}

/** A factory building the Keras kind `kind` (aliases such as `maxPool2d` name their weights alike). */
export function tfjsLayerOfKind(kind: string): TfjsLayerRow | undefined {
  return ROW_BY_KIND.get(kind);
}

export function snakeToCamel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

export function camelToSnake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** TF.js spells `dataFormat` values in camelCase; the catalog and the simulation read Keras's. */
const DATA_FORMATS: Record<string, string> = { channelsLast: 'channels_last', channelsFirst: 'channels_first' };

/** A TF.js option as a Keras parameter: `kernelSize` → `kernel_size`; LeakyReLU's `alpha` → `negative_slope`. */
export function kerasParameter(row: TfjsLayerRow, option: string): string {
  const snake = camelToSnake(option);
  return row.keras.renamed?.[snake] ?? snake;
}

/** A literal option value in Keras's spelling (only `dataFormat` values differ). */
export function kerasConfigValue(parameter: string, value: ConfigValue): ConfigValue {
  return parameter === 'data_format' && typeof value === 'string' ? (DATA_FORMATS[value] ?? value) : value;
}

// --- Initializers ---------------------------------------------------------------------------

export interface TfjsInitializerRow {
  /** The `tf.initializers` factory and string identifier: `heNormal`. */
  name: string;
  /** The class TF.js builds (`initializer.constructor.className`): `HeNormal`. */
  className: string;
  /** The canonical (Keras snake_case) name the rules recommend by: `he_normal`. */
  canonical: string;
  /** Properties the factory's arguments object declares; undefined: it takes no arguments. */
  accepts?: readonly string[];
  /** The spec for literal arguments (`null` marks a non-literal one); undefined when it depends on one. */
  build(args: ArgValues): InitializerSpec | undefined;
}

/** Thrown inside a build when an argument is not a literal: the spec is unknown, not guessed. */
class NotLiteral extends Error {}

/**
 * TF.js's `a || DEFAULT` reading of a number argument: 0 (or a missing value) means the default,
 * so `randomNormal({stddev: 0})` samples with stddev 0.05, as TF.js does.
 */
function orDefault(value: ArgValues[string], fallback: number): number {
  if (value === null) throw new NotLiteral();
  return typeof value === 'number' && value !== 0 ? value : fallback;
}

/** TF.js's `a == null ? DEFAULT : a` reading. */
function nullDefault(value: ArgValues[string], fallback: number): number {
  if (value === null) throw new NotLiteral();
  return typeof value === 'number' ? value : fallback;
}

/**
 * TF.js's VarianceScaling samples a truncated normal (stddev √(scale/fan), uncorrected) for
 * `'normal'` and a uniform for any other distribution, `'truncatedNormal'` included.
 */
function sampledDistribution(distribution: ArgValues[string]): RandomDistribution {
  if (distribution === undefined || distribution === 'normal') return 'truncated_normal';
  if (distribution === 'uniform' || distribution === 'truncatedNormal') return 'uniform';
  throw new NotLiteral(); // TF.js rejects anything else
}

const FAN_MODES: Record<string, FanMode> = { fanIn: 'fan_in', fanOut: 'fan_out', fanAvg: 'fan_avg' };

function fanMode(mode: ArgValues[string]): FanMode {
  if (mode === undefined) return 'fan_in';
  const known = typeof mode === 'string' ? FAN_MODES[mode] : undefined;
  if (!known) throw new NotLiteral(); // non-literal, or a mode TF.js rejects
  return known;
}

const SEED = ['seed'];

interface RowData {
  name: string;
  className: string;
  canonical: string;
  accepts?: readonly string[];
  spec(args: ArgValues): InitializerSpec;
}

function row(data: RowData): TfjsInitializerRow {
  const { spec, ...rest } = data;
  return {
    ...rest,
    build(args) {
      try {
        return spec(args);
      } catch (error) {
        if (error instanceof NotLiteral) return undefined;
        throw error;
      }
    },
  };
}

function presetRow(name: string, className: string, canonical: string, scale: number, mode: FanMode, distribution: RandomDistribution): TfjsInitializerRow {
  return row({ name, className, canonical, accepts: SEED, spec: () => ({ kind: 'variance_scaling', name, distribution, scale, mode }) });
}

const INITIALIZER_ROWS: readonly TfjsInitializerRow[] = [
  row({ name: 'zeros', className: 'Zeros', canonical: 'zeros', spec: () => ({ kind: 'constant', name: 'zeros', value: 0 }) }),
  row({ name: 'ones', className: 'Ones', canonical: 'ones', spec: () => ({ kind: 'constant', name: 'ones', value: 1 }) }),
  row({
    name: 'constant', className: 'Constant', canonical: 'constant', accepts: ['value'],
    // A constant whose value is not a literal is still a constant: symmetric, value unknown.
    spec: (a) => ({ kind: 'constant', name: 'constant', value: typeof a.value === 'number' ? a.value : undefined }),
  }),
  row({
    name: 'randomNormal', className: 'RandomNormal', canonical: 'random_normal', accepts: ['mean', 'stddev', 'seed'],
    spec: (a) => ({ kind: 'absolute', name: 'randomNormal', distribution: 'normal', mean: orDefault(a.mean, 0), stddev: orDefault(a.stddev, 0.05) }),
  }),
  row({
    name: 'truncatedNormal', className: 'TruncatedNormal', canonical: 'truncated_normal', accepts: ['mean', 'stddev', 'seed'],
    spec: (a) => ({ kind: 'absolute', name: 'truncatedNormal', distribution: 'truncated_normal', mean: orDefault(a.mean, 0), stddev: orDefault(a.stddev, 0.05) }),
  }),
  row({
    name: 'randomUniform', className: 'RandomUniform', canonical: 'random_uniform', accepts: ['minval', 'maxval', 'seed'],
    spec: (a) => {
      const minval = orDefault(a.minval, -0.05);
      const maxval = orDefault(a.maxval, 0.05);
      return { kind: 'absolute', name: 'randomUniform', distribution: 'uniform', mean: (minval + maxval) / 2, stddev: (maxval - minval) / Math.sqrt(12) };
    },
  }),
  presetRow('glorotUniform', 'GlorotUniform', 'glorot_uniform', 1, 'fan_avg', 'uniform'),
  presetRow('glorotNormal', 'GlorotNormal', 'glorot_normal', 1, 'fan_avg', 'truncated_normal'),
  presetRow('heUniform', 'HeUniform', 'he_uniform', 2, 'fan_in', 'uniform'),
  presetRow('heNormal', 'HeNormal', 'he_normal', 2, 'fan_in', 'truncated_normal'),
  presetRow('leCunUniform', 'LeCunUniform', 'lecun_uniform', 1, 'fan_in', 'uniform'),
  presetRow('leCunNormal', 'LeCunNormal', 'lecun_normal', 1, 'fan_in', 'truncated_normal'),
  row({
    name: 'varianceScaling', className: 'VarianceScaling', canonical: 'variance_scaling', accepts: ['scale', 'mode', 'distribution', 'seed'],
    spec: (a) => ({ kind: 'variance_scaling', name: 'varianceScaling', scale: nullDefault(a.scale, 1), mode: fanMode(a.mode), distribution: sampledDistribution(a.distribution) }),
  }),
  row({ name: 'orthogonal', className: 'Orthogonal', canonical: 'orthogonal', accepts: ['gain', 'seed'], spec: (a) => ({ kind: 'orthogonal', name: 'orthogonal', gain: nullDefault(a.gain, 1) }) }),
  row({ name: 'identity', className: 'Identity', canonical: 'identity', accepts: ['gain'], spec: (a) => ({ kind: 'identity', name: 'identity', gain: nullDefault(a.gain, 1) }) }),
];

const BY_IDENTIFIER = new Map<string, TfjsInitializerRow>();
const BY_CANONICAL = new Map<string, TfjsInitializerRow>();
for (const row of INITIALIZER_ROWS) {
  BY_IDENTIFIER.set(row.name, row);
  BY_CANONICAL.set(row.canonical, row);
}

/** A `tf.initializers` factory by name (`heNormal`), or undefined. */
export function tfjsInitializerFactory(name: string): TfjsInitializerRow | undefined {
  return BY_IDENTIFIER.get(name);
}

/**
 * The initializer a string identifier names. TF.js looks camelCase identifiers up in its map
 * and otherwise takes the string as a class name, so `'HeNormal'` works as well as `'heNormal'`.
 */
export function tfjsInitializerByIdentifier(identifier: string): TfjsInitializerRow | undefined {
  return BY_IDENTIFIER.get(identifier) ?? INITIALIZER_ROWS.find((row) => row.className === identifier);
}

/** The TF.js row for a canonical name the rules recommend (`he_normal` → `heNormal`). */
export function tfjsInitializerForCanonical(canonical: string): TfjsInitializerRow | undefined {
  return BY_CANONICAL.get(canonical);
}

/** The spec TF.js builds for a string identifier, or undefined when TF.js does not know it. */
export function tfjsSpec(identifier: string, args: ArgValues = {}): InitializerSpec | undefined {
  return tfjsInitializerByIdentifier(identifier)?.build(args);
}
