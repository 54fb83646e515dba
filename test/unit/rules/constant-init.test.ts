import { constantInit } from '../../../src/core/rules/constant-init';
import { KERAS, runRuleTests } from '../rule-tester';

runRuleTests(constantInit, {
  valid: [
    { name: 'random kernel', code: `${KERAS}m = keras.Sequential([layers.Dense(8, kernel_initializer='glorot_normal'), layers.Dense(1)])\n` },
    { name: "'ones' bias", code: `${KERAS}m = keras.Sequential([layers.Dense(8, bias_initializer='ones'), layers.Dense(1)])\n` },
    { name: 'zeros belong to zero-init', code: `${KERAS}m = keras.Sequential([layers.Dense(8, kernel_initializer='zeros'), layers.Dense(1)])\n` },
  ],
  invalid: [
    {
      name: "'ones' string",
      code: `${KERAS}m = keras.Sequential([layers.Dense(8, activation="relu", kernel_initializer="ones"), layers.Dense(1)])\n`,
      errors: [{ messageId: 'constantKernel', line: 3, column: 77, data: { value: 1 } }],
      output: `${KERAS}m = keras.Sequential([layers.Dense(8, activation="relu", kernel_initializer="he_normal"), layers.Dense(1)])\n`,
    },
    {
      name: 'Constant(0.5) keeps the module path',
      code: `${KERAS}m = keras.Sequential([layers.Dense(8, activation='tanh', kernel_initializer=keras.initializers.Constant(0.5)), layers.Dense(1)])\n`,
      errors: [{ messageId: 'constantKernel', line: 3, data: { value: 0.5 } }],
      output: `${KERAS}m = keras.Sequential([layers.Dense(8, activation='tanh', kernel_initializer=keras.initializers.GlorotUniform()), layers.Dense(1)])\n`,
    },
    {
      name: 'Constant(value=-2) on the output layer too',
      code: `${KERAS}m = keras.Sequential([layers.Dense(1, kernel_initializer=initializers.Constant(value=-2))])\n`,
      errors: [{ messageId: 'constantKernel', line: 3, data: { value: -2 } }],
    },
    {
      name: 'RandomNormal with stddev 0 is a constant',
      code: `${KERAS}m = keras.Sequential([layers.Dense(8, kernel_initializer=initializers.RandomNormal(mean=0.1, stddev=0.0, seed=3))])\n`,
      errors: [{ messageId: 'constantKernel', line: 3, data: { value: 0.1 } }],
      output: `${KERAS}m = keras.Sequential([layers.Dense(8, kernel_initializer=initializers.GlorotUniform(seed=3))])\n`,
    },
  ],
});
