// Random Keras (Python) model files: import styles and aliases, Sequential lists, `model.add`
// chains, functional graphs with residual `Add`s, helper functions, loops, subclassed models and
// TF1 `tf.layers` calls, with initializers in every spelling (strings, classes, Keras functions,
// TF1 functions, bound names, unknown calls) and scales from sane to absurd. Everything is built
// from fast-check arbitraries, so a failing file shrinks to fewer, simpler layers.

import fc from 'fast-check';
import type { FuzzInput } from './inputs';

/** How the file reaches Keras: the text of its imports and the prefixes its code writes. */
interface KerasImports {
  header: string;
  /** Before `Sequential`, `Model`, `Input`. */
  models: string;
  /** Before `Dense`, `Conv2D`, … */
  layers: string;
  /** Before `HeNormal`, `RandomNormal`, … */
  initializers: string;
}

const LAYER_NAMES = 'Dense, Conv2D, Flatten, Dropout, BatchNormalization, Activation, Embedding, LSTM, Add, add, MaxPooling2D, GlobalAveragePooling2D, LeakyReLU, ReLU, Input';
const INIT_NAMES = 'HeNormal, HeUniform, GlorotUniform, GlorotNormal, LecunNormal, RandomNormal, RandomUniform, TruncatedNormal, Constant, VarianceScaling, Orthogonal, Zeros, Ones, Identity';

const IMPORTS: readonly KerasImports[] = [
  { header: 'import keras\nfrom keras import layers, initializers\n', models: 'keras.', layers: 'layers.', initializers: 'initializers.' },
  { header: 'import tensorflow as tf\n', models: 'tf.keras.', layers: 'tf.keras.layers.', initializers: 'tf.keras.initializers.' },
  { header: 'import tensorflow as tf\nfrom tensorflow import keras\nfrom tensorflow.keras import layers as KL\n', models: 'keras.', layers: 'KL.', initializers: 'keras.initializers.' },
  { header: 'import keras as K\n', models: 'K.', layers: 'K.layers.', initializers: 'K.initializers.' },
  {
    header: `from keras.models import Sequential, Model\nfrom keras.layers import ${LAYER_NAMES}\nfrom keras.initializers import ${INIT_NAMES}\n`,
    models: '',
    layers: '',
    initializers: '',
  },
  {
    header: `from tensorflow.keras import Sequential, Model, Input\nfrom tensorflow.keras.layers import (\n    ${LAYER_NAMES},\n)\nfrom tensorflow.keras import initializers as inits\n`,
    models: '',
    layers: '',
    initializers: 'inits.',
  },
  { header: 'from keras.layers import *\nfrom keras import Sequential, Model\n', models: '', layers: '', initializers: 'keras.initializers.' },
  // Nothing imported: every name is unknown, nothing may be guessed.
  { header: '', models: 'keras.', layers: 'layers.', initializers: 'initializers.' },
];

/** A number as Python writes it: ordinary scales, zero, negatives, under- and overflowing literals. */
export const pythonNumber: fc.Arbitrary<string> = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom('0.01', '0.05', '0.1', '1.0', '2.0', '0.5', '1', '2', '1e-3') },
  { weight: 2, arbitrary: fc.constantFrom('0', '0.0', '-1.0', '-0.0', '1e308', '1e309', '1e-320', '10**40', '1_000.5', '.5', '5.', "float('nan')", "float('inf')", 'x', '(1)') },
  { weight: 2, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((value) => String(value)) },
);

export const pythonSize: fc.Arbitrary<string> = fc.oneof(
  { weight: 30, arbitrary: fc.integer({ min: 1, max: 300 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('0', '-3', '1000000', '2**31', 'n_units', 'units * 2', '3.5', "'64'", 'None') },
);

const quote = fc.constantFrom("'", '"');
const quoted = (name: fc.Arbitrary<string>): fc.Arbitrary<string> => fc.tuple(quote, name).map(([q, text]) => `${q}${text}${q}`);

const INIT_STRINGS = [
  'he_normal', 'he_uniform', 'glorot_uniform', 'glorot_normal', 'lecun_normal', 'lecun_uniform', 'zeros', 'ones', 'orthogonal',
  'identity', 'random_normal', 'random_uniform', 'truncated_normal', 'variance_scaling', 'constant', 'uniform', 'normal', 'zero', 'one',
  'HeNormal', 'GlorotUniform', 'Zeros', 'heNormal', 'bogus_init', '',
];
const ACTIVATION_STRINGS = [
  'relu', 'relu', 'tanh', 'sigmoid', 'selu', 'elu', 'gelu', 'swish', 'silu', 'linear', 'softmax', 'leaky_relu', 'relu6',
  'hard_sigmoid', 'softsign', 'mish', 'softplus', 'exponential', 'log_softmax', 'bogus', 'ReLU', '',
];

export const pythonActivation: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: quoted(fc.constantFrom(...ACTIVATION_STRINGS)) },
  { weight: 1, arbitrary: fc.constantFrom('tf.nn.relu', 'tf.nn.tanh', 'tf.nn.selu', 'keras.activations.tanh', 'activations.sigmoid', 'None', 'my_activation', 'lambda x: x') },
);

const keyword = (name: string, value: fc.Arbitrary<string>) => value.map((text) => `${name}=${text}`);
/** Each argument present or not, one time in two, in order. */
const someOf = (items: fc.Arbitrary<string>[]): fc.Arbitrary<string[]> =>
  fc.tuple(...items.map((item) => fc.option(item, { nil: undefined, freq: 2 }))).map((chosen) => chosen.filter((text): text is string => text !== undefined));

function classInitializer(prefix: string): fc.Arbitrary<string> {
  const distribution = quoted(fc.constantFrom('truncated_normal', 'untruncated_normal', 'normal', 'uniform', 'bogus'));
  const mode = quoted(fc.constantFrom('fan_in', 'fan_out', 'fan_avg', 'FAN_IN', 'bogus'));
  const seed = keyword('seed', fc.constantFrom('0', '1', '42', 'None'));
  const forms: fc.Arbitrary<string>[] = [
    fc.tuple(fc.constantFrom('HeNormal', 'HeUniform', 'GlorotUniform', 'GlorotNormal', 'LecunNormal', 'LecunUniform', 'Zeros', 'Ones', 'Identity'), someOf([seed])).map(
      ([name, args]) => `${prefix}${name}(${args.join(', ')})`,
    ),
    someOf([keyword('mean', pythonNumber), keyword('stddev', pythonNumber), seed]).map((args) => `${prefix}RandomNormal(${args.join(', ')})`),
    someOf([keyword('stddev', pythonNumber), seed]).map((args) => `${prefix}TruncatedNormal(${args.join(', ')})`),
    someOf([keyword('minval', pythonNumber), keyword('maxval', pythonNumber), seed]).map((args) => `${prefix}RandomUniform(${args.join(', ')})`),
    fc.oneof(pythonNumber, keyword('value', pythonNumber)).map((arg) => `${prefix}Constant(${arg})`),
    someOf([keyword('scale', pythonNumber), keyword('mode', mode), keyword('distribution', distribution), seed]).map((args) => `${prefix}VarianceScaling(${args.join(', ')})`),
    someOf([keyword('gain', pythonNumber), seed]).map((args) => `${prefix}Orthogonal(${args.join(', ')})`),
  ];
  return fc.oneof(...forms);
}

const tf1Initializer: fc.Arbitrary<string> = fc.oneof(
  ...['tf.', 'tf.compat.v1.'].map((root) =>
    fc.oneof(
      fc.constantFrom('zeros_initializer()', 'ones_initializer()', 'glorot_uniform_initializer()', 'glorot_normal_initializer(seed=1)', 'orthogonal_initializer()').map((call) => root + call),
      pythonNumber.map((value) => `${root}truncated_normal_initializer(stddev=${value})`),
      fc.tuple(pythonNumber, pythonNumber).map(([mean, stddev]) => `${root}random_normal_initializer(${mean}, ${stddev})`),
      pythonNumber.map((value) => `${root}constant_initializer(${value})`),
      pythonNumber.map((scale) => `${root}variance_scaling_initializer(scale=${scale}, mode='fan_in')`),
    ),
  ),
  fc.constantFrom('tf.contrib.layers.xavier_initializer()', 'tf.contrib.layers.xavier_initializer(uniform=False)'),
  fc.tuple(pythonNumber, fc.constantFrom("'FAN_IN'", "'FAN_AVG'", "'FAN_OUT'"), fc.boolean()).map(
    ([factor, mode, uniform]) => `tf.contrib.layers.variance_scaling_initializer(factor=${factor}, mode=${mode}, uniform=${uniform ? 'True' : 'False'})`,
  ),
);

/** An initializer expression in any spelling the file's imports can reach. */
export function pythonInitializer(imports: KerasImports): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 5, arbitrary: quoted(fc.constantFrom(...INIT_STRINGS)) },
    { weight: 4, arbitrary: classInitializer(imports.initializers) },
    { weight: 1, arbitrary: fc.constantFrom('he_normal', 'glorot_uniform', 'zeros', 'lecun_normal').map((name) => `tf.keras.initializers.${name}(seed=1)`) },
    { weight: 2, arbitrary: tf1Initializer },
    { weight: 1, arbitrary: fc.constantFrom('INIT', 'make_init(3)', 'None', 'custom.initializer', 'initializers.get("he_normal")') },
  );
}

/** Arguments common to layers with a kernel: activation and initializers, each maybe absent. */
function kernelArguments(imports: KerasImports, extra: fc.Arbitrary<string>[] = []): fc.Arbitrary<string[]> {
  const init = pythonInitializer(imports);
  return someOf([
    keyword('activation', pythonActivation),
    keyword('kernel_initializer', init),
    keyword('bias_initializer', init),
    keyword('use_bias', fc.constantFrom('True', 'False')),
    keyword('name', quoted(fc.constantFrom('hidden', 'dense_1', 'out', 'x', '', 'naïve', 'a b', 'layer\\n'))),
    ...extra,
  ]);
}

export type LayerContext = 'sequential' | 'functional';

/** One layer constructor call (not applied). */
export function kerasLayer(imports: KerasImports, context: LayerContext): fc.Arbitrary<string> {
  const p = imports.layers;
  const inputShape = keyword('input_shape', fc.array(pythonSize, { minLength: 1, maxLength: 3 }).map((dims) => `(${dims.join(', ')},)`));
  const dense = fc.tuple(pythonSize, kernelArguments(imports, [inputShape])).map(([units, args]) => `${p}Dense(${[units, ...args].join(', ')})`);
  const conv = fc
    .tuple(pythonSize, fc.oneof(pythonSize, fc.tuple(pythonSize, pythonSize).map(([a, b]) => `(${a}, ${b})`)), kernelArguments(imports, [keyword('strides', pythonSize), keyword('padding', quoted(fc.constantFrom('same', 'valid', 'causal')))]))
    .map(([filters, size, args]) => `${p}Conv2D(${[filters, size, ...args].join(', ')})`);
  const embedding = fc
    .tuple(pythonSize, pythonSize, someOf([keyword('embeddings_initializer', pythonInitializer(imports))]))
    .map(([inputDim, outputDim, args]) => `${p}Embedding(${[inputDim, outputDim, ...args].join(', ')})`);
  const lstm = fc
    .tuple(pythonSize, kernelArguments(imports, [keyword('recurrent_initializer', pythonInitializer(imports)), keyword('return_sequences', fc.constantFrom('True', 'False'))]))
    .map(([units, args]) => `${p}LSTM(${[units, ...args].join(', ')})`);
  const simple = fc.oneof(
    fc.constant(`${p}Flatten()`),
    pythonNumber.map((rate) => `${p}Dropout(${rate})`),
    fc.constant(`${p}BatchNormalization()`),
    pythonActivation.map((activation) => `${p}Activation(${activation})`),
    fc.constant(`${p}MaxPooling2D()`),
    fc.constant(`${p}GlobalAveragePooling2D()`),
    pythonNumber.map((alpha) => `${p}LeakyReLU(${alpha})`),
    fc.constant(`${p}ReLU()`),
  );
  const layers = [
    { weight: 8, arbitrary: dense },
    { weight: 2, arbitrary: conv },
    { weight: 4, arbitrary: simple },
    { weight: 1, arbitrary: embedding },
    { weight: 1, arbitrary: lstm },
  ];
  return context === 'functional' ? fc.oneof(...layers) : fc.oneof(...layers, { weight: 1, arbitrary: fc.constant(`${p}Add()`) });
}

/** Absent three times in four: most files hold one model, a few two or three. */
export const sometimes = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });

const indent = (lines: string[], by = '    '): string[] => lines.map((line) => (line === '' ? line : by + line));

function inputCall(imports: KerasImports): fc.Arbitrary<string> {
  return fc.array(pythonSize, { minLength: 1, maxLength: 3 }).map((dims) => `${imports.models}Input(shape=(${dims.join(', ')},))`);
}

/** `model = Sequential([...])`, maybe with an Input first. */
function sequentialList(imports: KerasImports, name: string): fc.Arbitrary<string[]> {
  return fc
    .tuple(fc.option(inputCall(imports)), fc.array(kerasLayer(imports, 'sequential'), { maxLength: 8 }), fc.boolean())
    .map(([input, layers, named]) => [
      `${name} = ${imports.models}Sequential([`,
      ...(input ? [`    ${input},`] : []),
      ...layers.map((layer) => `    ${layer},`),
      `]${named ? `, name='${name}'` : ''})`,
    ]);
}

/** `model = Sequential()` then `model.add(...)`, some inside `for` loops. */
function addChain(imports: KerasImports, name: string): fc.Arbitrary<string[]> {
  const loopHeader = fc.oneof(
    fc.integer({ min: 0, max: 30 }).map((count) => `for _ in range(${count}):`),
    fc.constantFrom('for units in [256, 128, 64]:', 'for i in range(depth):', 'while growing:', 'for _ in range(2, 8, 2):'),
  );
  const step = fc.oneof(
    { weight: 4, arbitrary: kerasLayer(imports, 'sequential').map((layer) => [`${name}.add(${layer})`]) },
    { weight: 1, arbitrary: fc.tuple(loopHeader, fc.array(kerasLayer(imports, 'sequential'), { minLength: 1, maxLength: 3 })).map(([header, layers]) => [header, ...layers.map((layer) => `    ${name}.add(${layer})`)]) },
  );
  return fc
    .tuple(fc.option(inputCall(imports), { nil: undefined, freq: 4 }), fc.array(step, { maxLength: 8 }))
    .map(([input, steps]) => [`${name} = ${imports.models}Sequential()`, ...(input ? [`${name}.add(${input})`] : []), ...steps.flat()]);
}

/** `inputs = Input(...)`, a chain of applied layers with residual adds, `Model(inputs, x)`. */
function functional(imports: KerasImports, name: string): fc.Arbitrary<string[]> {
  const step = fc.oneof(
    { weight: 4, arbitrary: kerasLayer(imports, 'functional').map((layer) => [`x = ${layer}(x)`]) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(kerasLayer(imports, 'functional'), fc.constantFrom('Add()([x, y])', 'add([x, y])', 'Add()([y, x])'))
        .map(([layer, merge]) => [`y = ${layer}(x)`, `x = ${imports.layers}${merge}`]),
    },
  );
  return fc
    .tuple(inputCall(imports), fc.array(step, { maxLength: 8 }), fc.constantFrom('inputs, x', 'inputs=inputs, outputs=x', '[inputs], [x]', 'inputs, outputs=x, name="net"'))
    .map(([input, steps, args]) => [`inputs = ${input}`, 'x = inputs', ...steps.flat(), `${name} = ${imports.models}Model(${args})`]);
}

/** A helper that builds a block, called a few times from a functional model. */
function helperBlocks(imports: KerasImports, name: string): fc.Arbitrary<string[]> {
  return fc
    .tuple(fc.array(kerasLayer(imports, 'functional'), { minLength: 1, maxLength: 3 }), fc.array(pythonSize, { minLength: 1, maxLength: 4 }), inputCall(imports))
    .map(([layers, calls, input]) => [
      'def block(x, units=32):',
      ...layers.map((layer) => `    x = ${layer}(x)`),
      '    return x',
      '',
      `inputs = ${input}`,
      'x = inputs',
      ...calls.map((units) => `x = block(x, ${units})`),
      `${name} = ${imports.models}Model(inputs, x)`,
    ]);
}

/** A subclassed model: layers made in `__init__`, wired in `call`. */
function subclass(imports: KerasImports, name: string): fc.Arbitrary<string[]> {
  return fc.array(kerasLayer(imports, 'functional'), { minLength: 1, maxLength: 5 }).map((layers) => [
    `class Net(${imports.models}Model):`,
    '    def __init__(self):',
    '        super().__init__()',
    ...layers.map((layer, i) => `        self.layer_${i} = ${layer}`),
    '',
    '    def call(self, x):',
    ...layers.map((_, i) => `        x = self.layer_${i}(x)`),
    '        return x',
    '',
    `${name} = Net()`,
  ]);
}

/** TF1 graph code: `tf.layers.dense(x, units, …)` calls on a placeholder. */
const tf1Graph: fc.Arbitrary<string[]> = fc
  .array(
    fc.tuple(fc.constantFrom('tf.layers.dense', 'tf.compat.v1.layers.dense'), pythonSize, someOf([keyword('activation', pythonActivation), keyword('kernel_initializer', tf1Initializer)])),
    { minLength: 1, maxLength: 6 },
  )
  .map((layers) => ['x = tf.placeholder(tf.float32, [None, 784])', 'h = x', ...layers.map(([call, units, args]) => `h = ${call}(${['h', units, ...args].join(', ')})`)]);

/** Wraps a model's code in a function, a guard, a `with` block, or leaves it at the top level. */
const wrapper: fc.Arbitrary<(lines: string[], name: string) => string[]> = fc.constantFrom(
  (lines: string[]) => lines,
  (lines: string[], name: string) => [`def build_${name}():`, ...indent(lines), `    return ${name}`, '', `${name} = build_${name}()`],
  (lines: string[]) => ['if __name__ == "__main__":', ...indent(lines)],
  (lines: string[]) => ['with strategy.scope():', ...indent(lines)],
);

/** Statements between models that hold no model at all. */
const noise = fc.constantFrom('', '# a comment: Dense(0, kernel_initializer="zeros")', 'INIT = "he_normal"', 'n_units = 64', 'print("training")', 'model.compile(optimizer="adam", loss="mse")', '"""Dense(8)"""', 'depth = 4');

/** One arbitrary per import style, built once (building arbitraries per case would dominate the run). */
export const kerasSource: fc.Arbitrary<FuzzInput> = fc.oneof(...IMPORTS.map((imports) => kerasFile(imports)));

function kerasFile(imports: KerasImports): fc.Arbitrary<FuzzInput> {
  const model = (name: string) =>
    fc.tuple(fc.oneof(sequentialList(imports, name), addChain(imports, name), functional(imports, name), helperBlocks(imports, name), subclass(imports, name), tf1Graph), wrapper, noise).map(([lines, wrap, filler]) => [
      ...wrap(lines, name),
      filler,
    ]);
  return fc
    .tuple(model('model'), sometimes(model('net')), sometimes(model('encoder')))
    .map((models) => ({
      language: 'python' as const,
      source: `${imports.header}\n${models.flatMap((lines) => (lines ? [lines.join('\n')] : [])).join('\n\n')}\n`,
    }));
}
