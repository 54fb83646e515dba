import { initActivationMismatch } from '../../../src/core/rules/init-activation-mismatch';
import { KERAS, runRuleTests } from '../rule-tester';

runRuleTests(initActivationMismatch, {
  valid: [
    { name: 'He with relu', code: `${KERAS}m = keras.Sequential([layers.Dense(8, activation='relu', kernel_initializer='he_uniform')])\n` },
    { name: 'Glorot with tanh', code: `${KERAS}m = keras.Sequential([layers.Dense(8, activation='tanh', kernel_initializer='glorot_normal')])\n` },
    { name: 'LeCun normal with selu', code: `${KERAS}m = keras.Sequential([layers.Dense(8, activation='selu', kernel_initializer=initializers.LecunNormal())])\n` },
    { name: 'VarianceScaling(2, fan_in) is He', code: `${KERAS}m = keras.Sequential([layers.Dense(8, activation='relu', kernel_initializer=initializers.VarianceScaling(scale=2.0, mode='fan_in'))])\n` },
    { name: 'Glorot with a linear layer', code: `${KERAS}m = keras.Sequential([layers.Dense(8, kernel_initializer='glorot_uniform')])\n` },
    { name: 'defaults are another rule', code: `${KERAS}m = keras.Sequential([layers.Dense(8, activation='relu')])\n` },
    {
      name: 'a merge layer ends the search for an activation',
      code: `${KERAS}i = keras.Input(shape=(4,))\nx = layers.Dense(4, kernel_initializer='glorot_uniform')(i)\ny = layers.Dense(4, kernel_initializer='he_normal')(x)\nmodel = keras.Model(i, layers.ReLU()(layers.Add()([x, y])))\n`,
    },
    { name: 'unknown activation is not judged', code: `${KERAS}act = 'relu'\nif wide:\n    act = 'tanh'\nm = keras.Sequential([layers.Dense(8, activation=act, kernel_initializer='glorot_uniform')])\n` },
  ],
  invalid: [
    {
      name: 'Glorot uniform with relu',
      code: `${KERAS}m = keras.Sequential([layers.Dense(8, activation='relu', kernel_initializer='glorot_uniform')])\n`,
      errors: [{ messageId: 'mismatch', line: 3, column: 77, data: { initializer: 'glorot_uniform', activation: 'relu', family: 'Glorot' } }],
      output: `${KERAS}m = keras.Sequential([layers.Dense(8, activation='relu', kernel_initializer='he_uniform')])\n`,
    },
    {
      name: 'He normal with tanh',
      code: `${KERAS}m = keras.Sequential([layers.Dense(8, activation='tanh', kernel_initializer=initializers.HeNormal(seed=42))])\n`,
      errors: [{ messageId: 'mismatch', line: 3, data: { family: 'He', activation: 'tanh' } }],
      output: `${KERAS}m = keras.Sequential([layers.Dense(8, activation='tanh', kernel_initializer=initializers.GlorotNormal(seed=42))])\n`,
    },
    {
      name: 'LeCun uniform with selu',
      code: `${KERAS}m = keras.Sequential([layers.Dense(8, activation='selu', kernel_initializer='lecun_uniform')])\n`,
      errors: [{ messageId: 'mismatch', line: 3 }],
      output: `${KERAS}m = keras.Sequential([layers.Dense(8, activation='selu', kernel_initializer='lecun_normal')])\n`,
    },
    {
      name: 'VarianceScaling(1, fan_avg) is Glorot, with gelu',
      code: `${KERAS}m = keras.Sequential([layers.Dense(8, activation='gelu', kernel_initializer=initializers.VarianceScaling(1.0, 'fan_avg', 'uniform'))])\n`,
      errors: [{ messageId: 'mismatch', line: 3, data: { family: 'Glorot' } }],
    },
    {
      name: 'activation applied by a later Activation layer, through BatchNormalization',
      code: `${KERAS}m = keras.Sequential([layers.Dense(8, kernel_initializer='glorot_uniform'), layers.BatchNormalization(), layers.Activation('relu')])\n`,
      errors: [{ messageId: 'mismatchThroughNormalization', line: 3, severity: 'information' }],
    },
    {
      name: 'tf.nn.relu as the activation, positional Conv1D arguments',
      code: `import tensorflow as tf\nm = tf.keras.Sequential([tf.keras.layers.Conv1D(8, 3, activation=tf.nn.relu, kernel_initializer='lecun_normal')])\n`,
      errors: [{ messageId: 'mismatch', line: 2, data: { family: 'LeCun', activation: 'relu' } }],
    },
    {
      name: 'functional with ReLU layer',
      code: `from tensorflow.keras import layers as L\nimport tensorflow as tf\ni = tf.keras.Input(shape=(3,))\nx = L.Dense(4, kernel_initializer='glorot_uniform')(i)\nx = L.ReLU()(x)\nmodel = tf.keras.Model(inputs=i, outputs=x)\n`,
      errors: [{ messageId: 'mismatch', line: 4 }],
      output: `from tensorflow.keras import layers as L\nimport tensorflow as tf\ni = tf.keras.Input(shape=(3,))\nx = L.Dense(4, kernel_initializer='he_uniform')(i)\nx = L.ReLU()(x)\nmodel = tf.keras.Model(inputs=i, outputs=x)\n`,
    },
  ],
});
