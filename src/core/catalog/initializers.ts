// Initializers as data: one canonical description (a distribution and its variance)
// plus each framework's spellings. Facts follow keras/src/initializers.

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

/** Values of literal call arguments by parameter name; `null` for a non-literal. */
export type ArgValues = Record<string, number | string | boolean | null | undefined>;

interface InitializerRow {
  /** Keras class name; its snake_case spelling is the canonical name. */
  className: string;
  snake: string;
  /** Positional parameters in order. */
  params: readonly string[];
  build(args: ArgValues): InitializerSpec;
}

const num = (value: ArgValues[string], fallback: number): number => (typeof value === 'number' ? value : fallback);

function presetRow(className: string, snake: string, scale: number, mode: FanMode, distribution: RandomDistribution): InitializerRow {
  return { className, snake, params: ['seed'], build: () => ({ kind: 'variance_scaling', name: snake, distribution, scale, mode }) };
}

function uniformSpec(name: string, minval: number, maxval: number): InitializerSpec {
  return { kind: 'absolute', name, distribution: 'uniform', mean: (minval + maxval) / 2, stddev: (maxval - minval) / Math.sqrt(12) };
}

const KERAS_ROWS: readonly InitializerRow[] = [
  { className: 'Zeros', snake: 'zeros', params: [], build: () => ({ kind: 'constant', name: 'zeros', value: 0 }) },
  { className: 'Ones', snake: 'ones', params: [], build: () => ({ kind: 'constant', name: 'ones', value: 1 }) },
  {
    className: 'Constant', snake: 'constant', params: ['value'],
    build: (a) => ({ kind: 'constant', name: 'constant', value: a.value === null ? undefined : num(a.value, 0) }),
  },
  presetRow('GlorotUniform', 'glorot_uniform', 1, 'fan_avg', 'uniform'),
  presetRow('GlorotNormal', 'glorot_normal', 1, 'fan_avg', 'truncated_normal'),
  presetRow('HeUniform', 'he_uniform', 2, 'fan_in', 'uniform'),
  presetRow('HeNormal', 'he_normal', 2, 'fan_in', 'truncated_normal'),
  presetRow('LecunUniform', 'lecun_uniform', 1, 'fan_in', 'uniform'),
  presetRow('LecunNormal', 'lecun_normal', 1, 'fan_in', 'truncated_normal'),
  {
    className: 'VarianceScaling', snake: 'variance_scaling', params: ['scale', 'mode', 'distribution', 'seed'],
    build: (a) => ({
      kind: 'variance_scaling', name: 'variance_scaling', scale: num(a.scale, 1),
      mode: a.mode === 'fan_out' || a.mode === 'fan_avg' ? a.mode : 'fan_in',
      distribution: a.distribution === 'uniform' ? 'uniform' : a.distribution === 'untruncated_normal' ? 'normal' : 'truncated_normal',
    }),
  },
  {
    className: 'RandomNormal', snake: 'random_normal', params: ['mean', 'stddev', 'seed'],
    build: (a) => ({ kind: 'absolute', name: 'random_normal', distribution: 'normal', mean: num(a.mean, 0), stddev: num(a.stddev, 0.05) }),
  },
  {
    className: 'TruncatedNormal', snake: 'truncated_normal', params: ['mean', 'stddev', 'seed'],
    build: (a) => ({ kind: 'absolute', name: 'truncated_normal', distribution: 'truncated_normal', mean: num(a.mean, 0), stddev: num(a.stddev, 0.05) }),
  },
  {
    className: 'RandomUniform', snake: 'random_uniform', params: ['minval', 'maxval', 'seed'],
    build: (a) => uniformSpec('random_uniform', num(a.minval, -0.05), num(a.maxval, 0.05)),
  },
  { className: 'Orthogonal', snake: 'orthogonal', params: ['gain', 'seed'], build: (a) => ({ kind: 'orthogonal', name: 'orthogonal', gain: num(a.gain, 1) }) },
  { className: 'Identity', snake: 'identity', params: ['gain'], build: (a) => ({ kind: 'identity', name: 'identity', gain: num(a.gain, 1) }) },
];

/** Further names Keras accepts for the same rows (keras.initializers ALL_OBJECTS_DICT aliases). */
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

/** True when every element of a kernel drawn from `spec` is equal: the symmetry problem. */
export function isSymmetric(spec: InitializerSpec): boolean {
  return spec.kind === 'constant' || (spec.kind === 'absolute' && spec.stddev === 0);
}

export function isZero(spec: InitializerSpec): boolean {
  return (spec.kind === 'constant' && spec.value === 0) || (spec.kind === 'absolute' && spec.stddev === 0 && spec.mean === 0);
}
