// Random TensorFlow.js model files in TypeScript and JavaScript: `tf.sequential({layers})`,
// `model.add` chains (some in `for` loops), functional graphs closed by `tf.model` with residual
// `add`s, helper functions and classes, with initializers as camelCase strings, factory calls
// with absurd arguments, bound names and unknown expressions.

import fc from 'fast-check';
import { sometimes } from './keras-source';
import type { FuzzInput } from './inputs';

interface TfjsImports {
  header: string;
  /** Before `sequential`, `model`, `input`. */
  root: string;
  /** Before `dense`, `conv2d`, … */
  layers: string;
  /** Before `heNormal`, `randomNormal`, … */
  initializers: string;
}

const IMPORTS: readonly TfjsImports[] = [
  { header: "import * as tf from '@tensorflow/tfjs';\n", root: 'tf.', layers: 'tf.layers.', initializers: 'tf.initializers.' },
  { header: "const tf = require('@tensorflow/tfjs');\n", root: 'tf.', layers: 'tf.layers.', initializers: 'tf.initializers.' },
  { header: "import * as tfn from '@tensorflow/tfjs-node';\n", root: 'tfn.', layers: 'tfn.layers.', initializers: 'tfn.initializers.' },
  { header: "import { layers, sequential, model, input, initializers } from '@tensorflow/tfjs';\n", root: '', layers: 'layers.', initializers: 'initializers.' },
  { header: "import * as tf from '@tensorflow/tfjs';\nconst { layers: L } = tf;\n", root: 'tf.', layers: 'L.', initializers: 'tf.initializers.' },
  // Nothing imported: unknown names, never guessed.
  { header: '', root: 'tf.', layers: 'tf.layers.', initializers: 'tf.initializers.' },
];

export const jsNumber: fc.Arbitrary<string> = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom('0.01', '0.05', '0.1', '1', '2', '0.5', '1e-3') },
  { weight: 2, arbitrary: fc.constantFrom('0', '-1', '-0', '1e308', '1e309', '1e-320', 'NaN', 'Infinity', '0x10', '1_000', '.5', 'Math.sqrt(2)', 'scale', '(1)') },
  { weight: 2, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((value) => String(value)) },
);

const jsSize: fc.Arbitrary<string> = fc.oneof(
  { weight: 30, arbitrary: fc.integer({ min: 1, max: 300 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('0', '-3', '1000000', '2 ** 31', 'UNITS', 'units * 2', '3.5', "'64'", 'null', 'undefined') },
);

const quoted = (name: fc.Arbitrary<string>): fc.Arbitrary<string> => fc.tuple(fc.constantFrom("'", '"', '`'), name).map(([q, text]) => `${q}${text}${q}`);

const INIT_STRINGS = [
  'heNormal', 'heUniform', 'glorotUniform', 'glorotNormal', 'leCunNormal', 'leCunUniform', 'zeros', 'ones', 'orthogonal', 'identity',
  'randomNormal', 'randomUniform', 'truncatedNormal', 'varianceScaling', 'constant', 'he_normal', 'HeNormal', 'bogus', '',
];
const ACTIVATION_STRINGS = ['relu', 'relu', 'tanh', 'sigmoid', 'selu', 'elu', 'swish', 'linear', 'softmax', 'relu6', 'hardSigmoid', 'softsign', 'mish', 'softplus', 'gelu', 'bogus', ''];

const jsActivation: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: quoted(fc.constantFrom(...ACTIVATION_STRINGS)) },
  { weight: 1, arbitrary: fc.constantFrom('ACTIVATION', 'null', 'undefined', "'relu' as const", 'pickActivation()') },
);

const property = (name: string, value: fc.Arbitrary<string>) => value.map((text) => `${name}: ${text}`);
/** Each argument present or not, one time in two, in order. */
const someOf = (items: fc.Arbitrary<string>[]): fc.Arbitrary<string[]> =>
  fc.tuple(...items.map((item) => fc.option(item, { nil: undefined, freq: 2 }))).map((chosen) => chosen.filter((text): text is string => text !== undefined));

function factoryInitializer(prefix: string): fc.Arbitrary<string> {
  const seed = property('seed', fc.constantFrom('0', '1', '42'));
  const call = (name: string, args: string[]) => `${prefix}${name}(${args.length > 0 ? `{ ${args.join(', ')} }` : ''})`;
  return fc.oneof(
    fc.tuple(fc.constantFrom('heNormal', 'heUniform', 'glorotUniform', 'glorotNormal', 'leCunNormal', 'leCunUniform', 'zeros', 'ones', 'identity'), someOf([seed])).map(([name, args]) => call(name, args)),
    someOf([property('mean', jsNumber), property('stddev', jsNumber), seed]).map((args) => call('randomNormal', args)),
    someOf([property('mean', jsNumber), property('stddev', jsNumber), seed]).map((args) => call('truncatedNormal', args)),
    someOf([property('minval', jsNumber), property('maxval', jsNumber), seed]).map((args) => call('randomUniform', args)),
    jsNumber.map((value) => call('constant', [`value: ${value}`])),
    someOf([
      property('scale', jsNumber),
      property('mode', quoted(fc.constantFrom('fanIn', 'fanOut', 'fanAvg', 'fan_in', 'bogus'))),
      property('distribution', quoted(fc.constantFrom('normal', 'uniform', 'truncatedNormal', 'bogus'))),
      seed,
    ]).map((args) => call('varianceScaling', args)),
    someOf([property('gain', jsNumber), seed]).map((args) => call('orthogonal', args)),
  );
}

function jsInitializer(imports: TfjsImports): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 5, arbitrary: quoted(fc.constantFrom(...INIT_STRINGS)) },
    { weight: 4, arbitrary: factoryInitializer(imports.initializers) },
    { weight: 1, arbitrary: fc.constantFrom('INIT', 'makeInit(3)', 'null', 'undefined', 'custom.initializer', "'heNormal' as const") },
  );
}

/** A TF.js layer factory call with its options object. */
function tfjsLayer(imports: TfjsImports, typed: boolean): fc.Arbitrary<string> {
  const p = imports.layers;
  const init = jsInitializer(imports);
  const inputShape = property('inputShape', fc.array(jsSize, { minLength: 1, maxLength: 3 }).map((dims) => `[${dims.join(', ')}]`));
  const common = [
    property('activation', jsActivation),
    property('kernelInitializer', init),
    property('biasInitializer', init),
    property('useBias', fc.constantFrom('true', 'false')),
    property('name', quoted(fc.constantFrom('hidden', 'dense1', 'out', 'x', '', 'naïve', 'a b', '${x}'))),
    inputShape,
  ];
  const call = (name: string, args: string[]) => `${p}${name}(${args.length > 0 || !typed ? `{ ${args.join(', ')} }` : ''})`;
  const dense = fc.tuple(property('units', jsSize), someOf(common)).map(([units, args]) => call('dense', [units, ...args]));
  const conv = fc
    .tuple(property('filters', jsSize), property('kernelSize', fc.oneof(jsSize, fc.tuple(jsSize, jsSize).map(([a, b]) => `[${a}, ${b}]`))), someOf([...common, property('strides', jsSize), property('padding', quoted(fc.constantFrom('same', 'valid')))]))
    .map(([filters, size, args]) => call('conv2d', [filters, size, ...args]));
  const embedding = fc
    .tuple(property('inputDim', jsSize), property('outputDim', jsSize), someOf([property('embeddingsInitializer', init), property('inputLength', jsSize)]))
    .map(([inputDim, outputDim, args]) => call('embedding', [inputDim, outputDim, ...args]));
  const lstm = fc
    .tuple(property('units', jsSize), someOf([...common, property('recurrentInitializer', init), property('returnSequences', fc.constantFrom('true', 'false'))]))
    .map(([units, args]) => call('lstm', [units, ...args]));
  const simple = fc.oneof(
    fc.constant(`${p}flatten()`),
    jsNumber.map((rate) => call('dropout', [`rate: ${rate}`])),
    fc.constant(`${p}batchNormalization()`),
    jsActivation.map((activation) => call('activation', [`activation: ${activation}`])),
    fc.constant(`${p}maxPooling2d({ poolSize: 2 })`),
    fc.constant(`${p}reLU()`),
    jsNumber.map((alpha) => call('leakyReLU', [`alpha: ${alpha}`])),
  );
  return fc.oneof({ weight: 8, arbitrary: dense }, { weight: 2, arbitrary: conv }, { weight: 4, arbitrary: simple }, { weight: 1, arbitrary: embedding }, { weight: 1, arbitrary: lstm });
}

const indent = (lines: string[]): string[] => lines.map((line) => (line === '' ? line : `  ${line}`));

/** Most sequential models start with a layer that states the input shape, as TF.js requires. */
function firstLayer(imports: TfjsImports): fc.Arbitrary<string | undefined> {
  const shape = fc.array(jsSize, { minLength: 1, maxLength: 3 }).map((dims) => `[${dims.join(', ')}]`);
  return fc.option(
    fc.oneof(
      fc.tuple(jsSize, shape).map(([units, dims]) => `${imports.layers}dense({ units: ${units}, inputShape: ${dims} })`),
      shape.map((dims) => `${imports.layers}inputLayer({ inputShape: ${dims} })`),
      shape.map((dims) => `${imports.layers}flatten({ inputShape: ${dims} })`),
    ),
    { nil: undefined, freq: 4 },
  );
}

function sequentialList(imports: TfjsImports, typed: boolean, name: string): fc.Arbitrary<string[]> {
  return fc
    .tuple(firstLayer(imports), fc.array(tfjsLayer(imports, typed), { maxLength: 8 }))
    .map(([first, layers]) => [`const ${name} = ${imports.root}sequential({`, '  layers: [', ...(first ? [first] : []).concat(layers).map((layer) => `    ${layer},`), '  ],', '});']);
}

function addChain(imports: TfjsImports, typed: boolean, name: string): fc.Arbitrary<string[]> {
  const loopHeader = fc.oneof(
    fc.integer({ min: 0, max: 30 }).map((count) => `for (let i = 0; i < ${count}; i++) {`),
    fc.constantFrom('for (const units of [256, 128, 64]) {', 'for (let i = 0; i < depth; i++) {', 'while (growing) {', 'for (let i = 8; i > 0; i -= 2) {'),
  );
  const step = fc.oneof(
    { weight: 4, arbitrary: tfjsLayer(imports, typed).map((layer) => [`${name}.add(${layer});`]) },
    {
      weight: 1,
      arbitrary: fc.tuple(loopHeader, fc.array(tfjsLayer(imports, typed), { minLength: 1, maxLength: 3 })).map(([header, layers]) => [header, ...layers.map((layer) => `  ${name}.add(${layer});`), '}']),
    },
  );
  return fc
    .tuple(firstLayer(imports), fc.array(step, { maxLength: 8 }))
    .map(([first, steps]) => [`const ${name} = ${imports.root}sequential();`, ...(first ? [`${name}.add(${first});`] : []), ...steps.flat()]);
}

function functional(imports: TfjsImports, typed: boolean, name: string): fc.Arbitrary<string[]> {
  const cast = typed ? ' as tf.SymbolicTensor' : '';
  const step = fc.oneof(
    { weight: 4, arbitrary: tfjsLayer(imports, typed).map((layer) => [`x = ${layer}.apply(x)${cast};`]) },
    {
      weight: 1,
      arbitrary: fc.tuple(tfjsLayer(imports, typed), fc.constantFrom('[x, y]', '[y, x]')).map(([layer, inputs]) => [`const y = ${layer}.apply(x)${cast};`, `x = ${imports.layers}add().apply(${inputs})${cast};`]),
    },
  );
  return fc
    .tuple(fc.array(jsSize, { minLength: 1, maxLength: 3 }), fc.array(step, { maxLength: 8 }))
    .map(([dims, steps]) => {
      // `y` is block-scoped: each residual step gets its own block.
      const body = steps.flatMap((lines) => (lines.length > 1 ? ['{', ...indent(lines), '}'] : lines));
      return [`const input = ${imports.root}input({ shape: [${dims.join(', ')}] });`, `let x${typed ? ': tf.SymbolicTensor' : ''} = input;`, ...body, `const ${name} = ${imports.root}model({ inputs: input, outputs: x });`];
    });
}

function helperFunction(imports: TfjsImports, typed: boolean, name: string): fc.Arbitrary<string[]> {
  return fc.tuple(fc.array(tfjsLayer(imports, typed), { minLength: 1, maxLength: 3 }), fc.array(jsSize, { minLength: 1, maxLength: 4 })).map(([layers, calls]) => [
    `function block(m${typed ? ': tf.Sequential' : ''}, units${typed ? ': number' : ''}) {`,
    ...layers.map((layer) => `  m.add(${layer});`),
    '}',
    `const ${name} = ${imports.root}sequential();`,
    `${name}.add(${imports.layers}inputLayer({ inputShape: [32] }));`,
    ...calls.map((units) => `block(${name}, ${units});`),
  ]);
}

/** Wraps a model's code in an exported function, a class method, or leaves it at the top level. */
const wrapper: fc.Arbitrary<(lines: string[], name: string) => string[]> = fc.constantFrom(
  (lines: string[]) => lines,
  (lines: string[], name: string) => [`export function build${name}() {`, ...indent(lines), `  return ${name};`, '}'],
  (lines: string[], name: string) => ['class Builder {', `  build${name}() {`, ...indent(indent(lines)), `    return ${name};`, '  }', '}'],
  (lines: string[]) => ['if (process.env.TRAIN) {', ...indent(lines), '}'],
);

const noise = fc.constantFrom('', "// tf.layers.dense({ units: 0, kernelInitializer: 'zeros' })", "const INIT = 'heNormal';", 'const UNITS = 64;', "console.log('training');", '/* layers */');

function tfjsFile(language: 'typescript' | 'javascript'): fc.Arbitrary<FuzzInput> {
  const typed = language === 'typescript';
  // One arbitrary per import style, built once (building arbitraries per case would dominate the run).
  return fc.oneof(...IMPORTS.map((imports) => {
    const model = (name: string) =>
      fc
        .tuple(fc.oneof(sequentialList(imports, typed, name), addChain(imports, typed, name), functional(imports, typed, name), helperFunction(imports, typed, name)), wrapper, noise)
        .map(([lines, wrap, filler]) => [...wrap(lines, name), filler]);
    return fc
      .tuple(model('model'), sometimes(model('net')), sometimes(model('encoder')))
      .map((models) => ({ language, source: `${imports.header}\n${models.flatMap((lines) => (lines ? [lines.join('\n')] : [])).join('\n\n')}\n` }));
  }));
}

export const tfjsSource: fc.Arbitrary<FuzzInput> = fc.oneof(tfjsFile('typescript'), tfjsFile('javascript'));
