// Initializers as data: one canonical description (a distribution and its variance)
// plus each framework's spellings. Facts follow keras/src/initializers and TF 1.15's init_ops.

import { TRUNCATED_NORMAL_VARIANCE } from './variance';

export type FanMode = 'fan_in' | 'fan_out' | 'fan_avg';
export type RandomDistribution = 'normal' | 'truncated_normal' | 'uniform';

export type InitializerSpec =
  /** Variance = scale / fan(mode). */
  | { kind: 'variance_scaling'; name: string; distribution: RandomDistribution; scale: number; mode: FanMode }
  /** Variance fixed in absolute terms, whatever the layer's size. */
  | { kind: 'absolute'; name: string; distribution: RandomDistribution; mean: number; stddev: number }
  /** Every element the same; `value` undefined when it is not a literal. */
  | { kind: 'constant'; name: string; value: number | undefined }
  | { kind: 'orthogonal'; name: string; gain: number }
  | { kind: 'identity'; name: string; gain: number };

/** Values of literal call arguments by parameter name; `null` for a non-literal; a list of numbers as written (`Constant([1, 2])`). */
export type ArgValues = Record<string, number | string | boolean | null | number[] | undefined>;

/** How an initializer call's arguments make its spec (a Keras class, a torch.nn.init function). */
export interface InitializerBuilder {
  /** Positional parameters in order. */
  params: readonly string[];
  /** The spec for literal arguments; undefined when it depends on one that is not literal. */
  build(args: ArgValues): InitializerSpec | undefined;
}

export interface InitializerRow extends InitializerBuilder {
  /** Keras class name; its snake_case spelling is the canonical name. */
  className: string;
  snake: string;
}

/**
 * Number arguments by parameter name: the literal as written, the default when left out.
 * Undefined when one is written but is not a literal number: the spec is then unknown, never guessed.
 */
export function numberArgs<K extends string>(args: ArgValues, defaults: Record<K, number>): Record<K, number> | undefined {
  const read = { ...defaults };
  for (const name of Object.keys(defaults) as K[]) {
    const value = args[name];
    if (value === undefined) continue;
    if (typeof value !== 'number') return undefined;
    read[name] = value;
  }
  return read;
}

/**
 * A constant initializer's value: a scalar, or a list whose elements are all equal (Keras and
 * TF fill the kernel from the list, repeating its last element). A list of different numbers
 * is not one constant: undefined.
 */
function constantSpec(name: string, value: ArgValues[string], fallback: number): InitializerSpec | undefined {
  if (Array.isArray(value)) {
    if (value.length === 0 || value.some((item) => item !== value[0])) return undefined;
    return { kind: 'constant', name, value: value[0] };
  }
  // Keras's Constant takes a scalar: a non-literal one is still one constant, of unknown value.
  return { kind: 'constant', name, value: typeof value === 'number' ? value : value === undefined ? fallback : undefined };
}

/** A variance-scaling distribution argument; undefined for a non-literal or a name the framework rejects. */
function distributionOf(value: ArgValues[string]): RandomDistribution | undefined {
  if (value === undefined) return 'truncated_normal';
  if (value === 'uniform') return 'uniform';
  if (value === 'untruncated_normal') return 'normal';
  // Keras 2 and TF1 accept 'normal' as the older name of the truncated normal (TF1 warns).
  if (value === 'normal' || value === 'truncated_normal') return 'truncated_normal';
  return undefined;
}

function modeOf(value: ArgValues[string]): FanMode | undefined {
  if (value === undefined) return 'fan_in';
  return value === 'fan_in' || value === 'fan_out' || value === 'fan_avg' ? value : undefined;
}

function varianceScalingSpec(name: string, args: ArgValues, defaultScale = 1): InitializerSpec | undefined {
  const read = numberArgs(args, { scale: defaultScale });
  const mode = modeOf(args.mode);
  const distribution = distributionOf(args.distribution);
  return read && mode && distribution ? { kind: 'variance_scaling', name, scale: read.scale, mode, distribution } : undefined;
}

function presetRow(className: string, snake: string, scale: number, mode: FanMode, distribution: RandomDistribution, params: readonly string[] = ['seed']): InitializerRow {
  return { className, snake, params, build: () => ({ kind: 'variance_scaling', name: snake, distribution, scale, mode }) };
}

function uniformSpec(name: string, minval: number, maxval: number): InitializerSpec {
  return { kind: 'absolute', name, distribution: 'uniform', mean: (minval + maxval) / 2, stddev: (maxval - minval) / Math.sqrt(12) };
}

function normalSpec(name: string, distribution: 'normal' | 'truncated_normal', args: ArgValues, stddev: number): InitializerSpec | undefined {
  const read = numberArgs(args, { mean: 0, stddev });
  return read && { kind: 'absolute', name, distribution, mean: read.mean, stddev: read.stddev };
}

const KERAS_ROWS: readonly InitializerRow[] = [
  { className: 'Zeros', snake: 'zeros', params: [], build: () => ({ kind: 'constant', name: 'zeros', value: 0 }) },
  { className: 'Ones', snake: 'ones', params: [], build: () => ({ kind: 'constant', name: 'ones', value: 1 }) },
  { className: 'Constant', snake: 'constant', params: ['value'], build: (a) => constantSpec('constant', a.value, 0) },
  presetRow('GlorotUniform', 'glorot_uniform', 1, 'fan_avg', 'uniform'),
  presetRow('GlorotNormal', 'glorot_normal', 1, 'fan_avg', 'truncated_normal'),
  presetRow('HeUniform', 'he_uniform', 2, 'fan_in', 'uniform'),
  presetRow('HeNormal', 'he_normal', 2, 'fan_in', 'truncated_normal'),
  presetRow('LecunUniform', 'lecun_uniform', 1, 'fan_in', 'uniform'),
  presetRow('LecunNormal', 'lecun_normal', 1, 'fan_in', 'truncated_normal'),
  { className: 'VarianceScaling', snake: 'variance_scaling', params: ['scale', 'mode', 'distribution', 'seed'], build: (a) => varianceScalingSpec('variance_scaling', a) },
  { className: 'RandomNormal', snake: 'random_normal', params: ['mean', 'stddev', 'seed'], build: (a) => normalSpec('random_normal', 'normal', a, 0.05) },
  { className: 'TruncatedNormal', snake: 'truncated_normal', params: ['mean', 'stddev', 'seed'], build: (a) => normalSpec('truncated_normal', 'truncated_normal', a, 0.05) },
  {
    className: 'RandomUniform', snake: 'random_uniform', params: ['minval', 'maxval', 'seed'],
    build: (a) => {
      const read = numberArgs(a, { minval: -0.05, maxval: 0.05 });
      return read && uniformSpec('random_uniform', read.minval, read.maxval);
    },
  },
  {
    className: 'Orthogonal', snake: 'orthogonal', params: ['gain', 'seed'],
    build: (a) => {
      const read = numberArgs(a, { gain: 1 });
      return read && { kind: 'orthogonal', name: 'orthogonal', gain: read.gain };
    },
  },
  {
    className: 'Identity', snake: 'identity', params: ['gain'],
    build: (a) => {
      const read = numberArgs(a, { gain: 1 });
      return read && { kind: 'identity', name: 'identity', gain: read.gain };
    },
  },
];

/**
 * Further names Keras accepts for the same rows (keras.initializers ALL_OBJECTS_DICT aliases).
 * Keras 1's strings live on here: 'uniform' (±0.05), 'normal' (σ 0.05), 'zero', 'one'.
 */
const KERAS_ALIASES: Record<string, string> = {
  zero: 'zeros',
  one: 'ones',
  normal: 'random_normal',
  uniform: 'random_uniform',
  OrthogonalInitializer: 'orthogonal',
  orthogonal_initializer: 'orthogonal',
  IdentityInitializer: 'identity',
};

const KERAS_BY_NAME = new Map<string, InitializerRow>();
for (const row of KERAS_ROWS) {
  KERAS_BY_NAME.set(row.className, row);
  KERAS_BY_NAME.set(row.snake, row);
}
for (const [alias, target] of Object.entries(KERAS_ALIASES)) KERAS_BY_NAME.set(alias, KERAS_BY_NAME.get(target)!);

/** A Keras initializer by a name as written: `'he_normal'`, `HeNormal`, `'zero'`. */
export function kerasInitializer(written: string): InitializerRow | undefined {
  return KERAS_BY_NAME.get(written);
}

/** Keras's class name for a canonical initializer name (`he_normal` → `HeNormal`). */
export function kerasClassName(canonical: string): string {
  const row = KERAS_BY_NAME.get(canonical);
  if (!row) throw new Error(`kerasClassName: unknown initializer '${canonical}'`);
  return row.className;
}

export const KERAS_DEFAULT_KERNEL = 'glorot_uniform';
export const KERAS_DEFAULT_BIAS = 'zeros';

/** The spec Keras builds for a name with no arguments (its defaults). */
export function kerasSpec(written: string, args: ArgValues = {}): InitializerSpec | undefined {
  return kerasInitializer(written)?.build(args);
}

// TF1's initializer functions (tensorflow/python/ops/init_ops.py, TF 1.15) and tf.contrib.layers'.
// Their defaults are not Keras's: random_normal_initializer() has stddev 1.0, random_uniform_initializer()
// samples [0, 1), and 'normal' in variance_scaling_initializer is the truncated normal.

/**
 * Where an initializer name was found, which decides the defaults it has:
 * - `keras`: keras.initializers, tf.keras.initializers (Keras's names and defaults);
 * - `tf1`: tf.compat.v1.* (TF1's for sure);
 * - `tf`: tf.* and tf.initializers.*: TF1's, except where TF2 exports the same name with other defaults;
 * - `contrib`: tf.contrib.layers.*;
 * - `keras1`: Keras 1's keras.initializations functions of the kernel's shape.
 */
export type InitializerDialect = 'keras' | 'keras1' | 'tf1' | 'tf' | 'contrib';

/** A TF1 initializer, and the parameters whose defaults TF2 changed under the same name. */
interface Tf1Entry {
  row: InitializerRow;
  tf2Changed?: readonly string[];
}

const TF1_DTYPE = ['dtype'];

function tf1Row(snake: string, params: readonly string[], build: InitializerRow['build']): InitializerRow {
  return { className: snake, snake, params, build };
}

const TF1_ROWS: Record<string, InitializerRow> = {
  zeros: tf1Row('zeros', TF1_DTYPE, () => ({ kind: 'constant', name: 'zeros', value: 0 })),
  ones: tf1Row('ones', TF1_DTYPE, () => ({ kind: 'constant', name: 'ones', value: 1 })),
  // TF1 fills the kernel from a scalar, a list or an array: anything but literal equal numbers is unknown.
  constant: tf1Row('constant', ['value', 'dtype', 'verify_shape'], (a) => (a.value === null ? undefined : constantSpec('constant', a.value, 0))),
  random_uniform: tf1Row('random_uniform', ['minval', 'maxval', 'seed', 'dtype'], (a) => {
    // maxval=None means 1 for floats.
    const read = numberArgs(a, { minval: 0, maxval: 1 });
    return read && uniformSpec('random_uniform', read.minval, read.maxval);
  }),
  random_normal: tf1Row('random_normal', ['mean', 'stddev', 'seed', 'dtype'], (a) => normalSpec('random_normal', 'normal', a, 1)),
  truncated_normal: tf1Row('truncated_normal', ['mean', 'stddev', 'seed', 'dtype'], (a) => normalSpec('truncated_normal', 'truncated_normal', a, 1)),
  // Uniform in ±factor·√(3 / fan_in): variance factor² / fan_in.
  uniform_unit_scaling: tf1Row('uniform_unit_scaling', ['factor', 'seed', 'dtype'], (a) => {
    const read = numberArgs(a, { factor: 1 });
    return read && { kind: 'variance_scaling', name: 'uniform_unit_scaling', scale: read.factor * read.factor, mode: 'fan_in', distribution: 'uniform' };
  }),
  variance_scaling: tf1Row('variance_scaling', ['scale', 'mode', 'distribution', 'seed', 'dtype'], (a) => varianceScalingSpec('variance_scaling', a)),
  orthogonal: tf1Row('orthogonal', ['gain', 'seed', 'dtype'], (a) => {
    const read = numberArgs(a, { gain: 1 });
    return read && { kind: 'orthogonal', name: 'orthogonal', gain: read.gain };
  }),
  identity: tf1Row('identity', ['gain', 'dtype'], (a) => {
    const read = numberArgs(a, { gain: 1 });
    return read && { kind: 'identity', name: 'identity', gain: read.gain };
  }),
  glorot_uniform: presetRow('glorot_uniform', 'glorot_uniform', 1, 'fan_avg', 'uniform', ['seed', 'dtype']),
  glorot_normal: presetRow('glorot_normal', 'glorot_normal', 1, 'fan_avg', 'truncated_normal', ['seed', 'dtype']),
  he_uniform: presetRow('he_uniform', 'he_uniform', 2, 'fan_in', 'uniform'),
  he_normal: presetRow('he_normal', 'he_normal', 2, 'fan_in', 'truncated_normal'),
  lecun_uniform: presetRow('lecun_uniform', 'lecun_uniform', 1, 'fan_in', 'uniform'),
  lecun_normal: presetRow('lecun_normal', 'lecun_normal', 1, 'fan_in', 'truncated_normal'),
};

/**
 * TF1's names: the `*_initializer` functions at the top level and the `tf.initializers` module.
 * `tf2Changed`: TF2 exports the name too (`tf.random_normal_initializer`, `tf.initializers.random_normal`
 * — the Keras initializers) with ±0.05 / σ 0.05 defaults, so at plain `tf.` a left-out one is unknown.
 */
const TF1_BY_NAME = new Map<string, Tf1Entry>([
  ['zeros_initializer', { row: TF1_ROWS.zeros }],
  ['ones_initializer', { row: TF1_ROWS.ones }],
  ['constant_initializer', { row: TF1_ROWS.constant }],
  ['random_uniform_initializer', { row: TF1_ROWS.random_uniform, tf2Changed: ['minval', 'maxval'] }],
  ['random_normal_initializer', { row: TF1_ROWS.random_normal, tf2Changed: ['stddev'] }],
  ['truncated_normal_initializer', { row: TF1_ROWS.truncated_normal }],
  ['uniform_unit_scaling_initializer', { row: TF1_ROWS.uniform_unit_scaling }],
  ['variance_scaling_initializer', { row: TF1_ROWS.variance_scaling }],
  ['orthogonal_initializer', { row: TF1_ROWS.orthogonal }],
  ['glorot_uniform_initializer', { row: TF1_ROWS.glorot_uniform }],
  ['glorot_normal_initializer', { row: TF1_ROWS.glorot_normal }],
  ['zeros', { row: TF1_ROWS.zeros }],
  ['ones', { row: TF1_ROWS.ones }],
  ['constant', { row: TF1_ROWS.constant }],
  ['random_uniform', { row: TF1_ROWS.random_uniform, tf2Changed: ['minval', 'maxval'] }],
  ['random_normal', { row: TF1_ROWS.random_normal, tf2Changed: ['stddev'] }],
  ['truncated_normal', { row: TF1_ROWS.truncated_normal, tf2Changed: ['stddev'] }],
  ['uniform_unit_scaling', { row: TF1_ROWS.uniform_unit_scaling }],
  ['variance_scaling', { row: TF1_ROWS.variance_scaling }],
  ['orthogonal', { row: TF1_ROWS.orthogonal }],
  ['identity', { row: TF1_ROWS.identity }],
  ['glorot_uniform', { row: TF1_ROWS.glorot_uniform }],
  ['glorot_normal', { row: TF1_ROWS.glorot_normal }],
  ['he_uniform', { row: TF1_ROWS.he_uniform }],
  ['he_normal', { row: TF1_ROWS.he_normal }],
  ['lecun_uniform', { row: TF1_ROWS.lecun_uniform }],
  ['lecun_normal', { row: TF1_ROWS.lecun_normal }],
]);

/**
 * tf.contrib.layers: `variance_scaling_initializer(factor=2.0, mode='FAN_IN', uniform=False)` draws a
 * normal truncated at ±2σ with σ = √(1.3·factor / n), i.e. variance 1.3·factor·0.7737 / n; as a spec
 * (whose truncated normals have exactly scale / n) that is scale = 1.3·factor·0.7737.
 */
function contribSpec(name: string, args: ArgValues, defaults: { factor: number; mode: string; uniform: boolean }): InitializerSpec | undefined {
  const read = numberArgs(args, { factor: defaults.factor });
  const modeWritten = args.mode === undefined ? defaults.mode : args.mode;
  const mode = CONTRIB_MODES[String(modeWritten)];
  const uniform = args.uniform === undefined ? defaults.uniform : args.uniform;
  if (!read || !mode || typeof uniform !== 'boolean') return undefined;
  if (uniform) return { kind: 'variance_scaling', name, scale: read.factor, mode, distribution: 'uniform' };
  return { kind: 'variance_scaling', name, scale: 1.3 * read.factor * TRUNCATED_NORMAL_VARIANCE, mode, distribution: 'truncated_normal' };
}

const CONTRIB_MODES: Record<string, FanMode> = { FAN_IN: 'fan_in', FAN_OUT: 'fan_out', FAN_AVG: 'fan_avg' };

const XAVIER: InitializerRow = {
  className: 'xavier_initializer', snake: 'xavier_initializer', params: ['uniform', 'seed', 'dtype'],
  build: (a) => {
    const spec = contribSpec('xavier_initializer', a, { factor: 1, mode: 'FAN_AVG', uniform: true });
    // The uniform one is Glorot uniform exactly.
    return spec?.kind === 'variance_scaling' && spec.distribution === 'uniform' ? { ...spec, name: 'glorot_uniform' } : spec;
  },
};

const CONTRIB_BY_NAME = new Map<string, InitializerRow>([
  ['xavier_initializer', XAVIER],
  ['xavier_initializer_conv2d', XAVIER],
  [
    'variance_scaling_initializer',
    {
      className: 'variance_scaling_initializer', snake: 'variance_scaling', params: ['factor', 'mode', 'uniform', 'seed', 'dtype'],
      build: (a) => contribSpec('variance_scaling', a, { factor: 2, mode: 'FAN_IN', uniform: false }),
    },
  ],
]);

/**
 * Keras 1's keras.initializations (keras/initializations.py, Keras 1.2): functions of the shape,
 * `normal(shape, scale=0.05)` and `uniform(shape, scale=0.05)` with σ / the limit as `scale`, the
 * fan-scaled ones untruncated, and `orthogonal(shape, scale=1.1)` with a gain of 1.1 by default.
 */
function keras1Row(snake: string, params: readonly string[], build: InitializerRow['build']): InitializerRow {
  return { className: snake, snake, params, build };
}

const KERAS1_FAN = ['shape', 'name', 'dim_ordering'];
const KERAS1_SCALED = ['shape', 'scale', 'name'];

const KERAS1_BY_NAME = new Map<string, InitializerRow>([
  ['uniform', keras1Row('random_uniform', KERAS1_SCALED, (a) => {
    const read = numberArgs(a, { scale: 0.05 });
    return read && uniformSpec('random_uniform', -read.scale, read.scale);
  })],
  ['normal', keras1Row('random_normal', KERAS1_SCALED, (a) => {
    const read = numberArgs(a, { scale: 0.05 });
    return read && { kind: 'absolute', name: 'random_normal', distribution: 'normal', mean: 0, stddev: read.scale };
  })],
  ['lecun_uniform', presetRow('lecun_uniform', 'lecun_uniform', 1, 'fan_in', 'uniform', KERAS1_FAN)],
  ['glorot_normal', presetRow('glorot_normal', 'glorot_normal', 1, 'fan_avg', 'normal', KERAS1_FAN)],
  ['glorot_uniform', presetRow('glorot_uniform', 'glorot_uniform', 1, 'fan_avg', 'uniform', KERAS1_FAN)],
  ['he_normal', presetRow('he_normal', 'he_normal', 2, 'fan_in', 'normal', KERAS1_FAN)],
  ['he_uniform', presetRow('he_uniform', 'he_uniform', 2, 'fan_in', 'uniform', KERAS1_FAN)],
  ['orthogonal', keras1Row('orthogonal', KERAS1_SCALED, (a) => {
    const read = numberArgs(a, { scale: 1.1 });
    return read && { kind: 'orthogonal', name: 'orthogonal', gain: read.scale };
  })],
  ['identity', keras1Row('identity', KERAS1_SCALED, (a) => {
    const read = numberArgs(a, { scale: 1 });
    return read && { kind: 'identity', name: 'identity', gain: read.scale };
  })],
  ['zero', keras1Row('zeros', ['shape', 'name'], () => ({ kind: 'constant', name: 'zeros', value: 0 }))],
  ['one', keras1Row('ones', ['shape', 'name'], () => ({ kind: 'constant', name: 'ones', value: 1 }))],
]);

/** An initializer by the name written and where it was found; undefined when that module has no such name. */
export function initializerRow(dialect: InitializerDialect, written: string): InitializerRow | undefined {
  switch (dialect) {
    case 'keras':
      return KERAS_BY_NAME.get(written);
    case 'contrib':
      return CONTRIB_BY_NAME.get(written);
    case 'keras1':
      return KERAS1_BY_NAME.get(written);
    case 'tf1':
      return TF1_BY_NAME.get(written)?.row;
    case 'tf': {
      const entry = TF1_BY_NAME.get(written);
      if (!entry?.tf2Changed) return entry?.row;
      const changed = entry.tf2Changed;
      return { ...entry.row, build: (args) => (changed.some((name) => args[name] === undefined) ? undefined : entry.row.build(args)) };
    }
  }
}

/** True when every element of a kernel drawn from `spec` is equal: the symmetry problem. */
export function isSymmetric(spec: InitializerSpec): boolean {
  return spec.kind === 'constant' || (spec.kind === 'absolute' && spec.stddev === 0);
}

export function isZero(spec: InitializerSpec): boolean {
  return (spec.kind === 'constant' && spec.value === 0) || (spec.kind === 'absolute' && spec.stddev === 0 && spec.mean === 0);
}
