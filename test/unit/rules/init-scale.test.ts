import { initScale } from '../../../src/core/rules/init-scale';
import { KERAS, runRuleTests } from '../rule-tester';

/** A Keras 3 Sequential on 784 inputs with one hidden layer written by the case and a linear head. */
const mlp = (hidden: string, inputs = 784): string => `${KERAS}m = keras.Sequential([keras.Input(shape=(${inputs},)), ${hidden}, layers.Dense(10)])\n`;

runRuleTests(initScale, {
  valid: [
    { name: 'He normal', code: mlp("layers.Dense(256, activation='relu', kernel_initializer='he_normal')") },
    // 784 · 0.05² · ½ = 0.98
    { name: 'RandomNormal with the right stddev for the fan-in', code: mlp("layers.Dense(256, activation='relu', kernel_initializer=initializers.RandomNormal(stddev=0.05))") },
    // 100 · 0.1² · 1 = 1: LeCun normal in substance, right for tanh
    { name: 'tanh with a 1/fan_in variance', code: mlp("layers.Dense(64, activation='tanh', kernel_initializer=initializers.RandomNormal(stddev=0.1))", 100) },
    // 784 · 0.07² · ½ = 1.92: inside the band
    { name: 'just inside the band', code: mlp("layers.Dense(256, activation='relu', kernel_initializer=initializers.RandomNormal(stddev=0.07))") },
    {
      name: 'unknown fan-in is not flagged',
      code: `${KERAS}m = keras.Sequential([layers.Dense(256, activation='relu', kernel_initializer=initializers.RandomNormal(stddev=1.0)), layers.Dense(10)])\n`,
    },
    { name: 'bias is not flagged', code: mlp("layers.Dense(256, activation='relu', kernel_initializer='he_normal', bias_initializer=initializers.RandomNormal(stddev=1.0))") },
    { name: 'stddev 0 is constant-init’s', code: mlp("layers.Dense(256, activation='relu', kernel_initializer=initializers.RandomNormal(stddev=0.0))") },
    { name: 'a non-zero mean is not a scale question', code: mlp("layers.Dense(256, activation='relu', kernel_initializer=initializers.RandomNormal(mean=0.5, stddev=1.0))") },
    {
      name: 'a small output layer is a deliberate head',
      code: `${KERAS}m = keras.Sequential([keras.Input(shape=(64,)), layers.Dense(64, activation='relu'), layers.Dense(3, kernel_initializer=initializers.RandomNormal(stddev=0.01))])\n`,
    },
    {
      name: 'softmax has no gain rule',
      code: `${KERAS}m = keras.Sequential([keras.Input(shape=(64,)), layers.Dense(10, activation='softmax', kernel_initializer=initializers.RandomNormal(stddev=1.0))])\n`,
    },
    { name: 'unknown activation is not judged', code: mlp("layers.Dense(256, activation=pick(), kernel_initializer=initializers.RandomNormal(stddev=1.0))") },
    {
      name: 'Embedding: its default random_uniform is a lookup table, not a sum over fan-in',
      code: `${KERAS}m = keras.Sequential([keras.Input(shape=(20,)), layers.Embedding(10000, 64), layers.Flatten(), layers.Dense(1)])\n`,
    },
    {
      name: 'recurrent kernels are not judged by fan-in',
      code: `${KERAS}m = keras.Sequential([keras.Input(shape=(10, 8)), layers.LSTM(32, recurrent_initializer=initializers.RandomNormal(stddev=1.0)), layers.Dense(1)])\n`,
    },
    {
      name: 'a layer after one whose shape cannot be followed has unknown fan-in',
      code: `${KERAS}m = keras.Sequential([keras.Input(shape=(8, 8, 3)), layers.Conv2D(16, k), layers.Flatten(), layers.Dense(32, activation='relu', kernel_initializer=initializers.RandomNormal(stddev=1.0)), layers.Dense(1)])\n`,
    },
    {
      name: 'variance-scaling initializers are other rules’ business',
      code: mlp("layers.Dense(256, activation='relu', kernel_initializer=initializers.VarianceScaling(scale=0.01))"),
    },
  ],
  invalid: [
    {
      name: 'stddev 1.0 on 784 inputs',
      code: mlp("layers.Dense(256, activation='relu', kernel_initializer=initializers.RandomNormal(stddev=1.0))"),
      errors: [{ messageId: 'scale', line: 3, column: 106, severity: 'warning', data: { layer: 'dense', fanIn: 784, gain: 392, activation: 'relu', stddev: 0.0505 } }],
      output: mlp("layers.Dense(256, activation='relu', kernel_initializer=initializers.HeNormal())"),
    },
    {
      name: 'stddev 0.01 on 64 inputs, Sequential with input_shape',
      code: `${KERAS}m = keras.Sequential([layers.Dense(64, activation='relu', input_shape=(64,), kernel_initializer=initializers.RandomNormal(stddev=0.01)), layers.Dense(10)])\n`,
      // 64 · 10⁻⁴ · ½
      errors: [{ messageId: 'scale', line: 3, data: { fanIn: 64, gain: 0.0032, stddev: 0.177 } }],
      output: `${KERAS}m = keras.Sequential([layers.Dense(64, activation='relu', input_shape=(64,), kernel_initializer=initializers.HeNormal()), layers.Dense(10)])\n`,
    },
    {
      name: 'through a following Activation layer',
      code: `${KERAS}m = keras.Sequential([keras.Input(shape=(100,)), layers.Dense(128, kernel_initializer=initializers.RandomNormal(stddev=0.5)), layers.Activation('relu'), layers.Dense(10)])\n`,
      // 100 · 0.25 · ½
      errors: [{ messageId: 'scale', line: 3, data: { gain: 12.5, activation: 'relu' } }],
      output: `${KERAS}m = keras.Sequential([keras.Input(shape=(100,)), layers.Dense(128, kernel_initializer=initializers.HeNormal()), layers.Activation('relu'), layers.Dense(10)])\n`,
    },
    {
      name: 'through BatchNormalization: one step lower',
      code: `${KERAS}m = keras.Sequential([keras.Input(shape=(100,)), layers.Dense(128, kernel_initializer=initializers.RandomNormal(stddev=0.5)), layers.BatchNormalization(), layers.Activation('relu'), layers.Dense(10)])\n`,
      errors: [{ messageId: 'scaleThroughNormalization', line: 3, severity: 'information', data: { gain: 12.5 } }],
    },
    {
      name: 'conv with a known input shape: fan-in is window × channels',
      code: `${KERAS}m = keras.Sequential([keras.Input(shape=(28, 28, 1)), layers.Conv2D(32, 3, activation='relu', kernel_initializer=initializers.RandomNormal(stddev=1.0)), layers.Flatten(), layers.Dense(10)])\n`,
      // 3·3·1 = 9 inputs per unit: 9 · 1 · ½
      errors: [{ messageId: 'scale', line: 3, data: { layer: 'conv2d', fanIn: 9, gain: 4.5, stddev: 0.471 } }],
      output: `${KERAS}m = keras.Sequential([keras.Input(shape=(28, 28, 1)), layers.Conv2D(32, 3, activation='relu', kernel_initializer=initializers.HeNormal()), layers.Flatten(), layers.Dense(10)])\n`,
    },
    {
      name: 'fan-in through a strided conv and Flatten',
      code: `${KERAS}m = keras.Sequential([keras.Input(shape=(32, 32, 3)), layers.Conv2D(16, 3, strides=2, padding='same', activation='relu', kernel_initializer='he_normal'), layers.Flatten(), layers.Dense(64, activation='relu', kernel_initializer=initializers.RandomNormal(stddev=0.1)), layers.Dense(10)])\n`,
      // 16·16·16 = 4096 inputs: 4096 · 0.01 · ½
      errors: [{ messageId: 'scale', line: 3, data: { layer: 'dense', fanIn: 4096, gain: 20.5 } }],
    },
    {
      name: "Keras's 'random_normal' string (stddev 0.05) on a wide layer",
      code: mlp("layers.Dense(256, activation='relu', kernel_initializer='random_normal')", 4096),
      errors: [{ messageId: 'scale', line: 3, data: { fanIn: 4096, gain: 5.12 } }],
      output: mlp("layers.Dense(256, activation='relu', kernel_initializer='he_normal')", 4096),
    },
    {
      name: "'random_uniform' (±0.05) is too small for 784 relu inputs",
      code: mlp("layers.Dense(256, activation='relu', kernel_initializer=\"random_uniform\")"),
      // 784 · 0.1²/12 · ½; limit √(3 · 2/784)
      errors: [{ messageId: 'scaleUniform', line: 3, data: { gain: 0.327, limit: 0.0875 } }],
      output: mlp("layers.Dense(256, activation='relu', kernel_initializer=\"he_uniform\")"),
    },
    {
      name: 'TruncatedNormal: variance 0.774·stddev², tanh',
      code: mlp("layers.Dense(64, activation='tanh', kernel_initializer=initializers.TruncatedNormal(stddev=1.0, seed=3))", 64),
      errors: [{ messageId: 'scale', line: 3, data: { fanIn: 64, gain: 49.5, activation: 'tanh', stddev: 0.142 } }],
      output: mlp("layers.Dense(64, activation='tanh', kernel_initializer=initializers.GlorotNormal(seed=3))", 64),
    },
    {
      name: 'tf.keras functional model, linear hidden layer',
      code: `import tensorflow as tf\ni = tf.keras.Input(shape=(784,))\nx = tf.keras.layers.Dense(128, kernel_initializer=tf.keras.initializers.RandomNormal(mean=0.0, stddev=1.0))(i)\nmodel = tf.keras.Model(i, tf.keras.layers.Dense(10)(x))\n`,
      errors: [{ messageId: 'scale', line: 3, column: 51, data: { gain: 784, activation: 'linear', stddev: 0.0357 } }],
      output: `import tensorflow as tf\ni = tf.keras.Input(shape=(784,))\nx = tf.keras.layers.Dense(128, kernel_initializer=tf.keras.initializers.GlorotNormal())(i)\nmodel = tf.keras.Model(i, tf.keras.layers.Dense(10)(x))\n`,
    },
    {
      name: 'input_dim and a bare imported class: the fix imports the replacement',
      code: `from keras.models import Sequential\nfrom keras.layers import Dense\nfrom keras.initializers import RandomUniform\nmodel = Sequential()\nmodel.add(Dense(64, input_dim=20, activation='relu', kernel_initializer=RandomUniform(minval=-1, maxval=1)))\nmodel.add(Dense(1, activation='sigmoid'))\n`,
      // 20 · 4/12 · ½; limit √(3 · 2/20)
      errors: [{ messageId: 'scaleUniform', line: 5, data: { fanIn: 20, gain: 3.33, limit: 0.548 } }],
      output: `from keras.models import Sequential\nfrom keras.layers import Dense\nfrom keras.initializers import RandomUniform, HeUniform\nmodel = Sequential()\nmodel.add(Dense(64, input_dim=20, activation='relu', kernel_initializer=HeUniform()))\nmodel.add(Dense(1, activation='sigmoid'))\n`,
    },
    {
      name: "LeakyReLU layer's own slope (Keras 3: 0.3) sets the factor",
      code: mlp("layers.Dense(64, kernel_initializer=initializers.RandomNormal(stddev=1.0)), layers.LeakyReLU()", 100),
      // 100 · 1 · (1 + 0.3²)/2
      errors: [{ messageId: 'scale', line: 3, data: { gain: 54.5, activation: 'leaky_relu' } }],
    },
    {
      name: 'selu: the fix is LeCun normal',
      code: mlp("layers.Dense(64, activation='selu', kernel_initializer=initializers.RandomNormal(stddev=1.0))", 64),
      errors: [{ messageId: 'scale', line: 3, data: { activation: 'selu', stddev: 0.125 } }],
      output: mlp("layers.Dense(64, activation='selu', kernel_initializer=initializers.LecunNormal())", 64),
    },
    {
      name: 'two layers, one fix each',
      code: `${KERAS}m = keras.Sequential([\n    keras.Input(shape=(784,)),\n    layers.Dense(512, activation='relu', kernel_initializer='random_normal'),\n    layers.Dense(512, activation='relu', kernel_initializer=initializers.RandomNormal(stddev=1.0)),\n    layers.Dense(10),\n])\n`,
      // 784 · 0.0025 · ½ = 0.98 fits; 512 · 1 · ½ does not
      errors: [{ messageId: 'scale', line: 6, column: 61, data: { layer: 'dense_1', fanIn: 512, gain: 256, stddev: 0.0625 } }],
      output: `${KERAS}m = keras.Sequential([\n    keras.Input(shape=(784,)),\n    layers.Dense(512, activation='relu', kernel_initializer='random_normal'),\n    layers.Dense(512, activation='relu', kernel_initializer=initializers.HeNormal()),\n    layers.Dense(10),\n])\n`,
    },
    {
      name: 'TF1 truncated_normal_initializer, fan-in from the placeholder',
      code: `import tensorflow as tf\n\nx = tf.placeholder(tf.float32, [None, 784])\nhidden = tf.layers.dense(x, 256, activation=tf.nn.relu, kernel_initializer=tf.truncated_normal_initializer(stddev=0.1))\nlogits = tf.layers.dense(hidden, 10)\n`,
      // 784 · 0.774 · 0.01 · ½; the truncated stddev giving 2/784 is √(2/784/0.774)
      errors: [{ messageId: 'scale', line: 4, column: 76, data: { fanIn: 784, gain: 3.03, stddev: 0.0574 } }],
      output: `import tensorflow as tf\n\nx = tf.placeholder(tf.float32, [None, 784])\nhidden = tf.layers.dense(x, 256, activation=tf.nn.relu, kernel_initializer=tf.variance_scaling_initializer(scale=2.0, mode='fan_in', distribution='truncated_normal'))\nlogits = tf.layers.dense(hidden, 10)\n`,
    },
    {
      name: "Keras 1 init='uniform' means ±0.05",
      code: `from keras.models import Sequential\nfrom keras.layers import Dense\n\nmodel = Sequential()\nmodel.add(Dense(512, input_dim=784, init='uniform', activation='relu'))\nmodel.add(Dense(10, activation='softmax'))\n`,
      errors: [{ messageId: 'scaleUniform', line: 5, column: 42, data: { fanIn: 784, gain: 0.327, limit: 0.0875 } }],
      output: `from keras.models import Sequential\nfrom keras.layers import Dense\n\nmodel = Sequential()\nmodel.add(Dense(512, input_dim=784, init='he_uniform', activation='relu'))\nmodel.add(Dense(10, activation='softmax'))\n`,
    },
    {
      name: 'TF.js randomNormal({stddev}) in tf.sequential: the fix keeps the arguments it accepts',
      language: 'typescript',
      code: `import * as tf from '@tensorflow/tfjs';\n\nconst model = tf.sequential({\n  layers: [\n    tf.layers.dense({units: 256, inputShape: [784], activation: 'relu', kernelInitializer: tf.initializers.randomNormal({stddev: 1, seed: 7})}),\n    tf.layers.dense({units: 10, activation: 'softmax'}),\n  ],\n});\n`,
      errors: [{ messageId: 'scale', line: 5, column: 92, data: { fanIn: 784, gain: 392, stddev: 0.0505 } }],
      output: `import * as tf from '@tensorflow/tfjs';\n\nconst model = tf.sequential({\n  layers: [\n    tf.layers.dense({units: 256, inputShape: [784], activation: 'relu', kernelInitializer: tf.initializers.heNormal({seed: 7})}),\n    tf.layers.dense({units: 10, activation: 'softmax'}),\n  ],\n});\n`,
    },
    {
      name: 'TF.js conv2d with inputShape, truncatedNormal, require()',
      language: 'javascript',
      code: `const tf = require('@tensorflow/tfjs');\n\nconst model = tf.sequential();\nmodel.add(tf.layers.conv2d({filters: 16, kernelSize: 3, inputShape: [28, 28, 1], activation: 'relu', kernelInitializer: tf.initializers.truncatedNormal({stddev: 0.01})}));\nmodel.add(tf.layers.flatten());\nmodel.add(tf.layers.dense({units: 10, activation: 'softmax'}));\n`,
      // 3·3·1 · 0.774 · 10⁻⁴ · ½
      errors: [{ messageId: 'scale', line: 4, column: 121, data: { fanIn: 9, gain: 0.000348, stddev: 0.536 } }],
    },
    {
      name: 'layers in and after a loop of unknown length have unknown fan-in: only the one before is judged',
      code: `${KERAS}model = keras.Sequential()\nmodel.add(keras.Input(shape=(784,)))\nmodel.add(layers.Dense(64, activation="relu", kernel_initializer=initializers.RandomNormal(stddev=1.0)))\nwhile grow():\n    model.add(layers.Dense(64, activation="relu", kernel_initializer=initializers.RandomNormal(stddev=1.0)))\nmodel.add(layers.Dense(32, activation="relu", kernel_initializer=initializers.RandomNormal(stddev=1.0)))\nmodel.add(layers.Dense(10))\n`,
      errors: [{ messageId: 'scale', line: 5, data: { fanIn: 784 } }],
    },
    {
      name: 'a too-large output layer is still flagged',
      code: `${KERAS}m = keras.Sequential([keras.Input(shape=(64,)), layers.Dense(1, kernel_initializer=initializers.RandomNormal(stddev=1.0))])\n`,
      errors: [{ messageId: 'scale', line: 3, data: { gain: 64 } }],
    },
  ],
});
