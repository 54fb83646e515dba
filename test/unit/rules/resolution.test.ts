// Resolution in the Keras extractor, judged through the rules: values held in variables and
// module constants, loops, helper functions and subclassed models. A layer a loop or a helper
// builds several times is reported once, where it is written; what cannot be resolved is
// unknown and never flagged.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, extractFile } from '../../../src/core';
import { constantInit } from '../../../src/core/rules/constant-init';
import { defaultInitMismatch } from '../../../src/core/rules/default-init-mismatch';
import { initActivationMismatch } from '../../../src/core/rules/init-activation-mismatch';
import { zeroInit } from '../../../src/core/rules/zero-init';
import { KERAS, runRuleTests } from '../rule-tester';

/** A functional model around `body`, which reads `i` and leaves its result in `x`. */
const functional = (prelude: string, body: string) =>
  `${KERAS}${prelude}i = keras.Input(shape=(16,))\n${body}model = keras.Model(i, layers.Dense(1)(x))\n`;

runRuleTests(zeroInit, {
  valid: [
    { name: 'a constant bound twice is unknown', code: `${KERAS}INIT = 'zeros'\nINIT = 'he_normal'\nm = keras.Sequential([layers.Dense(8, kernel_initializer=INIT), layers.Dense(1)])\n` },
    {
      name: 'a constant rebound in a branch is unknown',
      code: `${KERAS}init = 'he_normal'\nif debug:\n    init = 'zeros'\nm = keras.Sequential([layers.Dense(8, kernel_initializer=init), layers.Dense(1)])\n`,
    },
    {
      name: 'a zero default every call overrides',
      code: functional(`def block(x, init='zeros'):\n    return layers.Dense(8, activation='relu', kernel_initializer=init)(x)\n`, `x = block(i, init='he_normal')\nx = block(x, init='he_normal')\n`),
    },
    {
      name: 'a zero layer built in __init__ but never applied in call is left out',
      code: `${KERAS}class Net(keras.Model):\n    def __init__(self):\n        super().__init__()\n        self.spare = layers.Dense(8, kernel_initializer='zeros')\n        self.d = layers.Dense(8, activation='relu')\n        self.out = layers.Dense(1)\n\n    def call(self, x):\n        return self.out(self.d(x))\n`,
    },
    {
      name: 'a zero head returned by a helper is still the output layer',
      code: `${KERAS}def head():\n    return layers.Dense(1, kernel_initializer='zeros')\nm = keras.Sequential([layers.Dense(8, activation='relu')])\nm.add(head())\n`,
    },
    { name: 'an alias of a module that is not Keras', code: `import mylib\nL = mylib.layers\nm = mylib.Sequential([L.Dense(8, kernel_initializer='zeros'), L.Dense(1)])\n` },
    {
      name: 'the last loop iteration builds the zero output layer',
      code: `${KERAS}m = keras.Sequential()\nfor units, init in [(8, 'he_normal'), (1, 'zeros')]:\n    m.add(layers.Dense(units, kernel_initializer=init))\n`,
    },
  ],
  invalid: [
    {
      name: 'a module constant: the fix rewrites the use, not the shared definition',
      code: `${KERAS}INIT = 'zeros'\nm = keras.Sequential([layers.Dense(8, activation='relu', kernel_initializer=INIT), layers.Dense(1)])\n`,
      errors: [{ messageId: 'zeroKernel', line: 4, column: 77, data: { layer: 'dense' } }],
      output: `${KERAS}INIT = 'zeros'\nm = keras.Sequential([layers.Dense(8, activation='relu', kernel_initializer='he_normal'), layers.Dense(1)])\n`,
    },
    {
      name: 'a constant holding an initializer object',
      code: `${KERAS}ZERO = keras.initializers.Zeros()\nm = keras.Sequential([layers.Dense(8, activation='tanh', kernel_initializer=ZERO), layers.Dense(1)])\n`,
      errors: [{ messageId: 'zeroKernel', line: 4, column: 77 }],
      output: `${KERAS}ZERO = keras.initializers.Zeros()\nm = keras.Sequential([layers.Dense(8, activation='tanh', kernel_initializer='glorot_uniform'), layers.Dense(1)])\n`,
    },
    {
      name: 'a layer repeated by range(3) is reported once, as a symmetric pair',
      code: `${KERAS}m = keras.Sequential()\nfor _ in range(3):\n    m.add(layers.Dense(8, kernel_initializer='zeros'))\nm.add(layers.Dense(1))\n`,
      errors: [{ messageId: 'zeroKernelPair', line: 5, column: 46, severity: 'error', data: { layer: 'dense', neighbour: 'dense_1' } }],
      output: `${KERAS}m = keras.Sequential()\nfor _ in range(3):\n    m.add(layers.Dense(8, kernel_initializer='glorot_uniform'))\nm.add(layers.Dense(1))\n`,
    },
    {
      name: 'a loop over initializers: the element is the fix site',
      code: `${KERAS}m = keras.Sequential()\nfor init in ['zeros', 'he_normal']:\n    m.add(layers.Dense(8, activation='relu', kernel_initializer=init))\nm.add(layers.Dense(1))\n`,
      errors: [{ messageId: 'zeroKernel', line: 4, column: 14 }],
      output: `${KERAS}m = keras.Sequential()\nfor init in ['he_normal', 'he_normal']:\n    m.add(layers.Dense(8, activation='relu', kernel_initializer=init))\nm.add(layers.Dense(1))\n`,
    },
    {
      name: "a helper's parameter: reported at the caller's argument",
      code: functional(`def block(x, init):\n    return layers.Dense(8, activation='relu', kernel_initializer=init)(x)\n`, `x = block(i, 'zeros')\nx = block(x, 'he_normal')\n`),
      errors: [{ messageId: 'zeroKernel', line: 6, column: 14 }],
      output: functional(`def block(x, init):\n    return layers.Dense(8, activation='relu', kernel_initializer=init)(x)\n`, `x = block(i, 'he_normal')\nx = block(x, 'he_normal')\n`),
    },
    {
      name: "a helper's zero default used by two calls: one finding, on the default",
      code: functional(`def block(x, init='zeros'):\n    return layers.Dense(8, activation='relu', kernel_initializer=init)(x)\n`, `x = block(i)\nx = block(x)\n`),
      errors: [{ messageId: 'zeroKernelPair', line: 3, column: 19, severity: 'error' }],
      output: functional(`def block(x, init='he_normal'):\n    return layers.Dense(8, activation='relu', kernel_initializer=init)(x)\n`, `x = block(i)\nx = block(x)\n`),
    },
    {
      name: 'a literal inside a helper called twice is reported once',
      code: functional(`def block(x, units):\n    return layers.Dense(units, activation='relu', kernel_initializer='zeros')(x)\n`, `x = block(i, 32)\nx = layers.Dropout(0.5)(x)\nx = block(x, 16)\n`),
      errors: [{ messageId: 'zeroKernelPair', line: 4, column: 70, severity: 'error' }],
      output: functional(`def block(x, units):\n    return layers.Dense(units, activation='relu', kernel_initializer='he_normal')(x)\n`, `x = block(i, 32)\nx = layers.Dropout(0.5)(x)\nx = block(x, 16)\n`),
    },
    {
      name: 'a subclassed model: the layer applied in call',
      code: `${KERAS}class Net(keras.Model):\n    def __init__(self):\n        super().__init__()\n        self.d = layers.Dense(8, activation='relu', kernel_initializer='zeros')\n        self.out = layers.Dense(1)\n\n    def call(self, x):\n        return self.out(self.d(x))\n`,
      errors: [{ messageId: 'zeroKernel', line: 6, column: 72, data: { layer: 'dense' } }],
      output: `${KERAS}class Net(keras.Model):\n    def __init__(self):\n        super().__init__()\n        self.d = layers.Dense(8, activation='relu', kernel_initializer='he_normal')\n        self.out = layers.Dense(1)\n\n    def call(self, x):\n        return self.out(self.d(x))\n`,
    },
    {
      name: 'a loop of unknown length still reports the literal written in it',
      code: `${KERAS}import sys\nm = keras.Sequential()\nfor units in sys.argv[1:]:\n    m.add(layers.Dense(int(units), activation='relu', kernel_initializer='zeros'))\nm.add(layers.Dense(1))\n`,
      errors: [{ messageId: 'zeroKernel', line: 6, column: 74 }],
    },
    {
      name: 'a helper returning a list of layers',
      code: `${KERAS}def make_layers():\n    return [layers.Dense(8, kernel_initializer='zeros'), layers.Dense(1)]\nm = keras.Sequential(make_layers())\n`,
      errors: [{ messageId: 'zeroKernel', line: 4, column: 48 }],
      output: `${KERAS}def make_layers():\n    return [layers.Dense(8, kernel_initializer='glorot_uniform'), layers.Dense(1)]\nm = keras.Sequential(make_layers())\n`,
    },
    {
      name: 'a layers module alias bound to a variable',
      code: `${KERAS}L = keras.layers\nm = keras.Sequential([L.Dense(8, activation='relu', kernel_initializer='zeros'), L.Dense(1)])\n`,
      errors: [{ messageId: 'zeroKernel', line: 4, column: 72 }],
      output: `${KERAS}L = keras.layers\nm = keras.Sequential([L.Dense(8, activation='relu', kernel_initializer='he_normal'), L.Dense(1)])\n`,
    },
  ],
});

runRuleTests(initActivationMismatch, {
  valid: [
    {
      name: 'an activation rebound in a branch is not judged',
      code: `${KERAS}act = 'tanh'\nif deep:\n    act = 'relu'\nm = keras.Sequential([layers.Dense(8, activation=act, kernel_initializer='glorot_normal')])\n`,
    },
    { name: 'a loop of ReLU layers with He', code: `${KERAS}m = keras.Sequential()\nfor units in [64, 32]:\n    m.add(layers.Dense(units, activation='relu', kernel_initializer='he_normal'))\n` },
    {
      name: 'a helper called only with tanh and Glorot',
      code: functional(`def block(x, act):\n    return layers.Dense(8, activation=act, kernel_initializer='glorot_uniform')(x)\n`, `x = block(i, 'tanh')\nx = block(x, act='sigmoid')\n`),
    },
    {
      name: 'an uncalled helper: its parameter is unknown',
      code: `${KERAS}def block(x, act):\n    return layers.Dense(8, activation=act, kernel_initializer='he_normal')(x)\n`,
    },
    {
      name: 'a subclassed layer built but never applied is not judged',
      code: `${KERAS}class Net(keras.Model):\n    def __init__(self):\n        super().__init__()\n        self.spare = layers.Dense(8, activation='tanh', kernel_initializer='he_normal')\n        self.d = layers.Dense(1)\n\n    def call(self, x):\n        return self.d(x)\n`,
    },
  ],
  invalid: [
    {
      name: 'ReLU from a module constant, Glorot written at the call',
      code: `${KERAS}ACT = 'relu'\nm = keras.Sequential([layers.Dense(8, activation=ACT, kernel_initializer='glorot_normal'), layers.Dense(1)])\n`,
      errors: [{ messageId: 'mismatch', line: 4, column: 74, data: { activation: 'relu', initializer: 'glorot_normal' } }],
      output: `${KERAS}ACT = 'relu'\nm = keras.Sequential([layers.Dense(8, activation=ACT, kernel_initializer='he_normal'), layers.Dense(1)])\n`,
    },
    {
      name: 'an initializer constant shared by two layers: each use is fixed, the constant stays',
      code: `${KERAS}INIT = 'glorot_uniform'\nm = keras.Sequential([\n    layers.Dense(64, activation='relu', kernel_initializer=INIT),\n    layers.Dense(32, activation='relu', kernel_initializer=INIT),\n    layers.Dense(1),\n])\n`,
      errors: [
        { messageId: 'mismatch', line: 5, column: 60 },
        { messageId: 'mismatch', line: 6, column: 60 },
      ],
      output: `${KERAS}INIT = 'glorot_uniform'\nm = keras.Sequential([\n    layers.Dense(64, activation='relu', kernel_initializer='he_uniform'),\n    layers.Dense(32, activation='relu', kernel_initializer='he_uniform'),\n    layers.Dense(1),\n])\n`,
    },
    {
      name: 'a loop over sizes: one finding for the layer it repeats',
      code: `${KERAS}m = keras.Sequential()\nfor units in [64, 32, 16]:\n    m.add(layers.Dense(units, activation='relu', kernel_initializer='glorot_normal'))\nm.add(layers.Dense(1))\n`,
      errors: [{ messageId: 'mismatch', line: 5, column: 69 }],
      output: `${KERAS}m = keras.Sequential()\nfor units in [64, 32, 16]:\n    m.add(layers.Dense(units, activation='relu', kernel_initializer='he_normal'))\nm.add(layers.Dense(1))\n`,
    },
    {
      name: "He in a helper whose callers pass tanh",
      code: functional(`def block(x, act):\n    return layers.Dense(8, activation=act, kernel_initializer='he_normal')(x)\n`, `x = block(i, 'tanh')\nx = block(x, 'tanh')\n`),
      errors: [{ messageId: 'mismatch', line: 4, column: 63, data: { activation: 'tanh' } }],
      output: functional(`def block(x, act):\n    return layers.Dense(8, activation=act, kernel_initializer='glorot_normal')(x)\n`, `x = block(i, 'tanh')\nx = block(x, 'tanh')\n`),
    },
    {
      name: 'a subclassed model with He before a sigmoid',
      code: `${KERAS}class Net(keras.Model):\n    def __init__(self):\n        super().__init__()\n        self.d = layers.Dense(8, activation='sigmoid', kernel_initializer='he_uniform')\n\n    def call(self, x):\n        return self.d(x)\n`,
      errors: [{ messageId: 'mismatch', line: 6, column: 75, data: { activation: 'sigmoid' } }],
      output: `${KERAS}class Net(keras.Model):\n    def __init__(self):\n        super().__init__()\n        self.d = layers.Dense(8, activation='sigmoid', kernel_initializer='glorot_uniform')\n\n    def call(self, x):\n        return self.d(x)\n`,
    },
    {
      name: 'literal pairs unpacked by the loop, a class initializer',
      code: `${KERAS}m = keras.Sequential()\nfor units, act in [(64, 'relu'), (32, 'relu')]:\n    m.add(layers.Dense(units, activation=act, kernel_initializer=initializers.GlorotNormal(seed=1)))\n`,
      errors: [{ messageId: 'mismatch', line: 5, column: 66 }],
      output: `${KERAS}m = keras.Sequential()\nfor units, act in [(64, 'relu'), (32, 'relu')]:\n    m.add(layers.Dense(units, activation=act, kernel_initializer=initializers.HeNormal(seed=1)))\n`,
    },
    {
      name: 'an activation function held in a variable',
      code: `${KERAS}act = keras.activations.relu\nm = keras.Sequential([layers.Dense(8, activation=act, kernel_initializer='lecun_normal'), layers.Dense(1)])\n`,
      errors: [{ messageId: 'mismatch', line: 4, column: 74, data: { activation: 'relu' } }],
      output: `${KERAS}act = keras.activations.relu\nm = keras.Sequential([layers.Dense(8, activation=act, kernel_initializer='he_normal'), layers.Dense(1)])\n`,
    },
    {
      name: 'a comprehension of blocks in a subclassed layer',
      code: `${KERAS}class Tower(layers.Layer):\n    def __init__(self):\n        super().__init__()\n        self.blocks = [layers.Dense(16, activation='relu', kernel_initializer='glorot_uniform') for _ in range(3)]\n\n    def call(self, x):\n        for block in self.blocks:\n            x = block(x)\n        return x\n`,
      errors: [{ messageId: 'mismatch', line: 6, column: 79 }],
      output: `${KERAS}class Tower(layers.Layer):\n    def __init__(self):\n        super().__init__()\n        self.blocks = [layers.Dense(16, activation='relu', kernel_initializer='he_uniform') for _ in range(3)]\n\n    def call(self, x):\n        for block in self.blocks:\n            x = block(x)\n        return x\n`,
    },
  ],
});

runRuleTests(defaultInitMismatch, {
  valid: [
    { name: 'an uncalled helper: its activation is unknown', code: `${KERAS}def block(x, act):\n    return layers.Dense(8, activation=act)(x)\n` },
    { name: 'a helper called only with tanh', code: functional(`def block(x, act='relu'):\n    return layers.Dense(8, activation=act)(x)\n`, `x = block(i, act='tanh')\n`) },
    { name: 'a loop over unknown activations', code: `${KERAS}import sys\nm = keras.Sequential()\nfor act in sys.argv[1:]:\n    m.add(layers.Dense(8, activation=act))\n` },
    { name: 'a constant activation bound twice', code: `${KERAS}ACT = 'relu'\nACT = 'tanh'\nm = keras.Sequential([layers.Dense(8, activation=ACT)])\n` },
  ],
  invalid: [
    {
      name: 'ReLU from a constant: the keyword is added at the call',
      code: `${KERAS}ACT = 'relu'\nm = keras.Sequential([layers.Dense(64, activation=ACT), layers.Dense(1)])\n`,
      errors: [{ messageId: 'mismatch', line: 4, column: 23 }],
      output: `${KERAS}ACT = 'relu'\nm = keras.Sequential([layers.Dense(64, activation=ACT, kernel_initializer='he_uniform'), layers.Dense(1)])\n`,
    },
    {
      name: 'range(3) of ReLU layers: one finding, one keyword added',
      code: `${KERAS}m = keras.Sequential()\nfor _ in range(3):\n    m.add(layers.Dense(64, activation='relu'))\nm.add(layers.Dense(1))\n`,
      errors: [{ messageId: 'mismatch', line: 5, column: 11 }],
      output: `${KERAS}m = keras.Sequential()\nfor _ in range(3):\n    m.add(layers.Dense(64, activation='relu', kernel_initializer='he_uniform'))\nm.add(layers.Dense(1))\n`,
    },
    {
      name: "a helper's default activation, the block called three times",
      code: functional(`def block(x, units, act='relu'):\n    x = layers.Dense(units, activation=act)(x)\n    return layers.BatchNormalization()(x)\n`, `x = block(i, 64)\nx = block(x, 32)\nx = block(x, 16)\n`),
      errors: [{ messageId: 'mismatch', line: 4, column: 9 }],
      output: functional(`def block(x, units, act='relu'):\n    x = layers.Dense(units, activation=act, kernel_initializer='he_uniform')(x)\n    return layers.BatchNormalization()(x)\n`, `x = block(i, 64)\nx = block(x, 32)\nx = block(x, 16)\n`),
    },
    {
      name: 'a helper adding to the model it is given',
      code: `${KERAS}def add_block(model, units):\n    model.add(layers.Dense(units))\n    model.add(layers.Activation('relu'))\nm = keras.Sequential()\nadd_block(m, 64)\nadd_block(m, 32)\nm.add(layers.Dense(1))\n`,
      errors: [{ messageId: 'mismatch', line: 4, column: 15, data: { via: " (applied by 'activation')" } }],
      output: `${KERAS}def add_block(model, units):\n    model.add(layers.Dense(units, kernel_initializer='he_uniform'))\n    model.add(layers.Activation('relu'))\nm = keras.Sequential()\nadd_block(m, 64)\nadd_block(m, 32)\nm.add(layers.Dense(1))\n`,
    },
    {
      name: 'a subclassed model using a helper method',
      code: `${KERAS}class Net(keras.Model):\n    def __init__(self):\n        super().__init__()\n        self.a = layers.Dense(16, activation='elu')\n        self.b = layers.Dense(2)\n\n    def trunk(self, x):\n        return self.a(x)\n\n    def call(self, x):\n        return self.b(self.trunk(x))\n`,
      errors: [{ messageId: 'mismatch', line: 6, column: 18, data: { activation: 'elu' } }],
      output: `${KERAS}class Net(keras.Model):\n    def __init__(self):\n        super().__init__()\n        self.a = layers.Dense(16, activation='elu', kernel_initializer='he_uniform')\n        self.b = layers.Dense(2)\n\n    def trunk(self, x):\n        return self.a(x)\n\n    def call(self, x):\n        return self.b(self.trunk(x))\n`,
    },
    {
      name: 'a builder called from the module, its hidden size a parameter',
      code: `${KERAS}def build(hidden, act='relu'):\n    return keras.Sequential([layers.Dense(hidden, activation=act, input_shape=(8,)), layers.Dense(1)])\nmodel = build(32)\n`,
      errors: [{ messageId: 'mismatch', line: 4, column: 30 }],
      output: `${KERAS}def build(hidden, act='relu'):\n    return keras.Sequential([layers.Dense(hidden, activation=act, input_shape=(8,), kernel_initializer='he_uniform'), layers.Dense(1)])\nmodel = build(32)\n`,
    },
  ],
});

runRuleTests(constantInit, {
  valid: [
    { name: 'a constant initializer bound twice', code: `${KERAS}C = initializers.Constant(0.5)\nC = initializers.HeNormal()\nm = keras.Sequential([layers.Dense(8, kernel_initializer=C)])\n` },
    { name: 'a non-uniform Constant list through a variable', code: `${KERAS}C = initializers.Constant([0.1, 0.2])\nm = keras.Sequential([layers.Dense(2, kernel_initializer=C)])\n` },
    {
      name: 'an unknown loop binds nothing',
      code: `${KERAS}import sys\nm = keras.Sequential()\nfor init in sys.argv[1:]:\n    m.add(layers.Dense(8, kernel_initializer=init))\n`,
    },
  ],
  invalid: [
    {
      name: 'a Constant object held in a module constant',
      code: `${KERAS}C = initializers.Constant(0.5)\nm = keras.Sequential([layers.Dense(8, activation='tanh', kernel_initializer=C), layers.Dense(1)])\n`,
      errors: [{ messageId: 'constantKernel', line: 4, column: 77, data: { value: 0.5 } }],
      output: `${KERAS}C = initializers.Constant(0.5)\nm = keras.Sequential([layers.Dense(8, activation='tanh', kernel_initializer='glorot_uniform'), layers.Dense(1)])\n`,
    },
    {
      name: "'ones' in a loop: reported once",
      code: `${KERAS}m = keras.Sequential()\nfor units in [32, 16]:\n    m.add(layers.Dense(units, activation='relu', kernel_initializer='ones'))\n`,
      errors: [{ messageId: 'constantKernel', line: 5, column: 69 }],
      output: `${KERAS}m = keras.Sequential()\nfor units in [32, 16]:\n    m.add(layers.Dense(units, activation='relu', kernel_initializer='he_normal'))\n`,
    },
    {
      name: "a helper's default 'ones'",
      code: functional(`def block(x, init='ones'):\n    return layers.Dense(8, kernel_initializer=init)(x)\n`, `x = block(i)\n`),
      errors: [{ messageId: 'constantKernel', line: 3, column: 19 }],
      output: functional(`def block(x, init='glorot_uniform'):\n    return layers.Dense(8, kernel_initializer=init)(x)\n`, `x = block(i)\n`),
    },
    {
      name: 'a subclassed model with a constant kernel',
      code: `${KERAS}class Net(keras.Model):\n    def __init__(self, width=8):\n        super().__init__()\n        self.d = layers.Dense(width, kernel_initializer=initializers.Constant(0.1))\n\n    def call(self, x):\n        return self.d(x)\n`,
      errors: [{ messageId: 'constantKernel', line: 6, column: 57, data: { value: 0.1 } }],
      output: `${KERAS}class Net(keras.Model):\n    def __init__(self, width=8):\n        super().__init__()\n        self.d = layers.Dense(width, kernel_initializer=initializers.GlorotUniform())\n\n    def call(self, x):\n        return self.d(x)\n`,
    },
  ],
});

describe('resolution: models with loops of unknown length', () => {
  const code = `${KERAS}import sys\nm = keras.Sequential([keras.Input(shape=(16,))])\nfor units in sys.argv[1:]:\n    m.add(layers.Dense(int(units), activation='tanh', kernel_initializer=initializers.RandomNormal(stddev=1.0)))\nm.add(layers.Dense(1))\n`;

  it('marks the repeated layer and the model, and includes the layer once', () => {
    const [model] = extractFile(code, 'python').models;
    assert.equal(model.depthKnown, false);
    assert.deepEqual(model.layers.map((layer) => [layer.kind, layer.inUnknownLoop ?? false]), [['InputLayer', false], ['Dense', true], ['Dense', false]]);
  });

  it('makes no gradient-flow claim, while the same model unrolled ten times does', () => {
    const gradientRules = (text: string) => analyze(text, 'python').findings.filter((finding) => finding.ruleId.startsWith('gradient-')).map((finding) => finding.ruleId);
    assert.deepEqual(gradientRules(code), []);
    const unrolled = code.replace('import sys\n', '').replace('sys.argv[1:]', 'range(10)').replace('int(units)', '256');
    assert.deepEqual(gradientRules(unrolled), ['gradient-exploding']);
  });

  it('a known loop keeps the depth known', () => {
    const [model] = extractFile(`${KERAS}m = keras.Sequential()\nfor _ in range(4):\n    m.add(layers.Dense(8))\n`, 'python').models;
    assert.equal(model.depthKnown, undefined);
    assert.deepEqual(model.layers.map((layer) => layer.name), ['dense', 'dense_1', 'dense_2', 'dense_3']);
  });
});
