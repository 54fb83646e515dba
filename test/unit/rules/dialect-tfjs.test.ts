// The initializer rules on TensorFlow.js code (TypeScript and JavaScript): every import style,
// sequential lists, model.add, functional apply chains, strings and tf.initializers calls,
// and fixes written in TF.js's own dialect.

import { constantInit } from '../../../src/core/rules/constant-init';
import { defaultInitMismatch } from '../../../src/core/rules/default-init-mismatch';
import { initActivationMismatch } from '../../../src/core/rules/init-activation-mismatch';
import { zeroInit } from '../../../src/core/rules/zero-init';
import { runRuleTests } from '../rule-tester';

const TF = "import * as tf from '@tensorflow/tfjs';\n";
const NAMED = "import { layers, initializers, sequential, input, model } from '@tensorflow/tfjs';\n";
const REQUIRE = "const tf = require('@tensorflow/tfjs');\n";
const ts = 'typescript' as const;
const js = 'javascript' as const;

/** `tf.sequential` of the given layer calls, after the namespace import. */
const seq = (...layers: string[]) => `${TF}export const model = tf.sequential({layers: [${layers.join(', ')}]});\n`;

runRuleTests(zeroInit, {
  valid: [
    { name: 'an all-zero output layer is exempt', language: ts, code: seq("tf.layers.dense({units: 8, inputShape: [4], activation: 'relu', kernelInitializer: 'heNormal'})", "tf.layers.dense({units: 1, kernelInitializer: 'zeros'})") },
    { name: 'zero biases are never flagged', language: ts, code: seq("tf.layers.dense({units: 8, biasInitializer: 'zeros'})", 'tf.layers.dense({units: 1})') },
    { name: 'batch normalization parameters are not kernels', language: ts, code: seq('tf.layers.dense({units: 8})', "tf.layers.batchNormalization({betaInitializer: 'zeros', gammaInitializer: 'zeros'})", 'tf.layers.dense({units: 1})') },
    { name: 'names not bound to TF.js are not guessed', language: ts, code: "import * as other from 'other-lib';\nexport const m = other.sequential({layers: [other.layers.dense({units: 8, kernelInitializer: 'zeros'}), other.layers.dense({units: 1})]});\n" },
    { name: 'an initializer held in a non-constant variable is unknown', language: js, code: `${REQUIRE}let init = 'zeros';\ninit = pick();\nconst m = tf.sequential({layers: [tf.layers.dense({units: 8, kernelInitializer: init}), tf.layers.dense({units: 1})]});\n` },
    { name: 'a spread options object may set the initializer: unknown', language: ts, code: `${TF}declare const base: tf.layers.Layer;\nexport const m = tf.sequential({layers: [tf.layers.dense({...base, units: 8}), tf.layers.dense({units: 1})]});\n` },
  ],
  invalid: [
    {
      name: 'a zero string in a sequential list (namespace import)',
      language: ts,
      code: seq("tf.layers.dense({units: 8, inputShape: [4], kernelInitializer: 'zeros'})", 'tf.layers.dense({units: 1})'),
      errors: [{ messageId: 'zeroKernel', line: 2, column: 109, data: { layer: 'dense' } }],
      output: seq("tf.layers.dense({units: 8, inputShape: [4], kernelInitializer: 'glorotUniform'})", 'tf.layers.dense({units: 1})'),
    },
    {
      name: 'tf.initializers.zeros() becomes a factory call with an arguments object',
      language: ts,
      code: seq("tf.layers.dense({units: 8, activation: 'relu', kernelInitializer: tf.initializers.zeros()})", 'tf.layers.dense({units: 1})'),
      errors: [{ messageId: 'zeroKernel', line: 2 }],
      output: seq("tf.layers.dense({units: 8, activation: 'relu', kernelInitializer: tf.initializers.heNormal({})})", 'tf.layers.dense({units: 1})'),
    },
    {
      name: 'named imports and model.add',
      language: ts,
      code: `${NAMED}export function build() {\n  const m = sequential();\n  m.add(layers.dense({units: 16, inputShape: [8], activation: 'tanh', kernelInitializer: initializers.zeros()}));\n  m.add(layers.dense({units: 1}));\n  return m;\n}\n`,
      errors: [{ messageId: 'zeroKernel', line: 4, data: { layer: 'dense' } }],
      output: `${NAMED}export function build() {\n  const m = sequential();\n  m.add(layers.dense({units: 16, inputShape: [8], activation: 'tanh', kernelInitializer: initializers.glorotUniform({})}));\n  m.add(layers.dense({units: 1}));\n  return m;\n}\n`,
    },
    {
      name: 'require, double quotes kept',
      language: js,
      code: `${REQUIRE}const m = tf.sequential();\nm.add(tf.layers.dense({units: 4, inputShape: [2], activation: "relu", kernelInitializer: "zeros"}));\nm.add(tf.layers.dense({units: 1}));\n`,
      errors: [{ messageId: 'zeroKernel', line: 3 }],
      output: `${REQUIRE}const m = tf.sequential();\nm.add(tf.layers.dense({units: 4, inputShape: [2], activation: "relu", kernelInitializer: "heNormal"}));\nm.add(tf.layers.dense({units: 1}));\n`,
    },
    {
      name: 'two zero kernels in a row are an error',
      language: ts,
      code: seq("tf.layers.dense({units: 8, kernelInitializer: 'zeros'})", "tf.layers.dense({units: 8, kernelInitializer: 'zeros'})", 'tf.layers.dense({units: 1})'),
      errors: [
        { messageId: 'zeroKernelPair', line: 2, severity: 'error', data: { neighbour: 'dense_1' } },
        { messageId: 'zeroKernelPair', line: 2, severity: 'error', data: { neighbour: 'dense' } },
      ],
      output: seq("tf.layers.dense({units: 8, kernelInitializer: 'glorotUniform'})", "tf.layers.dense({units: 8, kernelInitializer: 'glorotUniform'})", 'tf.layers.dense({units: 1})'),
    },
    {
      name: 'a functional chain with a zero hidden layer',
      language: ts,
      code: `${TF}const x = tf.input({shape: [16]});\nconst h = tf.layers.dense({units: 8, activation: 'relu', kernelInitializer: 'zeros'}).apply(x) as tf.SymbolicTensor;\nconst y = tf.layers.dense({units: 1}).apply(h) as tf.SymbolicTensor;\nexport const m = tf.model({inputs: x, outputs: y});\n`,
      errors: [{ messageId: 'zeroKernel', line: 3, column: 77 }],
      output: `${TF}const x = tf.input({shape: [16]});\nconst h = tf.layers.dense({units: 8, activation: 'relu', kernelInitializer: 'heNormal'}).apply(x) as tf.SymbolicTensor;\nconst y = tf.layers.dense({units: 1}).apply(h) as tf.SymbolicTensor;\nexport const m = tf.model({inputs: x, outputs: y});\n`,
    },
    {
      name: 'a zero embedding matrix',
      language: ts,
      code: seq("tf.layers.embedding({inputDim: 100, outputDim: 8, embeddingsInitializer: 'zeros'})", 'tf.layers.flatten()', 'tf.layers.dense({units: 1})'),
      errors: [{ messageId: 'zeroKernel', line: 2 }],
      output: seq("tf.layers.embedding({inputDim: 100, outputDim: 8, embeddingsInitializer: 'glorotUniform'})", 'tf.layers.flatten()', 'tf.layers.dense({units: 1})'),
    },
    {
      name: 'a zero initializer through a module constant: the reference is rewritten',
      language: ts,
      code: `${TF}const INIT = 'zeros';\nexport const m = tf.sequential({layers: [tf.layers.dense({units: 8, kernelInitializer: INIT}), tf.layers.dense({units: 1})]});\n`,
      errors: [{ messageId: 'zeroKernel', line: 3 }],
      output: `${TF}const INIT = 'zeros';\nexport const m = tf.sequential({layers: [tf.layers.dense({units: 8, kernelInitializer: 'glorotUniform'}), tf.layers.dense({units: 1})]});\n`,
    },
  ],
});

runRuleTests(constantInit, {
  valid: [
    { name: 'ones on a bias', language: ts, code: seq("tf.layers.dense({units: 8, biasInitializer: 'ones'})", 'tf.layers.dense({units: 1})') },
    { name: 'randomNormal with stddev 0 samples 0.05 in TF.js', language: ts, code: seq('tf.layers.dense({units: 8, kernelInitializer: tf.initializers.randomNormal({stddev: 0})})', 'tf.layers.dense({units: 1})') },
    { name: "layerNormalization's gamma of ones", language: js, code: `${REQUIRE}const m = tf.sequential({layers: [tf.layers.dense({units: 8}), tf.layers.layerNormalization({gammaInitializer: 'ones'})]});\n` },
    { name: 'an unknown tf.initializers factory is not guessed', language: ts, code: seq('tf.layers.dense({units: 8, kernelInitializer: tf.initializers.custom({value: 1})})', 'tf.layers.dense({units: 1})') },
  ],
  invalid: [
    {
      name: "'ones' string",
      language: ts,
      code: seq("tf.layers.dense({units: 8, activation: 'tanh', kernelInitializer: 'ones'})", 'tf.layers.dense({units: 1})'),
      errors: [{ messageId: 'constantKernel', line: 2, data: { layer: 'dense', value: 1 } }],
      output: seq("tf.layers.dense({units: 8, activation: 'tanh', kernelInitializer: 'glorotUniform'})", 'tf.layers.dense({units: 1})'),
    },
    {
      name: 'constant({value}) keeps no argument heNormal does not declare',
      language: ts,
      code: seq("tf.layers.dense({units: 8, activation: 'relu', kernelInitializer: tf.initializers.constant({value: 0.5})})", 'tf.layers.dense({units: 1})'),
      errors: [{ messageId: 'constantKernel', line: 2, data: { value: 0.5 } }],
      output: seq("tf.layers.dense({units: 8, activation: 'relu', kernelInitializer: tf.initializers.heNormal({})})", 'tf.layers.dense({units: 1})'),
    },
    {
      name: 'randomUniform with minval === maxval is constant',
      language: ts,
      code: seq("tf.layers.dense({units: 8, activation: 'relu', kernelInitializer: tf.initializers.randomUniform({minval: 0.2, maxval: 0.2, seed: 5})})", 'tf.layers.dense({units: 1})'),
      errors: [{ messageId: 'constantKernel', line: 2, data: { value: 0.2 } }],
      // constant-init recommends by the activation alone: a constant has no distribution to keep.
      output: seq("tf.layers.dense({units: 8, activation: 'relu', kernelInitializer: tf.initializers.heNormal({seed: 5})})", 'tf.layers.dense({units: 1})'),
    },
    {
      name: 'ones on a convolution added with named imports',
      language: ts,
      code: `${NAMED}const m = sequential();\nm.add(layers.conv2d({inputShape: [8, 8, 1], filters: 4, kernelSize: 3, activation: 'relu', kernelInitializer: initializers.ones()}));\nm.add(layers.flatten());\nm.add(layers.dense({units: 1}));\nexport default m;\n`,
      errors: [{ messageId: 'constantKernel', line: 3 }],
      output: `${NAMED}const m = sequential();\nm.add(layers.conv2d({inputShape: [8, 8, 1], filters: 4, kernelSize: 3, activation: 'relu', kernelInitializer: initializers.heNormal({})}));\nm.add(layers.flatten());\nm.add(layers.dense({units: 1}));\nexport default m;\n`,
    },
    {
      name: 'a constant output layer is flagged (only zero output layers are exempt)',
      language: js,
      code: `${REQUIRE}module.exports = tf.sequential({layers: [tf.layers.dense({inputShape: [3], units: 1, kernelInitializer: tf.initializers.constant({value: 1})})]});\n`,
      errors: [{ messageId: 'constantKernel', line: 2 }],
      output: `${REQUIRE}module.exports = tf.sequential({layers: [tf.layers.dense({inputShape: [3], units: 1, kernelInitializer: tf.initializers.glorotUniform({})})]});\n`,
    },
  ],
});

runRuleTests(initActivationMismatch, {
  valid: [
    { name: 'heNormal with relu', language: ts, code: seq("tf.layers.dense({units: 8, activation: 'relu', kernelInitializer: 'heNormal'})") },
    { name: 'glorotUniform with tanh', language: ts, code: seq("tf.layers.dense({units: 8, activation: 'tanh', kernelInitializer: tf.initializers.glorotUniform({seed: 1})})") },
    { name: 'leCunNormal with selu', language: js, code: `${REQUIRE}const m = tf.sequential({layers: [tf.layers.dense({units: 8, activation: 'selu', kernelInitializer: 'leCunNormal'})]});\n` },
    { name: 'varianceScaling with scale 2 and fanIn is He', language: ts, code: seq("tf.layers.dense({units: 8, activation: 'relu', kernelInitializer: tf.initializers.varianceScaling({scale: 2, mode: 'fanIn'})})") },
    { name: 'an activation held in a non-constant variable is unknown', language: ts, code: `${TF}export function build(act: 'relu' | 'tanh') {\n  return tf.sequential({layers: [tf.layers.dense({units: 8, activation: act, kernelInitializer: 'glorotUniform'})]});\n}\n` },
    { name: 'a class-name string works in TF.js too', language: ts, code: seq("tf.layers.dense({units: 8, activation: 'relu', kernelInitializer: 'HeUniform'})") },
  ],
  invalid: [
    {
      name: 'glorotUniform string with relu',
      language: ts,
      code: seq("tf.layers.dense({units: 8, activation: 'relu', kernelInitializer: 'glorotUniform'})"),
      errors: [{ messageId: 'mismatch', line: 2, data: { initializer: 'glorotUniform', family: 'Glorot', activation: 'relu' } }],
      output: seq("tf.layers.dense({units: 8, activation: 'relu', kernelInitializer: 'heUniform'})"),
    },
    {
      name: 'heNormal call with tanh keeps its seed object',
      language: ts,
      code: seq("tf.layers.dense({units: 8, activation: 'tanh', kernelInitializer: tf.initializers.heNormal({seed: 3})})"),
      errors: [{ messageId: 'mismatch', line: 2, data: { initializer: 'heNormal', family: 'He' } }],
      output: seq("tf.layers.dense({units: 8, activation: 'tanh', kernelInitializer: tf.initializers.glorotNormal({seed: 3})})"),
    },
    {
      name: 'glorotNormal with selu becomes leCunNormal',
      language: js,
      code: `${REQUIRE}const m = tf.sequential({layers: [tf.layers.dense({units: 8, activation: 'selu', kernelInitializer: 'glorotNormal'})]});\n`,
      errors: [{ messageId: 'mismatch', line: 2 }],
      output: `${REQUIRE}const m = tf.sequential({layers: [tf.layers.dense({units: 8, activation: 'selu', kernelInitializer: 'leCunNormal'})]});\n`,
    },
    {
      name: 'varianceScaling judged by its numbers: scale 1 over fanAvg is Glorot; only its seed survives',
      language: ts,
      code: seq("tf.layers.dense({units: 8, activation: 'relu', kernelInitializer: tf.initializers.varianceScaling({scale: 1, mode: 'fanAvg', distribution: 'uniform', seed: 9})})"),
      errors: [{ messageId: 'mismatch', line: 2, data: { initializer: 'varianceScaling', family: 'Glorot' } }],
      output: seq("tf.layers.dense({units: 8, activation: 'relu', kernelInitializer: tf.initializers.heUniform({seed: 9})})"),
    },
    {
      name: 'the activation of a following reLU layer',
      language: ts,
      code: seq("tf.layers.dense({units: 8, kernelInitializer: 'leCunNormal'})", 'tf.layers.reLU()'),
      errors: [{ messageId: 'mismatch', line: 2, data: { via: " (applied by 're_lu')" } }],
      output: seq("tf.layers.dense({units: 8, kernelInitializer: 'heNormal'})", 'tf.layers.reLU()'),
    },
    {
      name: 'through batchNormalization the severity drops',
      language: ts,
      code: seq("tf.layers.conv2d({filters: 8, kernelSize: 3, kernelInitializer: 'glorotUniform'})", 'tf.layers.batchNormalization()', "tf.layers.activation({activation: 'relu'})"),
      errors: [{ messageId: 'mismatchThroughNormalization', line: 2, severity: 'information' }],
      output: seq("tf.layers.conv2d({filters: 8, kernelSize: 3, kernelInitializer: 'heUniform'})", 'tf.layers.batchNormalization()', "tf.layers.activation({activation: 'relu'})"),
    },
    {
      name: 'a residual block: add() after the branch keeps the activation linear, the stem is judged',
      language: ts,
      code: `${TF}const x = tf.input({shape: [8]});\nconst stem = tf.layers.dense({units: 8, activation: 'elu', kernelInitializer: 'glorotNormal'}).apply(x) as tf.SymbolicTensor;\nconst branch = tf.layers.dense({units: 8}).apply(stem) as tf.SymbolicTensor;\nconst sum = tf.layers.add().apply([branch, stem]) as tf.SymbolicTensor;\nexport const m = tf.model({inputs: x, outputs: sum});\n`,
      errors: [{ messageId: 'mismatch', line: 3, data: { layer: 'dense', activation: 'elu' } }],
      output: `${TF}const x = tf.input({shape: [8]});\nconst stem = tf.layers.dense({units: 8, activation: 'elu', kernelInitializer: 'heNormal'}).apply(x) as tf.SymbolicTensor;\nconst branch = tf.layers.dense({units: 8}).apply(stem) as tf.SymbolicTensor;\nconst sum = tf.layers.add().apply([branch, stem]) as tf.SymbolicTensor;\nexport const m = tf.model({inputs: x, outputs: sum});\n`,
    },
    {
      name: 'a multi-line options object: only the value changes',
      language: ts,
      code: seq("tf.layers.dense({\n  units: 8,\n  activation: 'relu',\n  kernelInitializer: 'leCunUniform', // tuned\n})"),
      errors: [{ messageId: 'mismatch', line: 5, column: 22 }],
      output: seq("tf.layers.dense({\n  units: 8,\n  activation: 'relu',\n  kernelInitializer: 'heUniform', // tuned\n})"),
    },
    {
      name: 'an LSTM with a relu activation and a Glorot kernel',
      language: js,
      code: `${REQUIRE}const m = tf.sequential({layers: [tf.layers.lstm({units: 8, inputShape: [10, 4], activation: 'relu', kernelInitializer: 'glorotUniform'})]});\n`,
      errors: [{ messageId: 'mismatch', line: 2 }],
      output: `${REQUIRE}const m = tf.sequential({layers: [tf.layers.lstm({units: 8, inputShape: [10, 4], activation: 'relu', kernelInitializer: 'heUniform'})]});\n`,
    },
  ],
});

runRuleTests(defaultInitMismatch, {
  valid: [
    { name: 'the glorotNormal default with tanh', language: ts, code: seq("tf.layers.dense({units: 8, activation: 'tanh'})") },
    { name: 'softmax output on defaults', language: js, code: `${REQUIRE}const m = tf.sequential({layers: [tf.layers.dense({units: 3, activation: 'softmax'})]});\n` },
    { name: "an LSTM's default tanh", language: ts, code: seq('tf.layers.lstm({units: 8, inputShape: [10, 4]})') },
    { name: 'options from a variable are not read as defaults', language: ts, code: `${TF}export function build(options: tf.layers.DenseLayerArgs) {\n  return tf.sequential({layers: [tf.layers.dense(options), tf.layers.reLU()]});\n}\n` },
  ],
  invalid: [
    {
      name: 'dense relu on defaults, single line',
      language: ts,
      code: seq("tf.layers.dense({units: 8, activation: 'relu'})"),
      errors: [{ messageId: 'mismatch', line: 2, column: 46, severity: 'information', data: { initializer: 'glorotNormal', family: 'Glorot', activation: 'relu' } }],
      output: seq("tf.layers.dense({units: 8, activation: 'relu', kernelInitializer: 'heNormal'})"),
    },
    {
      name: 'a multi-line object with a trailing comma and a comment',
      language: ts,
      code: seq("tf.layers.dense({\n  units: 8,\n  activation: 'relu', // hidden\n})"),
      errors: [{ messageId: 'mismatch', line: 2 }],
      output: seq("tf.layers.dense({\n  units: 8,\n  activation: 'relu', // hidden\n  kernelInitializer: 'heNormal',\n})"),
    },
    {
      name: 'a multi-line object without a trailing comma, closing brace on its own line',
      language: js,
      code: `${REQUIRE}const m = tf.sequential({layers: [\n  tf.layers.dense({\n    units: 8,\n    activation: 'relu' /* why */\n  }),\n]});\n`,
      errors: [{ messageId: 'mismatch', line: 3 }],
      output: `${REQUIRE}const m = tf.sequential({layers: [\n  tf.layers.dense({\n    units: 8,\n    activation: 'relu', /* why */\n    kernelInitializer: 'heNormal'\n  }),\n]});\n`,
    },
    {
      name: 'a depthwise convolution gets depthwiseInitializer',
      language: ts,
      code: seq("tf.layers.depthwiseConv2d({kernelSize: 3, activation: 'relu'})"),
      errors: [{ messageId: 'mismatch', line: 2 }],
      output: seq("tf.layers.depthwiseConv2d({kernelSize: 3, activation: 'relu', depthwiseInitializer: 'heNormal'})"),
    },
    {
      name: 'a separable convolution, whose default is glorotUniform, gets heUniform',
      language: ts,
      code: seq("tf.layers.separableConv2d({filters: 8, kernelSize: 3, activation: 'relu'})"),
      errors: [{ messageId: 'mismatch', line: 2, data: { initializer: 'glorotUniform' } }],
      output: seq("tf.layers.separableConv2d({filters: 8, kernelSize: 3, activation: 'relu', depthwiseInitializer: 'heUniform'})"),
    },
    {
      name: 'model.add with a following leakyReLU layer',
      language: ts,
      code: `${TF}export function build(): tf.Sequential {\n  const m = tf.sequential();\n  m.add(tf.layers.conv1d({inputShape: [20, 3], filters: 4, kernelSize: 3}));\n  m.add(tf.layers.leakyReLU({alpha: 0.1}));\n  return m;\n}\n`,
      errors: [{ messageId: 'mismatch', line: 4, data: { activation: 'leaky_relu' } }],
      output: `${TF}export function build(): tf.Sequential {\n  const m = tf.sequential();\n  m.add(tf.layers.conv1d({inputShape: [20, 3], filters: 4, kernelSize: 3, kernelInitializer: 'heNormal'}));\n  m.add(tf.layers.leakyReLU({alpha: 0.1}));\n  return m;\n}\n`,
    },
    {
      name: 'named imports, functional chain closed by model()',
      language: ts,
      code: `${NAMED}const x = input({shape: [4]});\nconst h = layers.dense({units: 8, activation: 'relu'}).apply(x);\nconst y = layers.dense({units: 1}).apply(h);\nexport const m = model({inputs: x, outputs: y});\n`,
      errors: [{ messageId: 'mismatch', line: 3, column: 11 }],
      output: `${NAMED}const x = input({shape: [4]});\nconst h = layers.dense({units: 8, activation: 'relu', kernelInitializer: 'heNormal'}).apply(x);\nconst y = layers.dense({units: 1}).apply(h);\nexport const m = model({inputs: x, outputs: y});\n`,
    },
    {
      name: 'selu on defaults becomes leCunNormal, double quotes from the file',
      language: js,
      code: `const tf = require("@tensorflow/tfjs");\nconst m = tf.sequential({layers: [tf.layers.dense({units: 8, activation: "selu"})]});\n`,
      errors: [{ messageId: 'mismatch', line: 2 }],
      output: `const tf = require("@tensorflow/tfjs");\nconst m = tf.sequential({layers: [tf.layers.dense({units: 8, activation: "selu", kernelInitializer: "leCunNormal"})]});\n`,
    },
    {
      name: 'a destructured require and an aliased import',
      language: js,
      code: `const {layers: L, sequential: makeModel} = require('@tensorflow/tfjs-node');\nconst m = makeModel({layers: [L.dense({units: 8, inputShape: [2], activation: 'relu'})]});\n`,
      errors: [{ messageId: 'mismatch', line: 2 }],
      output: `const {layers: L, sequential: makeModel} = require('@tensorflow/tfjs-node');\nconst m = makeModel({layers: [L.dense({units: 8, inputShape: [2], activation: 'relu', kernelInitializer: 'heNormal'})]});\n`,
    },
  ],
});
