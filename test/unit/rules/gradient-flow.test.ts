// gradient-vanishing / gradient-exploding: whole-model findings from the analytic estimate.

import { gradientExploding } from '../../../src/core/rules/gradient-exploding';
import { gradientVanishing } from '../../../src/core/rules/gradient-vanishing';
import { KERAS, runRuleTests } from '../rule-tester';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../src/core';

/** A Sequential of `depth` identical hidden layers on a 256-wide input, then Dense(10). */
function stack(depth: number, layer: string, input = '    keras.Input(shape=(256,)),\n'): string {
  return `${KERAS}model = keras.Sequential([\n${input}${`    ${layer},\n`.repeat(depth)}    layers.Dense(10),\n])\n`;
}

const tanhUnitNormal = 'layers.Dense(256, activation="tanh", kernel_initializer=initializers.RandomNormal(stddev=1.0))';
const tanhGlorotNormal = 'layers.Dense(256, activation="tanh", kernel_initializer=initializers.GlorotNormal())';

runRuleTests(gradientVanishing, {
  valid: [
    { name: 'ReLU with He normal keeps gradients level', code: stack(10, 'layers.Dense(256, activation="relu", kernel_initializer="he_normal")') },
    { name: 'ReLU with Glorot: activations halve, weight gradients stay level', code: stack(10, 'layers.Dense(256, activation="relu")') },
    { name: 'a shallow sigmoid model is within the threshold', code: stack(2, 'layers.Dense(256, activation="sigmoid")') },
    { name: 'no input shape: nothing is predicted', code: stack(10, 'layers.Dense(256, activation="sigmoid")', '') },
    {
      name: 'a zero kernel is zero-init\'s to report, not a depth trend',
      code: stack(10, 'layers.Dense(256, activation="sigmoid", kernel_initializer="zeros")'),
    },
  ],
  invalid: [
    {
      name: 'a deep sigmoid stack: sigmoid′ ≤ 1/4 per layer; Glorot already fits, so there is nothing to swap',
      code: stack(8, 'layers.Dense(256, activation="sigmoid")'),
      errors: [{ messageId: 'vanishing', line: 3, column: 9, data: { model: 'model', threshold: '0.01' } }],
    },
    {
      // Small weights keep sigmoid near its steepest point, yet fan_out·Var(W)·E[σ′²] ≪ 1. The fix
      // restores Glorot scaling; the finding may stay (sigmoid′ ≤ 1/4), but nothing is left to swap.
      name: 'small random normals on sigmoid layers: the fix applies Glorot normal to each',
      code: stack(6, 'layers.Dense(256, activation="sigmoid", kernel_initializer=initializers.RandomNormal(stddev=0.01))'),
      errors: [{ messageId: 'vanishing', line: 3 }],
      output: stack(6, 'layers.Dense(256, activation="sigmoid", kernel_initializer=initializers.GlorotNormal())'),
    },
  ],
});

runRuleTests(gradientExploding, {
  valid: [
    { name: 'tanh with Glorot normal', code: stack(10, tanhGlorotNormal) },
    { name: 'ReLU with He normal', code: stack(10, 'layers.Dense(256, activation="relu", kernel_initializer="he_normal")') },
  ],
  invalid: [
    {
      name: 'tanh with unit-variance normal weights (chaotic phase): the fix applies Glorot normal',
      code: stack(12, tanhUnitNormal),
      errors: [{ messageId: 'exploding', line: 3, column: 9, data: { model: 'model', threshold: '100' } }],
      output: stack(12, tanhGlorotNormal),
    },
  ],
});


describe('gradient-vanishing fix on a PyTorch class', () => {
  it('counts every layer the one inserted _reset_parameters() initializes', () => {
    const hidden = Array.from({ length: 20 }, (_, i) => `        self.fc${i} = nn.Linear(64, 64)\n`).join('');
    const forward = Array.from({ length: 20 }, (_, i) => `        x = torch.relu(self.fc${i}(x))\n`).join('');
    const source = `import torch\nimport torch.nn as nn\n\n\nclass Deep(nn.Module):\n    def __init__(self):\n        super().__init__()\n${hidden}        self.out = nn.Linear(64, 1)\n\n    def forward(self, x):\n${forward}        return self.out(x)\n`;
    const finding = analyze(source, 'python').findings.find((candidate) => candidate.ruleId === 'gradient-vanishing');
    assert.ok(finding?.fix, 'a vanishing finding with a fix');
    assert.equal(finding.fix.title, 'Use the recommended initializer in 20 layer(s)');
    assert.equal(finding.fix.edits.filter((edit) => edit.text.includes('def _reset_parameters')).length, 1);
  });
});
