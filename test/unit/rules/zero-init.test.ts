import { zeroInit } from '../../../src/core/rules/zero-init';
import { KERAS, runRuleTests } from '../rule-tester';

runRuleTests(zeroInit, {
  valid: [
    { name: 'He normal kernel', code: `${KERAS}m = keras.Sequential([layers.Dense(8, activation='relu', kernel_initializer='he_normal'), layers.Dense(1)])\n` },
    { name: 'zero bias is never flagged', code: `${KERAS}m = keras.Sequential([layers.Dense(8, bias_initializer='zeros'), layers.Dense(1)])\n` },
    { name: 'zero-initialized output layer is exempt', code: `${KERAS}m = keras.Sequential([layers.Dense(8, activation='relu'), layers.Dense(1, kernel_initializer='zeros')])\n` },
    { name: 'output after Activation is still the output', code: `${KERAS}m = keras.Sequential([layers.Dense(8), layers.Dense(3, kernel_initializer='zeros'), layers.Activation('softmax')])\n` },
    { name: 'not a Keras call', code: `import mylib\nm = mylib.Sequential([mylib.Dense(8, kernel_initializer='zeros'), mylib.Dense(1)])\n` },
    { name: 'unresolved bare name is not guessed', code: `m = Sequential([Dense(8, kernel_initializer='zeros'), Dense(1)])\n` },
    {
      name: 'a merge layer holds no weights: a zero branch feeding only the final Add is the output',
      code: `${KERAS}i = keras.Input(shape=(4,))\nx = layers.Dense(4, activation='relu')(i)\ny = layers.Dense(4, kernel_initializer='zeros')(x)\nmodel = keras.Model(i, layers.add([x, y]))\n`,
    },
  ],
  invalid: [
    {
      name: 'string zeros on a hidden Dense (Keras 3)',
      code: `${KERAS}m = keras.Sequential([layers.Dense(8, activation='relu', kernel_initializer='zeros'), layers.Dense(1)])\n`,
      errors: [{ messageId: 'zeroKernel', line: 3, column: 77, severity: 'warning', data: { layer: 'dense' } }],
      output: `${KERAS}m = keras.Sequential([layers.Dense(8, activation='relu', kernel_initializer='he_normal'), layers.Dense(1)])\n`,
    },
    {
      name: "the 'zero' alias and tf.keras",
      code: `import tensorflow as tf\nm = tf.keras.Sequential([tf.keras.layers.Dense(8, activation='tanh', kernel_initializer="zero"), tf.keras.layers.Dense(1)])\n`,
      errors: [{ messageId: 'zeroKernel', line: 2 }],
      output: `import tensorflow as tf\nm = tf.keras.Sequential([tf.keras.layers.Dense(8, activation='tanh', kernel_initializer="glorot_uniform"), tf.keras.layers.Dense(1)])\n`,
    },
    {
      name: 'class form keeps module path and seed',
      code: `${KERAS}m = keras.Sequential([layers.Conv2D(16, 3, activation='relu', kernel_initializer=initializers.Zeros()), layers.Flatten(), layers.Dense(1)])\n`,
      errors: [{ messageId: 'zeroKernel', line: 3 }],
      output: `${KERAS}m = keras.Sequential([layers.Conv2D(16, 3, activation='relu', kernel_initializer=initializers.HeNormal()), layers.Flatten(), layers.Dense(1)])\n`,
    },
    {
      name: 'Constant(0) is a zero kernel',
      code: `${KERAS}m = keras.Sequential([layers.Dense(8, kernel_initializer=keras.initializers.Constant(0.0)), layers.Dense(1)])\n`,
      errors: [{ messageId: 'zeroKernel', line: 3 }],
      output: `${KERAS}m = keras.Sequential([layers.Dense(8, kernel_initializer=keras.initializers.GlorotUniform()), layers.Dense(1)])\n`,
    },
    {
      name: 'bare class adds its import',
      code: `import keras\nfrom keras.layers import Dense\nfrom keras.initializers import Zeros\nm = keras.Sequential([Dense(8, activation='relu', kernel_initializer=Zeros(seed=None)), Dense(1)])\n`,
      errors: [{ messageId: 'zeroKernel', line: 4 }],
      output: `import keras\nfrom keras.layers import Dense\nfrom keras.initializers import Zeros, HeNormal\nm = keras.Sequential([Dense(8, activation='relu', kernel_initializer=HeNormal(seed=None)), Dense(1)])\n`,
    },
    {
      name: 'two symmetric layers in a row are an error',
      code: `${KERAS}m = keras.Sequential()\nm.add(layers.Dense(8, kernel_initializer='zeros'))\nm.add(layers.Dense(8, kernel_initializer='zeros'))\nm.add(layers.Dense(1))\n`,
      errors: [
        { messageId: 'zeroKernelPair', line: 4, severity: 'error' },
        { messageId: 'zeroKernelPair', line: 5, severity: 'error' },
      ],
    },
    {
      name: 'zero embeddings: the fix rewrites embeddings_initializer',
      code: `${KERAS}m = keras.Sequential([layers.Embedding(1000, 16, embeddings_initializer='zeros'), layers.Flatten(), layers.Dense(1)])\n`,
      errors: [{ messageId: 'zeroKernel', line: 3, column: 73, data: { layer: 'embedding' } }],
      output: `${KERAS}m = keras.Sequential([layers.Embedding(1000, 16, embeddings_initializer='glorot_uniform'), layers.Flatten(), layers.Dense(1)])\n`,
    },
    {
      name: 'zero depthwise kernel of a separable convolution',
      code: `${KERAS}m = keras.Sequential([layers.SeparableConv2D(8, 3, activation='relu', depthwise_initializer=initializers.Zeros()), layers.Flatten(), layers.Dense(1)])\n`,
      errors: [{ messageId: 'zeroKernel', line: 3 }],
      output: `${KERAS}m = keras.Sequential([layers.SeparableConv2D(8, 3, activation='relu', depthwise_initializer=initializers.HeNormal()), layers.Flatten(), layers.Dense(1)])\n`,
    },
    {
      name: 'a zero residual branch before a later kernel layer, through add()',
      code: `${KERAS}i = keras.Input(shape=(4,))\nx = layers.Dense(4, activation='relu')(i)\ny = layers.Dense(4, kernel_initializer='zeros')(x)\ns = layers.add([x, y])\nmodel = keras.Model(i, layers.Dense(1)(s))\n`,
      errors: [{ messageId: 'zeroKernel', line: 5, data: { layer: 'dense_1' } }],
      output: `${KERAS}i = keras.Input(shape=(4,))\nx = layers.Dense(4, activation='relu')(i)\ny = layers.Dense(4, kernel_initializer='glorot_uniform')(x)\ns = layers.add([x, y])\nmodel = keras.Model(i, layers.Dense(1)(s))\n`,
    },
    {
      name: 'output layer flagged when the exemption is off',
      code: `${KERAS}m = keras.Sequential([layers.Dense(8, activation='relu'), layers.Dense(1, kernel_initializer='zeros')])\n`,
      exemptOutputLayer: false,
      errors: [{ messageId: 'zeroKernel', line: 3 }],
    },
    {
      name: 'functional model',
      code: `${KERAS}inputs = keras.Input(shape=(4,))\nx = layers.Dense(8, activation='relu', kernel_initializer='zeros')(inputs)\noutputs = layers.Dense(1)(x)\nmodel = keras.Model(inputs, outputs)\n`,
      errors: [{ messageId: 'zeroKernel', line: 4 }],
    },
  ],
});
