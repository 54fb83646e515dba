// The four initializer rules across the older Python dialects: TF1 `tf.layers` / `tf.compat.v1` /
// `tf.contrib.layers` with TF1 initializer functions, standalone Keras 2 module paths and
// snake_case functions, and Keras 1's spellings. Fixes stay in the dialect they were written in.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { constantInit } from '../../../src/core/rules/constant-init';
import { defaultInitMismatch } from '../../../src/core/rules/default-init-mismatch';
import { initActivationMismatch } from '../../../src/core/rules/init-activation-mismatch';
import { zeroInit } from '../../../src/core/rules/zero-init';
import { tf1InitializerCall } from '../../../src/core/rules/fix-writer';
import { initializerRow } from '../../../src/core/catalog/initializers';
import { kerasLayer, legacyLayerRows } from '../../../src/core/catalog/layers';
import { extractFile } from '../../../src/core';
import { runRuleTests } from '../rule-tester';

/** TF1 graph code: the placeholder is the model's input (line 2); snippets start on line 3. */
const TF1 = 'import tensorflow as tf\nx = tf.placeholder(tf.float32, [None, 16])\n';
/** The same through `tensorflow.compat.v1` imported as tf. */
const V1 = 'import tensorflow.compat.v1 as tf\nx = tf.placeholder(tf.float32, shape=(None, 16))\n';
/** Keras 1 scripts import from keras.layers; snippets start on line 3. */
const K1 = 'from keras.models import Sequential\nfrom keras.layers import Dense, Activation, Convolution2D, Embedding, LSTM\n';
/** Standalone Keras 2's module paths; snippets start on line 4. */
const K2 = 'import keras\nfrom keras.models import Sequential\nfrom keras.layers.core import Dense, Activation\n';

/** `code` with `from` replaced by `to`: the expected text after a fix. */
function swap(code: string, from: string, to: string): string {
  assert.ok(code.includes(from), `fixture does not contain ${from}`);
  return code.replace(from, to);
}

const HE_NORMAL_TF1 = "tf.variance_scaling_initializer(scale=2.0, mode='fan_in', distribution='truncated_normal')";
const HE_UNIFORM_TF1 = "tf.variance_scaling_initializer(scale=2.0, mode='fan_in', distribution='uniform')";

const tf1Zero = `${TF1}h = tf.layers.dense(x, 8, activation=tf.nn.relu, kernel_initializer=tf.zeros_initializer())\ny = tf.layers.dense(h, 1)\n`;
const v1Zero = `${V1}h = tf.layers.dense(x, 8, kernel_initializer=tf.zeros_initializer(dtype=tf.float32))\ny = tf.layers.dense(h, 1)\n`;
const compatRootZero = `${TF1}h = tf.compat.v1.layers.dense(x, 8, activation=tf.nn.relu, kernel_initializer=tf.compat.v1.zeros_initializer())\ny = tf.compat.v1.layers.dense(h, 1)\n`;
const initializersZero = `${TF1}h = tf.layers.dense(x, 8, activation=tf.nn.elu, kernel_initializer=tf.initializers.zeros())\ny = tf.layers.dense(h, 1)\n`;
const tfKerasZero = `import tensorflow as tf\nm = tf.keras.Sequential([tf.keras.layers.Dense(8, activation='relu', kernel_initializer=tf.keras.initializers.zeros()), tf.keras.layers.Dense(1)])\n`;
const keras2Zero = `${K2}m = Sequential([keras.layers.core.Dense(8, activation='tanh', kernel_initializer=keras.initializers.zero()), Dense(1)])\n`;
const keras1Zero = `${K1}m = Sequential()\nm.add(Dense(64, init='zero', activation='relu', input_dim=16))\nm.add(Dense(1))\n`;
const keras1Embedding = `${K1}m = Sequential([Embedding(1000, 16, init='zero'), LSTM(8)])\n`;
const bareTf1Zero = `import tensorflow as tf\nfrom tensorflow import zeros_initializer\nx = tf.placeholder(tf.float32, [None, 16])\nh = tf.layers.dense(x, 8, activation=tf.nn.relu, kernel_initializer=zeros_initializer())\ny = tf.layers.dense(h, 1)\n`;
const contribPair = `${TF1}h = tf.contrib.layers.fully_connected(x, 8, weights_initializer=tf.zeros_initializer())\ny = tf.contrib.layers.fully_connected(h, 8, weights_initializer=tf.zeros_initializer())\nz = tf.contrib.layers.fully_connected(y, 1, activation_fn=None)\n`;
const constantZero = `${TF1}h = tf.layers.dense(x, 8, kernel_initializer=tf.constant_initializer(0.0))\ny = tf.layers.dense(h, 1)\n`;

runRuleTests(zeroInit, {
  valid: [
    { name: 'TF1: a zero bias is never flagged', code: `${TF1}h = tf.layers.dense(x, 8, bias_initializer=tf.zeros_initializer())\ny = tf.layers.dense(h, 1)\n` },
    {
      name: 'TF1: batch normalization parameters are never flagged',
      code: `${TF1}h = tf.layers.dense(x, 8)\nh = tf.layers.batch_normalization(h, beta_initializer=tf.zeros_initializer(), moving_mean_initializer=tf.zeros_initializer())\ny = tf.layers.dense(h, 1)\n`,
    },
    { name: 'TF1: a zero-initialized output layer is exempt', code: `${TF1}logits = tf.layers.dense(x, 10, kernel_initializer=tf.zeros_initializer())\n` },
    { name: 'TF1: a non-uniform constant list is not zero', code: `${TF1}h = tf.layers.dense(x, 3, kernel_initializer=tf.constant_initializer([0, 1, 2]))\ny = tf.layers.dense(h, 1)\n` },
    { name: 'TF1: random_normal_initializer() is random', code: `${TF1}h = tf.layers.dense(x, 8, kernel_initializer=tf.random_normal_initializer())\ny = tf.layers.dense(h, 1)\n` },
    { name: "Keras 1: 'uniform' is ±0.05, not zero", code: `${K1}m = Sequential([Dense(8, init='uniform', input_dim=4), Dense(1)])\n` },
    { name: 'Keras 1: a zero output layer is exempt', code: `${K1}m = Sequential([Dense(8, init='he_normal', input_dim=4), Dense(1, init='zero')])\n` },
    { name: 'standalone Keras 2: a zero bias function', code: `${K2}m = Sequential([Dense(8, bias_initializer=keras.initializers.zeros()), Dense(1)])\n` },
  ],
  invalid: [
    {
      name: 'TF1 zeros_initializer before ReLU: He, as a TF1 function',
      code: tf1Zero,
      errors: [{ messageId: 'zeroKernel', line: 3, column: 69, severity: 'warning', data: { layer: 'dense' } }],
      output: swap(tf1Zero, 'tf.zeros_initializer()', HE_NORMAL_TF1),
    },
    {
      name: 'compat.v1 imported as tf, linear: Glorot uniform, dtype dropped',
      code: v1Zero,
      errors: [{ messageId: 'zeroKernel', line: 3 }],
      output: swap(v1Zero, 'tf.zeros_initializer(dtype=tf.float32)', 'tf.glorot_uniform_initializer()'),
    },
    {
      name: 'tf.compat.v1 written out: the replacement keeps the root',
      code: compatRootZero,
      errors: [{ messageId: 'zeroKernel', line: 3 }],
      output: swap(compatRootZero, 'tf.compat.v1.zeros_initializer()', HE_NORMAL_TF1.replace('tf.', 'tf.compat.v1.')),
    },
    {
      name: 'tf.initializers.zeros(): Keras snake_case under tf.initializers',
      code: initializersZero,
      errors: [{ messageId: 'zeroKernel', line: 3 }],
      output: swap(initializersZero, 'tf.initializers.zeros()', 'tf.initializers.he_normal()'),
    },
    {
      name: 'tf.keras.initializers.zeros(): a Keras function stays a function',
      code: tfKerasZero,
      errors: [{ messageId: 'zeroKernel', line: 2 }],
      output: swap(tfKerasZero, 'tf.keras.initializers.zeros()', 'tf.keras.initializers.he_normal()'),
    },
    {
      name: "standalone Keras 2: keras.layers.core.Dense with keras.initializers.zero()",
      code: keras2Zero,
      errors: [{ messageId: 'zeroKernel', line: 4 }],
      output: swap(keras2Zero, 'keras.initializers.zero()', 'keras.initializers.glorot_uniform()'),
    },
    {
      name: "Keras 1: init='zero' stays a string under its own keyword",
      code: keras1Zero,
      errors: [{ messageId: 'zeroKernel', line: 4, column: 22 }],
      output: swap(keras1Zero, "init='zero'", "init='he_normal'"),
    },
    {
      name: 'Keras 1: a zero embedding matrix',
      code: keras1Embedding,
      errors: [{ messageId: 'zeroKernel', line: 3 }],
      output: swap(keras1Embedding, "init='zero'", "init='glorot_uniform'"),
    },
    {
      name: 'a bare TF1 import: the replacement is imported beside it',
      code: bareTf1Zero,
      errors: [{ messageId: 'zeroKernel', line: 4 }],
      output: swap(
        swap(bareTf1Zero, 'kernel_initializer=zeros_initializer()', "kernel_initializer=variance_scaling_initializer(scale=2.0, mode='fan_in', distribution='truncated_normal')"),
        'import zeros_initializer',
        'import zeros_initializer, variance_scaling_initializer',
      ),
    },
    {
      name: "contrib fully_connected (ReLU by default): two symmetric layers in a row are an error",
      code: contribPair,
      errors: [
        { messageId: 'zeroKernelPair', line: 3, severity: 'error' },
        { messageId: 'zeroKernelPair', line: 4, severity: 'error' },
      ],
      output: contribPair.replaceAll('tf.zeros_initializer()', HE_NORMAL_TF1),
    },
    {
      name: 'constant_initializer(0.0) is a zero kernel',
      code: constantZero,
      errors: [{ messageId: 'zeroKernel', line: 3 }],
      output: swap(constantZero, 'tf.constant_initializer(0.0)', 'tf.glorot_uniform_initializer()'),
    },
  ],
});

const tf1Constant = `${TF1}h = tf.layers.dense(x, 8, activation=tf.nn.relu, kernel_initializer=tf.constant_initializer(0.1))\ny = tf.layers.dense(h, 1)\n`;
const tf1Ones = `${TF1}h = tf.layers.dense(x, 8, activation=tf.nn.tanh, kernel_initializer=tf.ones_initializer())\n`;
const uniformList = `${TF1}h = tf.layers.dense(x, 3, kernel_initializer=tf.compat.v1.constant_initializer([0.5, 0.5, 0.5]))\n`;
const keras1One = `${K1}m = Sequential([Dense(8, input_dim=4, init='one'), Activation('relu')])\n`;
const tfKerasOnes = `import tensorflow as tf\nm = tf.keras.Sequential([tf.keras.layers.Dense(8, activation='sigmoid', kernel_initializer=tf.keras.initializers.ones())])\n`;
const initializersConstant = `${TF1}h = tf.layers.conv2d(tf.reshape(x, [-1, 4, 4, 1]), 8, 3, activation=tf.nn.relu, kernel_initializer=tf.initializers.constant(0.2))\n`;
const contribOnes = `${TF1}h = tf.contrib.layers.fully_connected(x, 8, weights_initializer=tf.ones_initializer())\n`;
const v1UncalledOnes = `${V1}h = tf.layers.dense(x, 8, kernel_initializer=tf.ones_initializer)\n`;

runRuleTests(constantInit, {
  valid: [
    { name: 'a non-uniform constant_initializer list is not one constant', code: `${TF1}h = tf.layers.dense(x, 3, kernel_initializer=tf.constant_initializer([1, 2, 3]))\n` },
    { name: 'a constant_initializer of an array variable is unknown', code: `${TF1}weights = load()\nh = tf.layers.dense(x, 3, kernel_initializer=tf.constant_initializer(weights))\n` },
    { name: 'TF1: a constant bias', code: `${TF1}h = tf.layers.dense(x, 8, bias_initializer=tf.constant_initializer(0.1))\n` },
    { name: 'TF1: batch normalization gamma of ones', code: `${TF1}h = tf.layers.dense(x, 8)\nh = tf.layers.batch_normalization(h, gamma_initializer=tf.ones_initializer())\n` },
    { name: 'zeros are zero-init, not constant-init', code: `${TF1}h = tf.layers.dense(x, 8, kernel_initializer=tf.zeros_initializer())\ny = tf.layers.dense(h, 1)\n` },
    { name: "Keras 1: init='normal' is random", code: `${K1}m = Sequential([Dense(8, input_dim=4, init='normal')])\n` },
  ],
  invalid: [
    {
      name: 'constant_initializer(0.1) before ReLU',
      code: tf1Constant,
      errors: [{ messageId: 'constantKernel', line: 3, column: 69, data: { layer: 'dense', value: 0.1 } }],
      output: swap(tf1Constant, 'tf.constant_initializer(0.1)', HE_NORMAL_TF1),
    },
    {
      name: 'ones_initializer on a tanh layer',
      code: tf1Ones,
      errors: [{ messageId: 'constantKernel', line: 3, data: { value: 1 } }],
      output: swap(tf1Ones, 'tf.ones_initializer()', 'tf.glorot_uniform_initializer()'),
    },
    {
      name: 'a list of equal values is one constant',
      code: uniformList,
      errors: [{ messageId: 'constantKernel', line: 3, data: { value: 0.5 } }],
      output: swap(uniformList, 'tf.compat.v1.constant_initializer([0.5, 0.5, 0.5])', 'tf.compat.v1.glorot_uniform_initializer()'),
    },
    {
      name: "Keras 1: init='one' before Activation('relu')",
      code: keras1One,
      errors: [{ messageId: 'constantKernel', line: 3 }],
      output: swap(keras1One, "init='one'", "init='he_normal'"),
    },
    {
      name: 'tf.keras.initializers.ones() on a sigmoid layer',
      code: tfKerasOnes,
      errors: [{ messageId: 'constantKernel', line: 2 }],
      output: swap(tfKerasOnes, 'tf.keras.initializers.ones()', 'tf.keras.initializers.glorot_uniform()'),
    },
    {
      name: 'tf.initializers.constant(0.2) on a TF1 conv2d',
      code: initializersConstant,
      errors: [{ messageId: 'constantKernel', line: 3, data: { value: 0.2 } }],
      output: swap(initializersConstant, 'tf.initializers.constant(0.2)', 'tf.initializers.he_normal()'),
    },
    {
      name: 'contrib fully_connected with weights_initializer=tf.ones_initializer()',
      code: contribOnes,
      errors: [{ messageId: 'constantKernel', line: 3 }],
      output: swap(contribOnes, 'tf.ones_initializer()', HE_NORMAL_TF1),
    },
    {
      name: 'a TF1 initializer class passed uncalled is built with its defaults',
      code: v1UncalledOnes,
      errors: [{ messageId: 'constantKernel', line: 3 }],
      output: swap(v1UncalledOnes, 'tf.ones_initializer)', 'tf.glorot_uniform_initializer())'),
    },
  ],
});

const glorotRelu = `${TF1}h = tf.layers.dense(x, 8, activation=tf.nn.relu, kernel_initializer=tf.glorot_uniform_initializer(seed=7))\n`;
const heTanh = `${TF1}h = tf.layers.dense(x, 8, activation=tf.nn.tanh, kernel_initializer=tf.variance_scaling_initializer(scale=2.0))\n`;
const xavierRelu = `${TF1}h = tf.contrib.layers.fully_connected(x, 8, weights_initializer=tf.contrib.layers.xavier_initializer())\n`;
const contribHeTanh = `${TF1}h = tf.contrib.layers.fully_connected(x, 8, activation_fn=tf.tanh, weights_initializer=tf.contrib.layers.variance_scaling_initializer())\n`;
const keras1GlorotRelu = `${K1}m = Sequential([Dense(64, input_dim=16, init='glorot_uniform'), Activation('relu')])\n`;
const keras1ConvTanh = `${K1}m = Sequential([Convolution2D(32, 3, 3, init='he_normal', activation='tanh', input_shape=(28, 28, 1))])\n`;
const kerasFunctionSeed = `${K2}m = Sequential([Dense(8, activation='relu', kernel_initializer=keras.initializers.glorot_uniform(seed=1))])\n`;
const tfKerasFunction = `import tensorflow as tf\nm = tf.keras.Sequential([tf.keras.layers.Dense(8, activation='relu', kernel_initializer=tf.keras.initializers.glorot_uniform())])\n`;
const initializersLecun = `${TF1}h = tf.layers.dense(x, 8, activation=tf.nn.relu6, kernel_initializer=tf.initializers.lecun_normal())\n`;
const compatKerasSigmoid = `import tensorflow as tf\nm = tf.compat.v1.keras.Sequential([tf.compat.v1.keras.layers.Dense(1, activation='sigmoid', kernel_initializer=tf.compat.v1.keras.initializers.he_normal())])\n`;
const keras1Lstm = `${K1}m = Sequential([LSTM(output_dim=32, init='he_normal', inner_init='orthogonal', input_dim=8)])\n`;
const v1GlorotNormal = `import tensorflow as tf\nx = tf.compat.v1.placeholder(tf.float32, [None, 16])\nh = tf.compat.v1.layers.dense(x, 8, activation=tf.nn.leaky_relu, kernel_initializer=tf.compat.v1.glorot_normal_initializer())\n`;
const bareKerasFunction = `from keras.models import Sequential\nfrom keras.layers import Dense\nfrom keras.initializers import glorot_uniform\nm = Sequential([Dense(8, activation='relu', kernel_initializer=glorot_uniform())])\n`;
const unitScaling = `${TF1}h = tf.layers.dense(x, 8, activation=tf.nn.relu, kernel_initializer=tf.uniform_unit_scaling_initializer())\n`;
const keras1FunctionReference = `from keras import initializations\n${K1}m = Sequential([Dense(8, init=initializations.he_normal, activation='tanh', input_dim=4)])\n`;
const conv1dSelu = `${TF1}h = tf.layers.conv1d(tf.expand_dims(x, -1), 4, 3, activation=tf.nn.selu, kernel_initializer=tf.initializers.he_normal())\n`;

runRuleTests(initActivationMismatch, {
  valid: [
    { name: 'variance_scaling_initializer(scale=2.0) is He: fits ReLU', code: `${TF1}h = tf.layers.dense(x, 8, activation=tf.nn.relu, kernel_initializer=tf.variance_scaling_initializer(scale=2.0))\n` },
    { name: "contrib's variance_scaling_initializer() is He by default", code: `${TF1}h = tf.contrib.layers.fully_connected(x, 8, weights_initializer=tf.contrib.layers.variance_scaling_initializer())\n` },
    { name: 'tf.initializers.he_normal() with ReLU', code: `${TF1}h = tf.layers.dense(x, 8, activation=tf.nn.relu, kernel_initializer=tf.initializers.he_normal())\n` },
    { name: 'glorot_uniform_initializer with tanh', code: `${TF1}h = tf.layers.dense(x, 8, activation=tf.tanh, kernel_initializer=tf.glorot_uniform_initializer())\n` },
    { name: 'random_normal_initializer() has an absolute scale: another rule', code: `${TF1}h = tf.layers.dense(x, 8, activation=tf.nn.relu, kernel_initializer=tf.random_normal_initializer())\n` },
    { name: 'truncated_normal_initializer(stddev=0.01): another rule', code: `${TF1}h = tf.layers.dense(x, 8, activation=tf.nn.relu, kernel_initializer=tf.truncated_normal_initializer(stddev=0.01))\n` },
    { name: "Keras 1: init='he_normal' with relu", code: `${K1}m = Sequential([Dense(8, init='he_normal', activation='relu', input_dim=4)])\n` },
    { name: 'uniform_unit_scaling_initializer(factor=1.43) is He in substance', code: `${TF1}h = tf.layers.dense(x, 8, activation=tf.nn.relu, kernel_initializer=tf.uniform_unit_scaling_initializer(factor=1.43))\n` },
    { name: 'xavier_initializer(uniform=False) with tanh', code: `${TF1}h = tf.contrib.layers.fully_connected(x, 8, activation_fn=tf.tanh, weights_initializer=tf.contrib.layers.xavier_initializer(uniform=False))\n` },
    { name: 'a Keras 1 bias init is not the kernel', code: `${K1}m = Sequential([Dense(8, activation='relu', bias_initializer='glorot_uniform', init='he_uniform', input_dim=4)])\n` },
  ],
  invalid: [
    {
      name: 'glorot_uniform_initializer(seed=7) with ReLU: He uniform, seed kept',
      code: glorotRelu,
      errors: [{ messageId: 'mismatch', line: 3, column: 69, data: { initializer: 'glorot_uniform', family: 'Glorot', activation: 'relu' } }],
      output: swap(glorotRelu, 'tf.glorot_uniform_initializer(seed=7)', HE_UNIFORM_TF1.replace("'uniform')", "'uniform', seed=7)")),
    },
    {
      name: 'variance_scaling_initializer(scale=2.0) with tanh is He: Glorot normal',
      code: heTanh,
      errors: [{ messageId: 'mismatch', line: 3, data: { family: 'He', activation: 'tanh' } }],
      output: swap(heTanh, 'tf.variance_scaling_initializer(scale=2.0)', 'tf.glorot_normal_initializer()'),
    },
    {
      name: "contrib's xavier_initializer() with fully_connected's ReLU: TF's function through tf.",
      code: xavierRelu,
      errors: [{ messageId: 'mismatch', line: 3, data: { initializer: 'glorot_uniform' } }],
      output: swap(xavierRelu, 'tf.contrib.layers.xavier_initializer()', HE_UNIFORM_TF1),
    },
    {
      name: "contrib's variance_scaling_initializer() with tanh",
      code: contribHeTanh,
      errors: [{ messageId: 'mismatch', line: 3, data: { family: 'He' } }],
      output: swap(contribHeTanh, 'tf.contrib.layers.variance_scaling_initializer()', 'tf.glorot_normal_initializer()'),
    },
    {
      name: "Keras 1: init='glorot_uniform' before Activation('relu')",
      code: keras1GlorotRelu,
      errors: [{ messageId: 'mismatch', line: 3, column: 46 }],
      output: swap(keras1GlorotRelu, "init='glorot_uniform'", "init='he_uniform'"),
    },
    {
      name: 'Keras 1: Convolution2D(32, 3, 3) with He and tanh',
      code: keras1ConvTanh,
      errors: [{ messageId: 'mismatch', line: 3, data: { layer: 'conv2d', family: 'He' } }],
      output: swap(keras1ConvTanh, "init='he_normal'", "init='glorot_normal'"),
    },
    {
      name: 'keras.initializers.glorot_uniform(seed=1): a Keras function keeps its module and seed',
      code: kerasFunctionSeed,
      errors: [{ messageId: 'mismatch', line: 4 }],
      output: swap(kerasFunctionSeed, 'keras.initializers.glorot_uniform(seed=1)', 'keras.initializers.he_uniform(seed=1)'),
    },
    {
      name: 'tf.keras.initializers.glorot_uniform()',
      code: tfKerasFunction,
      errors: [{ messageId: 'mismatch', line: 2 }],
      output: swap(tfKerasFunction, 'tf.keras.initializers.glorot_uniform()', 'tf.keras.initializers.he_uniform()'),
    },
    {
      name: 'tf.initializers.lecun_normal() with relu6',
      code: initializersLecun,
      errors: [{ messageId: 'mismatch', line: 3, data: { family: 'LeCun', activation: 'relu6' } }],
      output: swap(initializersLecun, 'tf.initializers.lecun_normal()', 'tf.initializers.he_normal()'),
    },
    {
      name: 'tf.compat.v1.keras.initializers.he_normal() with sigmoid',
      code: compatKerasSigmoid,
      errors: [{ messageId: 'mismatch', line: 2, data: { activation: 'sigmoid' } }],
      output: swap(compatKerasSigmoid, 'tf.compat.v1.keras.initializers.he_normal()', 'tf.compat.v1.keras.initializers.glorot_normal()'),
    },
    {
      name: 'Keras 1: LSTM(output_dim=…, init=He) is tanh by default',
      code: keras1Lstm,
      errors: [{ messageId: 'mismatch', line: 3, data: { layer: 'lstm', activation: 'tanh' } }],
      output: swap(keras1Lstm, "init='he_normal'", "init='glorot_normal'"),
    },
    {
      name: 'tf.compat.v1.glorot_normal_initializer() with leaky_relu',
      code: v1GlorotNormal,
      errors: [{ messageId: 'mismatch', line: 3 }],
      output: swap(v1GlorotNormal, 'tf.compat.v1.glorot_normal_initializer()', HE_NORMAL_TF1.replace('tf.', 'tf.compat.v1.')),
    },
    {
      name: 'a bare Keras function: the replacement is imported beside it',
      code: bareKerasFunction,
      errors: [{ messageId: 'mismatch', line: 4 }],
      output: swap(swap(bareKerasFunction, 'kernel_initializer=glorot_uniform()', 'kernel_initializer=he_uniform()'), 'import glorot_uniform', 'import glorot_uniform, he_uniform'),
    },
    {
      name: 'uniform_unit_scaling_initializer() is LeCun uniform: He uniform for ReLU',
      code: unitScaling,
      errors: [{ messageId: 'mismatch', line: 3, data: { family: 'LeCun' } }],
      output: swap(unitScaling, 'tf.uniform_unit_scaling_initializer()', HE_UNIFORM_TF1),
    },
    {
      name: 'Keras 1: initializations.he_normal passed as a function is replaced by a string',
      code: keras1FunctionReference,
      errors: [{ messageId: 'mismatch', line: 4, column: 31, data: { initializer: 'he_normal', activation: 'tanh' } }],
      output: swap(keras1FunctionReference, 'init=initializations.he_normal', "init='glorot_normal'"),
    },
    {
      name: 'He with selu on a TF1 conv1d: LeCun normal',
      code: conv1dSelu,
      errors: [{ messageId: 'mismatch', line: 3, data: { activation: 'selu' } }],
      output: swap(conv1dSelu, 'tf.initializers.he_normal()', 'tf.initializers.lecun_normal()'),
    },
  ],
});

const tf1Default = `${TF1}h = tf.layers.dense(x, 8, activation=tf.nn.relu)\n`;
const compatConv = `import tensorflow as tf\nx = tf.compat.v1.placeholder(tf.float32, [None, 8, 8, 3])\nh = tf.compat.v1.layers.conv2d(x, 8, 3, activation=tf.nn.relu)\n`;
const contribDefault = `${TF1}h = tf.contrib.layers.fully_connected(x, 8)\n`;
const keras1Default = `${K1}m = Sequential([Dense(output_dim=64, input_dim=16, activation='relu')])\n`;
const keras2PathDefault = `${K2}m = Sequential([keras.layers.core.Dense(64, activation='relu', input_shape=(16,))])\n`;
const multiline = `${TF1}h = tf.layers.dense(\n    x,\n    8,\n    activation=tf.nn.relu,  # hidden\n)\n`;
const multilineNoComma = `${TF1}h = tf.layers.dense(\n    x,\n    8,\n    activation=tf.nn.relu  # hidden\n)\n`;
const explicitNone = `${TF1}h = tf.layers.dense(x, 8, activation=tf.nn.relu, kernel_initializer=None)\n`;
const keras1LstmRelu = `${K1}m = Sequential([LSTM(32, activation='relu', inner_init='orthogonal', input_shape=(5, 8))])\n`;
const bareLayers = `import tensorflow as tf\nfrom tensorflow.compat.v1 import layers\nx = tf.compat.v1.placeholder(tf.float32, [None, 16])\nh = layers.dense(x, 8, activation=tf.nn.relu)\n`;
const throughBatchNorm = `${K2}from keras.layers.normalization import BatchNormalization\nm = Sequential([Dense(8, input_dim=4), BatchNormalization(), Activation('relu')])\n`;

runRuleTests(defaultInitMismatch, {
  valid: [
    { name: 'TF1: tanh with the Glorot default', code: `${TF1}h = tf.layers.dense(x, 8, activation=tf.tanh)\n` },
    { name: 'TF1: a linear layer', code: `${TF1}h = tf.layers.dense(x, 8)\n` },
    { name: 'contrib fully_connected with activation_fn=None is linear', code: `${TF1}h = tf.contrib.layers.fully_connected(x, 8, activation_fn=None)\n` },
    { name: 'Keras 1: an explicit init is the other rule', code: `${K1}m = Sequential([Dense(8, init='glorot_uniform', activation='relu', input_dim=4)])\n` },
    { name: 'Keras 1: Convolution2D with tanh', code: `${K1}m = Sequential([Convolution2D(8, 3, 3, activation='tanh', input_shape=(8, 8, 1))])\n` },
    { name: 'TF1: an unknown activation is not judged', code: `${TF1}act = pick()\nh = tf.layers.dense(x, 8, activation=act)\n` },
  ],
  invalid: [
    {
      name: "tf.layers.dense with ReLU: TF1's function, not a string",
      code: tf1Default,
      errors: [{ messageId: 'mismatch', line: 3, column: 5, severity: 'information', data: { layer: 'dense', initializer: 'glorot_uniform' } }],
      output: swap(tf1Default, 'tf.nn.relu)', `tf.nn.relu, kernel_initializer=${HE_UNIFORM_TF1})`),
    },
    {
      name: 'tf.compat.v1.layers.conv2d: the root of the call',
      code: compatConv,
      errors: [{ messageId: 'mismatch', line: 3 }],
      output: swap(compatConv, 'tf.nn.relu)', `tf.nn.relu, kernel_initializer=${HE_UNIFORM_TF1.replace('tf.', 'tf.compat.v1.')})`),
    },
    {
      name: "contrib fully_connected's default ReLU: weights_initializer",
      code: contribDefault,
      errors: [{ messageId: 'mismatch', line: 3 }],
      output: swap(contribDefault, '(x, 8)', `(x, 8, weights_initializer=${HE_UNIFORM_TF1})`),
    },
    {
      name: "Keras 1 keywords: the fix writes init=",
      code: keras1Default,
      errors: [{ messageId: 'mismatch', line: 3 }],
      output: swap(keras1Default, "activation='relu')", "activation='relu', init='he_uniform')"),
    },
    {
      name: 'standalone Keras 2 module path: kernel_initializer=',
      code: keras2PathDefault,
      errors: [{ messageId: 'mismatch', line: 4 }],
      output: swap(keras2PathDefault, 'input_shape=(16,))', "input_shape=(16,), kernel_initializer='he_uniform')"),
    },
    {
      name: 'multi-line call with a trailing comma and a comment',
      code: multiline,
      errors: [{ messageId: 'mismatch', line: 3 }],
      output: swap(multiline, '# hidden\n)', `# hidden\n    kernel_initializer=${HE_UNIFORM_TF1},\n)`),
    },
    {
      name: 'multi-line call without a trailing comma: the comment stays on its line',
      code: multilineNoComma,
      errors: [{ messageId: 'mismatch', line: 3 }],
      output: swap(multilineNoComma, 'tf.nn.relu  # hidden\n)', `tf.nn.relu,  # hidden\n    kernel_initializer=${HE_UNIFORM_TF1}\n)`),
    },
    {
      name: 'kernel_initializer=None is the default: the None is replaced',
      code: explicitNone,
      errors: [{ messageId: 'mismatch', line: 3 }],
      output: swap(explicitNone, 'kernel_initializer=None', `kernel_initializer=${HE_UNIFORM_TF1}`),
    },
    {
      name: 'Keras 1 inner_init on an LSTM with relu',
      code: keras1LstmRelu,
      errors: [{ messageId: 'mismatch', line: 3, data: { layer: 'lstm' } }],
      output: swap(keras1LstmRelu, 'input_shape=(5, 8))', "input_shape=(5, 8), init='he_uniform')"),
    },
    {
      name: 'tf.compat.v1 layers imported bare: the module binding of the same root',
      code: bareLayers,
      errors: [{ messageId: 'mismatch', line: 4 }],
      output: swap(bareLayers, 'tf.nn.relu)', `tf.nn.relu, kernel_initializer=${HE_UNIFORM_TF1.replace('tf.', 'tf.compat.v1.')})`),
    },
    {
      name: 'standalone Keras 2: through BatchNormalization to a ReLU layer',
      code: throughBatchNorm,
      errors: [{ messageId: 'mismatchThroughNormalization', line: 5, severity: 'hint' }],
      output: swap(throughBatchNorm, 'Dense(8, input_dim=4)', "Dense(8, input_dim=4, kernel_initializer='he_uniform')"),
    },
  ],
});

describe('TF1 and Keras 1 catalog rows', () => {
  it('every legacy layer row names only its own parameters', () => {
    for (const row of legacyLayerRows()) {
      const own = (param: string) => assert.ok(row.params.includes(param), `${row.kind}: ${param} is not a parameter`);
      Object.keys(row.defaults ?? {}).forEach(own);
      Object.values(row.renamed ?? {}).forEach(own);
      (row.window ?? []).forEach(own);
      if (row.unitsParam) own(row.unitsParam);
      if (row.weights) [row.weights.kernel, row.weights.bias].forEach((init) => init && own(init.param));
    }
  });

  it('TF1 defaults: random_normal stddev 1, random_uniform [0, 1), variance_scaling truncated', () => {
    assert.deepEqual(initializerRow('tf1', 'random_normal_initializer')?.build({}), { kind: 'absolute', name: 'random_normal', distribution: 'normal', mean: 0, stddev: 1 });
    assert.deepEqual(initializerRow('tf1', 'random_uniform_initializer')?.build({}), { kind: 'absolute', name: 'random_uniform', distribution: 'uniform', mean: 0.5, stddev: 1 / Math.sqrt(12) });
    assert.deepEqual(initializerRow('tf1', 'truncated_normal_initializer')?.build({ stddev: 0.1 }), { kind: 'absolute', name: 'truncated_normal', distribution: 'truncated_normal', mean: 0, stddev: 0.1 });
    // TF1 reads 'normal' as the truncated normal.
    assert.deepEqual(initializerRow('tf1', 'variance_scaling_initializer')?.build({ scale: 2, distribution: 'normal' }), { kind: 'variance_scaling', name: 'variance_scaling', scale: 2, mode: 'fan_in', distribution: 'truncated_normal' });
    assert.equal(initializerRow('tf1', 'variance_scaling_initializer')?.build({ distribution: 'untruncated_normal' })?.kind, 'variance_scaling');
  });

  it('plain tf. names TF2 re-exported with other defaults are unknown when those are left out', () => {
    assert.equal(initializerRow('tf', 'random_normal_initializer')?.build({}), undefined);
    assert.deepEqual(initializerRow('tf', 'random_normal_initializer')?.build({ stddev: 0.02 }), { kind: 'absolute', name: 'random_normal', distribution: 'normal', mean: 0, stddev: 0.02 });
    assert.equal(initializerRow('tf', 'random_uniform')?.build({ minval: -1 }), undefined);
    assert.equal(initializerRow('tf', 'truncated_normal_initializer')?.build({})?.kind, 'absolute');
  });

  it("contrib's truncated normal carries √1.3: variance 1.3 · factor · 0.7737 / fan", () => {
    const spec = initializerRow('contrib', 'variance_scaling_initializer')?.build({ factor: 1, mode: 'FAN_AVG' });
    assert.equal(spec?.kind, 'variance_scaling');
    if (spec?.kind === 'variance_scaling') {
      assert.equal(spec.mode, 'fan_avg');
      assert.ok(Math.abs(spec.scale - 1.3 * 0.7737413035499232) < 1e-12);
    }
    assert.equal(initializerRow('contrib', 'variance_scaling_initializer')?.build({ mode: 'fan_in' }), undefined, 'contrib wants FAN_IN in capitals');
  });

  it('non-literal numbers make the spec unknown, not a default', () => {
    assert.equal(initializerRow('keras', 'RandomNormal')?.build({ stddev: null }), undefined);
    assert.equal(initializerRow('keras', 'VarianceScaling')?.build({ mode: null }), undefined);
    assert.equal(initializerRow('tf1', 'constant_initializer')?.build({ value: null }), undefined);
  });

  it('Keras 1 Convolution2D binds nb_row and nb_col; Conv2D keeps Keras 3 positions', () => {
    assert.deepEqual(kerasLayer('Convolution2D')?.params.slice(0, 3), ['filters', 'kernel_size', 'nb_col']);
    assert.deepEqual(kerasLayer('Conv2D')?.params.slice(0, 3), ['filters', 'kernel_size', 'strides']);
  });

  it("Keras 1's initializations: scale is σ or the limit, untruncated fan-scaled normals, orthogonal's gain 1.1", () => {
    assert.deepEqual(initializerRow('keras1', 'normal')?.build({ scale: 1 }), { kind: 'absolute', name: 'random_normal', distribution: 'normal', mean: 0, stddev: 1 });
    assert.deepEqual(initializerRow('keras1', 'uniform')?.build({}), { kind: 'absolute', name: 'random_uniform', distribution: 'uniform', mean: 0, stddev: 0.1 / Math.sqrt(12) });
    assert.deepEqual(initializerRow('keras1', 'he_normal')?.build({}), { kind: 'variance_scaling', name: 'he_normal', distribution: 'normal', scale: 2, mode: 'fan_in' });
    assert.deepEqual(initializerRow('keras1', 'orthogonal')?.build({}), { kind: 'orthogonal', name: 'orthogonal', gain: 1.1 });
  });

  it("TF1's functions for He and LeCun are variance_scaling_initializer", () => {
    assert.equal(tf1InitializerCall('lecun_uniform', 'tf.', '"', 'seed=3'), 'tf.variance_scaling_initializer(scale=1.0, mode="fan_in", distribution="uniform", seed=3)');
    assert.equal(tf1InitializerCall('glorot_normal', '', "'"), 'glorot_normal_initializer()');
    assert.equal(tf1InitializerCall('zeros', 'tf.', "'"), undefined);
  });
});

describe('older spellings reach the parameters rules and the simulation read', () => {
  const layersOf = (code: string) => {
    const models = extractFile(code, 'python').models;
    assert.equal(models.length, 1);
    return models[0].layers;
  };

  it("Keras 1: Convolution2D's nb_row × nb_col window, border_mode and subsample; Dropout's p; MaxPooling1D's pool_length", () => {
    const [conv, dropout, pool] = layersOf(
      "from keras.models import Sequential\nfrom keras.layers import Convolution2D, Dropout, MaxPooling1D\n" +
        "m = Sequential([Convolution2D(32, 5, 3, init='he_normal', border_mode='same', subsample=(2, 2), bias=False), Dropout(p=0.3), MaxPooling1D(pool_length=4, stride=2)])\n",
    );
    assert.deepEqual(conv.kernelSize, [5, 3]);
    assert.equal(conv.units, 32);
    assert.deepEqual([conv.config.padding, conv.config.strides, conv.config.use_bias], ['same', [2, 2], false]);
    assert.equal(conv.kernelInitializer?.spec?.name, 'he_normal');
    assert.equal(conv.config.kernel_initializer, 'he_normal');
    assert.deepEqual(dropout.config, { rate: 0.3 });
    assert.deepEqual(pool.config, { pool_size: 4, strides: 2 });
  });

  it('Keras 1 LSTM: output_dim, inner_init and inner_activation by their Keras 2 names', () => {
    const [lstm] = layersOf("from keras.models import Sequential\nfrom keras.layers import LSTM\nm = Sequential([LSTM(output_dim=16, inner_init='zero', inner_activation='sigmoid', dropout_W=0.1)])\n");
    assert.equal(lstm.units, 16);
    assert.equal(lstm.extraInitializers?.recurrent?.spec?.name, 'zeros');
    assert.deepEqual([lstm.config.recurrent_activation, lstm.config.dropout], ['sigmoid', 0.1]);
  });

  it('TF1: the placeholder drops its batch axis; pooling and dropout arguments by position', () => {
    const layers = layersOf(
      'import tensorflow as tf\nx = tf.compat.v1.placeholder(tf.float32, shape=(None, 8, 8, 3))\n' +
        "h = tf.layers.conv2d(x, 4, (3, 3), (1, 1), 'same')\nh = tf.layers.max_pooling2d(h, 2, 2, 'valid')\nh = tf.layers.dropout(h, 0.3)\n",
    );
    assert.deepEqual(layers.map((layer) => layer.kind), ['InputLayer', 'Conv2D', 'MaxPooling2D', 'Dropout']);
    assert.deepEqual(layers[0].inputShape, [8, 8, 3]);
    assert.deepEqual(layers[1].config, { filters: 4, kernel_size: [3, 3], strides: [1, 1], padding: 'same' });
    assert.deepEqual(layers[2].config, { pool_size: 2, strides: 2, padding: 'valid' });
    assert.deepEqual(layers[3].config, { rate: 0.3 });
    assert.deepEqual(layers.map((layer) => layer.inputs), [[], [0], [1], [2]]);
  });

  it("TF1 initializer forms record the module they were reached through, for the fix", () => {
    const code =
      'import tensorflow.compat.v1 as v1\nfrom tensorflow.contrib.layers import xavier_initializer\nx = v1.placeholder(v1.float32, [None, 4])\n' +
      'h = v1.layers.dense(x, 4, kernel_initializer=v1.truncated_normal_initializer(stddev=0.1, seed=3))\ny = v1.layers.dense(h, 2, kernel_initializer=xavier_initializer())\n';
    const [, dense, other] = layersOf(code);
    const form = dense.kernelInitializer?.form;
    assert.ok(form?.kind === 'tf1');
    assert.deepEqual([form.root, code.slice(form.nameSpan.from, form.nameSpan.to), form.seedText], ['v1.', 'truncated_normal_initializer', '3']);
    assert.deepEqual(dense.kernelInitializer?.spec, { kind: 'absolute', name: 'truncated_normal', distribution: 'truncated_normal', mean: 0, stddev: 0.1 });
    assert.equal(other.kernelInitializer?.form.kind === 'tf1' && other.kernelInitializer.form.root, '');
  });
});
