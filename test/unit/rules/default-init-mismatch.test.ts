import { defaultInitMismatch } from '../../../src/core/rules/default-init-mismatch';
import { KERAS, runRuleTests } from '../rule-tester';

runRuleTests(defaultInitMismatch, {
  valid: [
    { name: 'default with tanh', code: `${KERAS}m = keras.Sequential([layers.Dense(8, activation='tanh')])\n` },
    { name: 'explicit initializer', code: `${KERAS}m = keras.Sequential([layers.Dense(8, activation='relu', kernel_initializer='he_normal')])\n` },
    { name: 'default with softmax', code: `${KERAS}m = keras.Sequential([layers.Dense(8, activation='softmax')])\n` },
    { name: "Embedding's uniform default and a tanh LSTM", code: `${KERAS}m = keras.Sequential([layers.Embedding(100, 8), layers.LSTM(4), layers.GRU(4, activation='sigmoid')])\n` },
  ],
  invalid: [
    {
      name: 'ReLU Dense on defaults',
      code: `${KERAS}m = keras.Sequential([layers.Dense(8, activation='relu')])\n`,
      errors: [{ messageId: 'mismatch', line: 3, column: 23, severity: 'information' }],
      output: `${KERAS}m = keras.Sequential([layers.Dense(8, activation='relu', kernel_initializer='he_uniform')])\n`,
    },
    {
      name: 'multi-line call with a trailing comma keeps its layout',
      code: `${KERAS}m = keras.Sequential([\n    layers.Conv2D(\n        8,\n        3,\n        activation="relu",\n    ),\n])\n`,
      errors: [{ messageId: 'mismatch', line: 4 }],
      output: `${KERAS}m = keras.Sequential([\n    layers.Conv2D(\n        8,\n        3,\n        activation="relu",\n        kernel_initializer="he_uniform",\n    ),\n])\n`,
    },
    {
      name: 'a depthwise convolution gets depthwise_initializer',
      code: `${KERAS}m = keras.Sequential([layers.DepthwiseConv2D(3, activation='relu')])\n`,
      errors: [{ messageId: 'mismatch', line: 3 }],
      output: `${KERAS}m = keras.Sequential([layers.DepthwiseConv2D(3, activation='relu', depthwise_initializer='he_uniform')])\n`,
    },
    {
      name: 'a recurrent layer with a ReLU activation',
      code: `${KERAS}m = keras.Sequential([layers.SimpleRNN(8, 'relu')])\n`,
      errors: [{ messageId: 'mismatch', line: 3 }],
      output: `${KERAS}m = keras.Sequential([layers.SimpleRNN(8, 'relu', kernel_initializer='he_uniform')])\n`,
    },
    {
      name: 'SELU on defaults',
      code: `${KERAS}m = keras.Sequential([layers.Dense(8, activation='selu')])\n`,
      errors: [{ messageId: 'mismatch', line: 3 }],
      output: `${KERAS}m = keras.Sequential([layers.Dense(8, activation='selu', kernel_initializer='lecun_normal')])\n`,
    },
  ],
});
