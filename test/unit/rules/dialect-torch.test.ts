// Every rule on PyTorch code: nn.Sequential (positional and OrderedDict), ModuleList built in loops
// and comprehensions, nn.Module subclasses ordered by forward() (helper methods returning blocks
// too), the import aliases, activations as modules and as calls in forward, and initialization in
// every form people write it — nn.init calls in __init__, functions passed to apply() with
// isinstance/type branches, loops over modules() and named_parameters(), in-place tensor methods
// under torch.no_grad(), calculate_gain/gain=/nonlinearity=/a=/mode=. Fixes are PyTorch's idiom.

import assert from 'node:assert/strict';
import { constantInit } from '../../../src/core/rules/constant-init';
import { defaultInitMismatch } from '../../../src/core/rules/default-init-mismatch';
import { gradientExploding } from '../../../src/core/rules/gradient-exploding';
import { gradientVanishing } from '../../../src/core/rules/gradient-vanishing';
import { initActivationMismatch } from '../../../src/core/rules/init-activation-mismatch';
import { initScale } from '../../../src/core/rules/init-scale';
import { zeroInit } from '../../../src/core/rules/zero-init';
import { runRuleTests, type ExpectedError, type InvalidCase, type ValidCase } from '../rule-tester';

const NN = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n';

/** 1-based line and column of the `nth` occurrence of `marker` in `code`. */
function at(code: string, marker: string, nth = 0): { line: number; column: number } {
  let offset = -1;
  for (let i = 0; i <= nth; i++) {
    offset = code.indexOf(marker, offset + 1);
    assert.ok(offset >= 0, `fixture does not contain ${marker} (#${nth})`);
  }
  const before = code.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** `code` with `from` replaced by `to`: the expected text after a fix. */
function swap(code: string, from: string, to: string): string {
  assert.ok(code.includes(from), `fixture does not contain ${from}`);
  return code.replace(from, to);
}

const valid = (name: string, code: string): ValidCase => ({ name, code, dialect: 'pytorch' });
const invalid = (name: string, code: string, errors: ExpectedError[], output?: string): InvalidCase => ({
  name, code, errors, ...(output !== undefined ? { output } : {}), dialect: 'pytorch',
});

/**
 * An nn.Module with two hidden Linear layers and a linear head. `init` lines end `__init__`;
 * `act` wraps the hidden layers' outputs in forward (`F.relu`, `torch.tanh`).
 */
function mlp(init: string[], act = 'F.relu', header = NN): string {
  return `${header}

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 256)
        self.fc2 = nn.Linear(256, 128)
        self.out = nn.Linear(128, 10)
${init.map((line) => `        ${line}\n`).join('')}
    def forward(self, x):
        x = ${act}(self.fc1(x))
        x = ${act}(self.fc2(x))
        return self.out(x)
`;
}

/** The lines a default-init fix adds at the end of `__init__`: the call and the new method. */
function resetMethod(lines: string[], name = '_reset_parameters'): string {
  return `        self.${name}()\n\n    def ${name}(self):\n${lines.map((line) => `        ${line}\n`).join('')}`;
}

const RELU_NORMAL = "nonlinearity='relu')";

// ---------------------------------------------------------------------------------------------
// zero-init

const zeroCall = mlp(['nn.init.zeros_(self.fc1.weight)']);
const zeroMethod = mlp(['self.fc1.weight.data.zero_()']);
const zeroNoGrad = mlp(['with torch.no_grad():', '    self.fc1.weight.zero_()']);
const zeroConstant = mlp(['nn.init.constant_(self.fc1.weight, 0.0)']);
const zeroCopy = mlp(['with torch.no_grad():', '    self.fc1.weight.copy_(torch.zeros(256, 784))']);
const zeroPair = mlp(['nn.init.zeros_(self.fc1.weight)', 'nn.init.zeros_(self.fc2.weight)']);
const zeroBare = mlp(['zeros_(self.fc1.weight)'], 'F.relu', `${NN}from torch.nn.init import zeros_\n`);
const zeroInitAlias = mlp(['init.zeros_(self.fc1.weight)'], 'torch.tanh', 'import torch\nfrom torch import nn\nfrom torch.nn import init\n');
const zeroFullPath = `import torch


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = torch.nn.Linear(32, 64)
        self.head = torch.nn.Linear(64, 1)
        torch.nn.init.zeros_(self.hidden.weight)

    def forward(self, x):
        return self.head(torch.sigmoid(self.hidden(x)))
`;
const zeroApply = `${NN}

def init_weights(m):
    if isinstance(m, nn.Linear):
        nn.init.zeros_(m.weight)
        nn.init.zeros_(m.bias)


model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 1))
model.apply(init_weights)
`;
const zeroConvSequential = `${NN}
model = nn.Sequential(
    nn.Conv2d(3, 16, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(16 * 8 * 8, 10),
)
nn.init.zeros_(model[0].weight)
`;
const zeroEmbedding = `${NN}

class Bag(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(1000, 32)
        self.head = nn.Linear(32, 2)
        self.embed.weight.data.zero_()

    def forward(self, tokens):
        return self.head(self.embed(tokens).mean(1))
`;

runRuleTests(zeroInit, {
  valid: [
    valid('zero biases are never flagged', mlp(['nn.init.kaiming_normal_(self.fc1.weight, nonlinearity="relu")', 'nn.init.zeros_(self.fc1.bias)', 'self.fc2.bias.data.zero_()'])),
    valid('a zero-initialized output layer is exempt', mlp(['nn.init.zeros_(self.out.weight)'])),
    valid(
      'BatchNorm weight and bias are not kernels',
      `${NN}\nmodel = nn.Sequential(nn.Linear(32, 64), nn.BatchNorm1d(64), nn.ReLU(), nn.Linear(64, 1))\nnn.init.zeros_(model[1].weight)\nnn.init.zeros_(model[1].bias)\n`,
    ),
    valid('a named_parameters() loop that zeroes only biases', mlp(['for name, p in self.named_parameters():', "    if 'bias' in name:", '        nn.init.zeros_(p)'])),
    valid(
      'an apply function that zeroes biases only',
      `${NN}\n\ndef init_weights(m):\n    if isinstance(m, nn.Linear):\n        m.bias.data.zero_()\n\n\nmodel = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 1))\nmodel.apply(init_weights)\n`,
    ),
  ],
  invalid: [
    invalid("nn.init.zeros_ on a hidden layer before F.relu: He in PyTorch's spelling", zeroCall, [{ messageId: 'zeroKernel', ...at(zeroCall, 'nn.init.zeros_'), severity: 'warning', data: { layer: 'fc1' } }], swap(zeroCall, 'nn.init.zeros_(self.fc1.weight)', `nn.init.kaiming_normal_(self.fc1.weight, ${RELU_NORMAL}`)),
    invalid('.data.zero_() becomes an nn.init call on the same tensor', zeroMethod, [{ messageId: 'zeroKernel', ...at(zeroMethod, 'self.fc1.weight.data') }], swap(zeroMethod, 'self.fc1.weight.data.zero_()', `nn.init.kaiming_normal_(self.fc1.weight, ${RELU_NORMAL}`)),
    invalid('zero_() under torch.no_grad()', zeroNoGrad, [{ messageId: 'zeroKernel', ...at(zeroNoGrad, 'self.fc1.weight.zero_') }], swap(zeroNoGrad, 'self.fc1.weight.zero_()', `nn.init.kaiming_normal_(self.fc1.weight, ${RELU_NORMAL}`)),
    invalid('constant_(w, 0.0) is a zero kernel', zeroConstant, [{ messageId: 'zeroKernel', ...at(zeroConstant, 'nn.init.constant_') }], swap(zeroConstant, 'nn.init.constant_(self.fc1.weight, 0.0)', `nn.init.kaiming_normal_(self.fc1.weight, ${RELU_NORMAL}`)),
    invalid('copy_(torch.zeros(...)) under torch.no_grad()', zeroCopy, [{ messageId: 'zeroKernel', ...at(zeroCopy, 'self.fc1.weight.copy_') }], swap(zeroCopy, 'self.fc1.weight.copy_(torch.zeros(256, 784))', `nn.init.kaiming_normal_(self.fc1.weight, ${RELU_NORMAL}`)),
    invalid(
      'two zero layers in a row are an error',
      zeroPair,
      [
        { messageId: 'zeroKernelPair', ...at(zeroPair, 'nn.init.zeros_'), severity: 'error', data: { layer: 'fc1', neighbour: 'fc2' } },
        { messageId: 'zeroKernelPair', ...at(zeroPair, 'nn.init.zeros_', 1), severity: 'error', data: { layer: 'fc2', neighbour: 'fc1' } },
      ],
      zeroPair.replace('nn.init.zeros_(self.fc1.weight)', `nn.init.kaiming_normal_(self.fc1.weight, ${RELU_NORMAL}`).replace('nn.init.zeros_(self.fc2.weight)', `nn.init.kaiming_normal_(self.fc2.weight, ${RELU_NORMAL}`),
    ),
    invalid(
      'a bare imported zeros_: the replacement is imported beside it',
      zeroBare,
      [{ messageId: 'zeroKernel', ...at(zeroBare, 'zeros_(self') }],
      swap(swap(zeroBare, 'zeros_(self.fc1.weight)', `kaiming_normal_(self.fc1.weight, ${RELU_NORMAL}`), 'import zeros_', 'import zeros_, kaiming_normal_'),
    ),
    invalid('from torch.nn import init: init.zeros_ before tanh becomes init.xavier_uniform_', zeroInitAlias, [{ messageId: 'zeroKernel', ...at(zeroInitAlias, 'init.zeros_') }], swap(zeroInitAlias, 'init.zeros_(self.fc1.weight)', 'init.xavier_uniform_(self.fc1.weight)')),
    invalid('torch.nn.init written out with only `import torch`', zeroFullPath, [{ messageId: 'zeroKernel', ...at(zeroFullPath, 'torch.nn.init.zeros_'), data: { layer: 'hidden' } }], swap(zeroFullPath, 'torch.nn.init.zeros_(self.hidden.weight)', 'torch.nn.init.xavier_uniform_(self.hidden.weight)')),
    invalid(
      'model.apply with an isinstance branch: one finding, the shared call fixed once',
      zeroApply,
      [{ messageId: 'zeroKernelPair', ...at(zeroApply, 'nn.init.zeros_(m.weight)'), severity: 'error' }],
      swap(zeroApply, 'nn.init.zeros_(m.weight)', `nn.init.kaiming_normal_(m.weight, ${RELU_NORMAL}`),
    ),
    invalid('a zero Conv2d kernel in a positional Sequential', zeroConvSequential, [{ messageId: 'zeroKernel', ...at(zeroConvSequential, 'nn.init.zeros_'), data: { layer: '0' } }], swap(zeroConvSequential, 'nn.init.zeros_(model[0].weight)', `nn.init.kaiming_normal_(model[0].weight, ${RELU_NORMAL}`)),
    invalid('a zero Embedding table', zeroEmbedding, [{ messageId: 'zeroKernel', ...at(zeroEmbedding, 'self.embed.weight.data') }], swap(zeroEmbedding, 'self.embed.weight.data.zero_()', 'nn.init.xavier_uniform_(self.embed.weight)')),
  ],
});

// ---------------------------------------------------------------------------------------------
// constant-init

const constantCall = mlp(['nn.init.constant_(self.fc1.weight, 0.5)']);
const constantFill = mlp(['self.fc1.weight.data.fill_(0.5)'], 'torch.tanh');
const constantOnes = mlp(['nn.init.ones_(self.fc2.weight)'], 'torch.sigmoid');
const constantNamed = mlp(['for name, p in self.named_parameters():', "    if 'weight' in name:", '        nn.init.constant_(p, 0.1)'], 'torch.tanh');
const constantFull = mlp(['with torch.no_grad():', '    self.fc1.weight.copy_(torch.full((256, 784), 0.5))']);
const constantTypeBranch = `${NN}

def init_weights(m):
    if type(m) == nn.Linear:
        m.weight.data.fill_(1.0)


model = nn.Sequential(nn.Linear(8, 8), nn.Tanh(), nn.Linear(8, 8), nn.Tanh())
model.apply(init_weights)
`;

runRuleTests(constantInit, {
  valid: [
    valid('BatchNorm gamma of ones', `${NN}\nmodel = nn.Sequential(nn.Linear(32, 64), nn.BatchNorm1d(64), nn.ReLU(), nn.Linear(64, 1))\nnn.init.ones_(model[1].weight)\n`),
    valid('a constant bias', mlp(['nn.init.constant_(self.fc1.bias, 0.1)'])),
    valid('fill_ on a bias in an apply function', `${NN}\n\ndef init_weights(m):\n    if isinstance(m, nn.Linear):\n        m.bias.data.fill_(0.01)\n\n\nmodel = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 1))\nmodel.apply(init_weights)\n`),
    valid('zeros are zero-init, not constant-init', mlp(['nn.init.zeros_(self.fc1.weight)'])),
    valid('eye_ is an identity, not a constant', mlp(['nn.init.eye_(self.fc2.weight)'])),
  ],
  invalid: [
    invalid('constant_(w, 0.5) before F.relu', constantCall, [{ messageId: 'constantKernel', ...at(constantCall, 'nn.init.constant_'), data: { layer: 'fc1', value: 0.5 } }], swap(constantCall, 'nn.init.constant_(self.fc1.weight, 0.5)', `nn.init.kaiming_normal_(self.fc1.weight, ${RELU_NORMAL}`)),
    invalid('.data.fill_(0.5) before torch.tanh', constantFill, [{ messageId: 'constantKernel', ...at(constantFill, 'self.fc1.weight.data'), data: { value: 0.5 } }], swap(constantFill, 'self.fc1.weight.data.fill_(0.5)', 'nn.init.xavier_uniform_(self.fc1.weight)')),
    invalid('ones_ before torch.sigmoid', constantOnes, [{ messageId: 'constantKernel', ...at(constantOnes, 'nn.init.ones_'), data: { layer: 'fc2', value: 1 } }], swap(constantOnes, 'nn.init.ones_(self.fc2.weight)', 'nn.init.xavier_uniform_(self.fc2.weight)')),
    invalid("a named_parameters() loop with 'weight' in name", constantNamed, [{ messageId: 'constantKernel', ...at(constantNamed, 'nn.init.constant_'), data: { value: 0.1 } }], swap(constantNamed, 'nn.init.constant_(p, 0.1)', 'nn.init.xavier_uniform_(p)')),
    invalid('copy_(torch.full(..., 0.5)) under torch.no_grad()', constantFull, [{ messageId: 'constantKernel', ...at(constantFull, 'self.fc1.weight.copy_'), data: { value: 0.5 } }], swap(constantFull, 'self.fc1.weight.copy_(torch.full((256, 784), 0.5))', `nn.init.kaiming_normal_(self.fc1.weight, ${RELU_NORMAL}`)),
    invalid('type(m) == nn.Linear in a function passed to model.apply', constantTypeBranch, [{ messageId: 'constantKernel', ...at(constantTypeBranch, 'm.weight.data.fill_'), data: { value: 1 } }], swap(constantTypeBranch, 'm.weight.data.fill_(1.0)', 'nn.init.xavier_uniform_(m.weight)')),
  ],
});

// ---------------------------------------------------------------------------------------------
// init-activation-mismatch

const xavierRelu = mlp(['nn.init.xavier_uniform_(self.fc1.weight)']);
const xavierNormalSequential = `${NN}\nmodel = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 1))\nnn.init.xavier_normal_(model[0].weight)\n`;
const heTanh = mlp(['nn.init.kaiming_normal_(self.fc1.weight)'], 'torch.tanh');
const heSigmoid = `${NN}\nmodel = nn.Sequential(nn.Linear(64, 32), nn.Sigmoid(), nn.Linear(32, 1))\nnn.init.kaiming_uniform_(model[0].weight, nonlinearity='relu')\n`;
const xavierSelu = `${NN}\nmodel = nn.Sequential(nn.Linear(64, 64), nn.SELU(), nn.Linear(64, 1))\nnn.init.xavier_normal_(model[0].weight)\n`;
const seluGain = `${NN}\nmodel = nn.Sequential(nn.Linear(64, 64), nn.SELU(), nn.Linear(64, 1))\nnn.init.kaiming_normal_(model[0].weight, nonlinearity='selu')\n`;
const xavierLeaky = `${NN}\nmodel = nn.Sequential(nn.Linear(64, 64), nn.LeakyReLU(0.2), nn.Linear(64, 1))\nnn.init.xavier_uniform_(model[0].weight)\n`;
const xavierMethodRelu = mlp(['nn.init.xavier_uniform_(self.fc1.weight)', 'nn.init.xavier_uniform_(self.fc2.weight)'], 'torch.relu').replace('x = torch.relu(self.fc1(x))', 'x = self.fc1(x).relu()');
const applyIsinstance = `${NN}

class ConvNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 16, 3, padding=1)
        self.fc = nn.Linear(16 * 32 * 32, 10)
        self.apply(self._init_weights)

    def _init_weights(self, m):
        if isinstance(m, nn.Conv2d):
            nn.init.xavier_normal_(m.weight)
        elif isinstance(m, nn.Linear):
            nn.init.xavier_uniform_(m.weight)

    def forward(self, x):
        x = F.relu(self.conv(x))
        return self.fc(x.flatten(1))
`;
const typeBranchAlias = `import torch
from torch import nn
from torch.nn import init


def init_weights(m):
    if type(m) == nn.Linear:
        init.xavier_normal_(m.weight)


model = nn.Sequential(nn.Linear(20, 50), nn.ReLU(), nn.Linear(50, 50), nn.LeakyReLU(0.2), nn.Linear(50, 1))
model.apply(init_weights)
`;
const modulesLoop = mlp(['for m in self.modules():', '    if isinstance(m, nn.Linear):', '        nn.init.kaiming_uniform_(m.weight)'], 'torch.tanh');
const namedGelu = mlp(['for name, p in self.named_parameters():', "    if 'weight' in name:", '        nn.init.xavier_normal_(p)'], 'F.gelu');
const orderedGelu = `import torch.nn as nn
from collections import OrderedDict

model = nn.Sequential(OrderedDict([
    ('fc1', nn.Linear(128, 64)),
    ('act1', nn.GELU()),
    ('head', nn.Linear(64, 10)),
]))
nn.init.xavier_uniform_(model.fc1.weight)
`;
const bareGain = mlp(["xavier_uniform_(self.fc1.weight, gain=calculate_gain('sigmoid'))"], 'F.relu', `${NN}from torch.nn.init import calculate_gain, xavier_uniform_\n`);
const throughBatchNorm = `${NN}

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 32, 3)
        self.bn = nn.BatchNorm2d(32)
        self.head = nn.Linear(32, 10)
        nn.init.xavier_uniform_(self.conv.weight)

    def forward(self, x):
        x = F.relu(self.bn(self.conv(x)))
        return self.head(x.mean((2, 3)))
`;
const helperBlock = `${NN}

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.block1 = self._block(32, 64)
        self.block2 = self._block(64, 64)
        self.head = nn.Linear(64, 1)

    def _block(self, n_in, n_out):
        layer = nn.Linear(n_in, n_out)
        nn.init.xavier_uniform_(layer.weight)
        return nn.Sequential(layer, nn.ReLU())

    def forward(self, x):
        return self.head(self.block2(self.block1(x)))
`;
const fanOutTanh = `${NN}\nmodel = nn.Sequential(nn.Conv2d(3, 8, 3), nn.Tanh(), nn.Flatten(), nn.Linear(8 * 30 * 30, 10))\nnn.init.kaiming_normal_(model[0].weight, mode='fan_out')\n`;

runRuleTests(initActivationMismatch, {
  valid: [
    valid("kaiming_normal_(w, nonlinearity='relu') before F.relu", mlp(["nn.init.kaiming_normal_(self.fc1.weight, nonlinearity='relu')", "nn.init.kaiming_normal_(self.fc2.weight, nonlinearity='relu')"])),
    valid("xavier_uniform_ with gain=calculate_gain('relu') is He for ReLU", mlp(["nn.init.xavier_uniform_(self.fc1.weight, gain=nn.init.calculate_gain('relu'))"])),
    valid('xavier_uniform_ before torch.tanh', mlp(['nn.init.xavier_uniform_(self.fc1.weight)', 'nn.init.xavier_uniform_(self.fc2.weight)'], 'torch.tanh')),
    valid("PyTorch's tanh gain: xavier_uniform_(w, gain=calculate_gain('tanh'))", mlp(["nn.init.xavier_uniform_(self.fc1.weight, gain=nn.init.calculate_gain('tanh'))"], 'torch.tanh')),
    valid("kaiming_normal_(w, nonlinearity='tanh') before nn.Tanh()", `${NN}\nmodel = nn.Sequential(nn.Linear(64, 64), nn.Tanh(), nn.Linear(64, 1))\nnn.init.kaiming_normal_(model[0].weight, nonlinearity='tanh')\n`),
    valid("kaiming_normal_(w, nonlinearity='linear') is LeCun normal: right for SELU", `${NN}\nmodel = nn.Sequential(nn.Linear(64, 64), nn.SELU(), nn.Linear(64, 1))\nnn.init.kaiming_normal_(model[0].weight, nonlinearity='linear')\n`),
    valid("kaiming_uniform_(w, a=0.2, nonlinearity='leaky_relu') before LeakyReLU(0.2)", `${NN}\nmodel = nn.Sequential(nn.Linear(64, 64), nn.LeakyReLU(0.2), nn.Linear(64, 1))\nnn.init.kaiming_uniform_(model[0].weight, a=0.2, nonlinearity='leaky_relu')\n`),
    valid("kaiming_normal_ with mode='fan_out' on a ReLU convolution", `${NN}\nmodel = nn.Sequential(nn.Conv2d(3, 8, 3), nn.ReLU(inplace=True), nn.Flatten(), nn.Linear(8 * 30 * 30, 10))\nnn.init.kaiming_normal_(model[0].weight, mode='fan_out', nonlinearity='relu')\n`),
    valid('orthogonal_ is not a variance-scaling initializer', mlp(['nn.init.orthogonal_(self.fc1.weight)'])),
    valid("kaiming_normal_(w) defaults to leaky_relu with a=0: He, right for x.relu()", mlp(['nn.init.kaiming_normal_(self.fc1.weight)'], 'torch.relu').replace('x = torch.relu(self.fc1(x))', 'x = self.fc1(x).relu()')),
    valid("xavier_uniform_ with calculate_gain('leaky_relu', 0.2)", `${NN}\nmodel = nn.Sequential(nn.Linear(64, 64), nn.LeakyReLU(0.2), nn.Linear(64, 1))\nnn.init.xavier_uniform_(model[0].weight, gain=nn.init.calculate_gain('leaky_relu', 0.2))\n`),
    valid('an activation chosen at run time is not judged', `${NN}\n\nclass Net(nn.Module):\n    def __init__(self, act):\n        super().__init__()\n        self.fc = nn.Linear(8, 8)\n        self.act = act\n        self.head = nn.Linear(8, 1)\n        nn.init.xavier_uniform_(self.fc.weight)\n\n    def forward(self, x):\n        return self.head(self.act(self.fc(x)))\n`),
  ],
  invalid: [
    invalid('xavier_uniform_ before F.relu', xavierRelu, [{ messageId: 'mismatch', ...at(xavierRelu, 'nn.init.xavier_uniform_'), data: { layer: 'fc1', initializer: 'xavier_uniform_', family: 'Glorot', activation: 'relu' } }], swap(xavierRelu, 'nn.init.xavier_uniform_(self.fc1.weight)', "nn.init.kaiming_uniform_(self.fc1.weight, nonlinearity='relu')")),
    invalid('xavier_normal_ before nn.ReLU() in a positional Sequential', xavierNormalSequential, [{ messageId: 'mismatch', ...at(xavierNormalSequential, 'nn.init.xavier_normal_'), data: { layer: '0' } }], swap(xavierNormalSequential, 'nn.init.xavier_normal_(model[0].weight)', `nn.init.kaiming_normal_(model[0].weight, ${RELU_NORMAL}`)),
    invalid('kaiming_normal_(w) on a tanh layer is He with tanh', heTanh, [{ messageId: 'mismatch', ...at(heTanh, 'nn.init.kaiming_normal_'), data: { family: 'He', activation: 'tanh' } }], swap(heTanh, 'nn.init.kaiming_normal_(self.fc1.weight)', 'nn.init.xavier_normal_(self.fc1.weight)')),
    invalid("kaiming_uniform_(w, nonlinearity='relu') before nn.Sigmoid()", heSigmoid, [{ messageId: 'mismatch', ...at(heSigmoid, 'nn.init.kaiming_uniform_'), data: { activation: 'sigmoid' } }], swap(heSigmoid, "nn.init.kaiming_uniform_(model[0].weight, nonlinearity='relu')", 'nn.init.xavier_uniform_(model[0].weight)')),
    invalid("xavier_normal_ before nn.SELU(): kaiming_normal_(nonlinearity='linear')", xavierSelu, [{ messageId: 'mismatch', ...at(xavierSelu, 'nn.init.xavier_normal_'), data: { activation: 'selu' } }], swap(xavierSelu, 'nn.init.xavier_normal_(model[0].weight)', "nn.init.kaiming_normal_(model[0].weight, nonlinearity='linear')")),
    invalid("kaiming_normal_(nonlinearity='selu') has gain 3/4: not LeCun normal", seluGain, [{ messageId: 'mismatch', ...at(seluGain, 'nn.init.kaiming_normal_'), data: { family: 'small', activation: 'selu' } }], swap(seluGain, "nonlinearity='selu'", "nonlinearity='linear'")),
    invalid("xavier_uniform_ before LeakyReLU(0.2): the layer's slope as a=", xavierLeaky, [{ messageId: 'mismatch', ...at(xavierLeaky, 'nn.init.xavier_uniform_'), data: { activation: 'leaky_relu' } }], swap(xavierLeaky, 'nn.init.xavier_uniform_(model[0].weight)', "nn.init.kaiming_uniform_(model[0].weight, a=0.2, nonlinearity='leaky_relu')")),
    invalid(
      'x.relu() and torch.relu in forward',
      xavierMethodRelu,
      [{ messageId: 'mismatch', ...at(xavierMethodRelu, 'nn.init.xavier_uniform_'), data: { layer: 'fc1' } }, { messageId: 'mismatch', ...at(xavierMethodRelu, 'nn.init.xavier_uniform_', 1), data: { layer: 'fc2' } }],
      xavierMethodRelu.replace('nn.init.xavier_uniform_(self.fc1.weight)', "nn.init.kaiming_uniform_(self.fc1.weight, nonlinearity='relu')").replace('nn.init.xavier_uniform_(self.fc2.weight)', "nn.init.kaiming_uniform_(self.fc2.weight, nonlinearity='relu')"),
    ),
    invalid('self.apply with isinstance branches: the convolution branch', applyIsinstance, [{ messageId: 'mismatch', ...at(applyIsinstance, 'nn.init.xavier_normal_'), data: { layer: 'conv' } }], swap(applyIsinstance, 'nn.init.xavier_normal_(m.weight)', `nn.init.kaiming_normal_(m.weight, ${RELU_NORMAL}`)),
    invalid(
      'type(m) == nn.Linear through `from torch.nn import init`: one call for ReLU and leaky ReLU layers gets ReLU gain',
      typeBranchAlias,
      [{ messageId: 'mismatch', ...at(typeBranchAlias, 'init.xavier_normal_'), data: { layer: '0' } }],
      swap(typeBranchAlias, 'init.xavier_normal_(m.weight)', `init.kaiming_normal_(m.weight, ${RELU_NORMAL}`),
    ),
    invalid('a loop over self.modules() with kaiming_uniform_ defaults before tanh', modulesLoop, [{ messageId: 'mismatch', ...at(modulesLoop, 'nn.init.kaiming_uniform_'), data: { family: 'He', activation: 'tanh' } }], swap(modulesLoop, 'nn.init.kaiming_uniform_(m.weight)', 'nn.init.xavier_uniform_(m.weight)')),
    invalid("a named_parameters() loop before F.gelu", namedGelu, [{ messageId: 'mismatch', ...at(namedGelu, 'nn.init.xavier_normal_'), data: { activation: 'gelu' } }], swap(namedGelu, 'nn.init.xavier_normal_(p)', `nn.init.kaiming_normal_(p, ${RELU_NORMAL}`)),
    invalid('an OrderedDict Sequential with nn.GELU()', orderedGelu, [{ messageId: 'mismatch', ...at(orderedGelu, 'nn.init.xavier_uniform_'), data: { layer: 'fc1', activation: 'gelu' } }], swap(orderedGelu, 'nn.init.xavier_uniform_(model.fc1.weight)', "nn.init.kaiming_uniform_(model.fc1.weight, nonlinearity='relu')")),
    invalid(
      "bare xavier_uniform_ with calculate_gain('sigmoid') before ReLU: kaiming_uniform_ imported beside it",
      bareGain,
      [{ messageId: 'mismatch', ...at(bareGain, 'xavier_uniform_(self'), data: { family: 'Glorot' } }],
      swap(swap(bareGain, "xavier_uniform_(self.fc1.weight, gain=calculate_gain('sigmoid'))", "kaiming_uniform_(self.fc1.weight, nonlinearity='relu')"), 'import calculate_gain, xavier_uniform_', 'import calculate_gain, xavier_uniform_, kaiming_uniform_'),
    ),
    invalid('BatchNorm2d between the convolution and F.relu lowers the severity', throughBatchNorm, [{ messageId: 'mismatchThroughNormalization', ...at(throughBatchNorm, 'nn.init.xavier_uniform_'), severity: 'information' }], swap(throughBatchNorm, 'nn.init.xavier_uniform_(self.conv.weight)', "nn.init.kaiming_uniform_(self.conv.weight, nonlinearity='relu')")),
    invalid('a helper method that returns a block: its one init call is fixed for both uses', helperBlock, [{ messageId: 'mismatch', ...at(helperBlock, 'nn.init.xavier_uniform_') }], swap(helperBlock, 'nn.init.xavier_uniform_(layer.weight)', "nn.init.kaiming_uniform_(layer.weight, nonlinearity='relu')")),
    invalid("kaiming_normal_(w, mode='fan_out') is He by default: wrong for nn.Tanh()", fanOutTanh, [{ messageId: 'mismatch', ...at(fanOutTanh, 'nn.init.kaiming_normal_'), data: { family: 'He' } }], swap(fanOutTanh, "nn.init.kaiming_normal_(model[0].weight, mode='fan_out')", 'nn.init.xavier_normal_(model[0].weight)')),
  ],
});

// ---------------------------------------------------------------------------------------------
// default-init-mismatch

const defaultsSequential = `${NN}\nmodel = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10))\n`;
const defaultsOrdered = `import torch.nn as nn
from collections import OrderedDict

model = nn.Sequential(OrderedDict([
    ('fc1', nn.Linear(512, 256)),
    ('act1', nn.Tanh()),
    ('head', nn.Linear(256, 16)),
]))
`;
const defaultsClass = mlp([]);
const defaultsClassTaken = `${NN}

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(32, 32)
        self.out = nn.Linear(32, 1)

    def _reset_parameters(self):
        pass

    def forward(self, x):
        return self.out(F.relu(self.fc1(x)))
`;
const defaultsFeatures = `${NN}

class ConvNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 32, kernel_size=3, padding=1),
            nn.ReLU(inplace=True),
            nn.MaxPool2d(2),
        )
        self.classifier = nn.Linear(32 * 16 * 16, 10)

    def forward(self, x):
        return self.classifier(torch.flatten(self.features(x), 1))
`;
const defaultsBatchNorm = `${NN}\nmodel = nn.Sequential(nn.Linear(64, 64), nn.BatchNorm1d(64), nn.ReLU(), nn.Linear(64, 1))\n`;
const defaultsModuleList = `${NN}

class Deep(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(64, 64) for _ in range(2)])
        self.head = nn.Linear(64, 1)

    def forward(self, x):
        for layer in self.layers:
            x = layer(x).relu()
        return self.head(x)
`;
const defaultsMixedList = `${NN}

class Stack(nn.Module):
    def __init__(self):
        super().__init__()
        self.stack = nn.ModuleList()
        for _ in range(2):
            self.stack.append(nn.Linear(32, 32))
        self.stack.append(nn.Linear(32, 1))

    def forward(self, x):
        for i, layer in enumerate(self.stack):
            x = layer(x)
            if i < len(self.stack) - 1:
                x = F.relu(x)
        return x
`;
const defaultsUnpacked = `${NN}\nmodel = nn.Sequential(*[nn.Sequential(nn.Linear(16, 16), nn.Tanh()) for _ in range(3)], nn.Linear(16, 1))\n`;
const defaultsHelper = `${NN}

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = self._make_block(16, 32)
        self.head = nn.Linear(32, 1)

    def _make_block(self, n_in, n_out):
        return nn.Sequential(nn.Linear(n_in, n_out), nn.ReLU())

    def forward(self, x):
        return self.head(self.body(x))
`;
const defaultsLeaky = `import torch\nfrom torch import nn\n\nmodel = nn.Sequential(nn.Linear(64, 64), nn.LeakyReLU(0.2), nn.Linear(64, 1))\n`;
const defaultsSelu = `${NN}\nmodel = nn.Sequential(nn.Linear(64, 64), nn.SELU(), nn.Linear(64, 1))\n`;
const defaultsTorchOnly = `import torch\n\nmodel = torch.nn.Sequential(torch.nn.Linear(10, 20), torch.nn.ReLU(), torch.nn.Linear(20, 1))\n`;
const defaultsInFunction = `${NN}

def build(width):
    model = nn.Sequential(
        nn.Linear(16, width),
        nn.Sigmoid(),
        nn.Linear(width, 1),
    )  # the classifier
    return model
`;
const defaultsComment = `${NN}\nnet = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))  # tiny\nprint(net)\n`;
const defaultsConv1d = `${NN}

class AudioNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv1d(16, 64, kernel_size=9, padding=4)
        self.conv2 = nn.Conv1d(64, 64, kernel_size=5, padding=2)
        self.fc = nn.Linear(64, 10)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = F.relu(self.conv2(x))
        return self.fc(x.mean(-1))
`;

const defaultsCrlf = `import torch.nn as nn\r\n\r\nmodel = nn.Sequential(nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 1))\r\nprint(model)\r\n`;
const defaultsSemicolon = `${NN}\nmodel = nn.Sequential(nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 1)); model.eval()\n`;
const defaultsTwoInits = `${NN}

class Net(nn.Module):
    def __init__(self):
        super().__init__()

    def __init__(self, width=32):
        super().__init__()
        self.fc = nn.Linear(width, width)
        self.out = nn.Linear(width, 1)

    def forward(self, x):
        return self.out(F.relu(self.fc(x)))
`;

runRuleTests(defaultInitMismatch, {
  valid: [
    valid('a linear model keeps its default', `${NN}\nmodel = nn.Sequential(nn.Linear(10, 10), nn.Linear(10, 1))\n`),
    valid('a sigmoid output head: a small output layer does not compound', `${NN}\nmodel = nn.Sequential(nn.Linear(32, 32), nn.Tanh(), nn.Linear(32, 1), nn.Sigmoid())\nnn.init.xavier_uniform_(model[0].weight)\n`),
    valid('a softmax head', `${NN}\nmodel = nn.Sequential(nn.Linear(64, 10), nn.Softmax(dim=1))\n`),
    valid(
      'every ReLU layer initialized by self.apply',
      `${NN}\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc1 = nn.Linear(32, 32)\n        self.fc2 = nn.Linear(32, 1)\n        self.apply(self._init)\n\n    def _init(self, m):\n        if isinstance(m, nn.Linear):\n            nn.init.kaiming_uniform_(m.weight, nonlinearity='relu')\n\n    def forward(self, x):\n        return self.fc2(F.relu(self.fc1(x)))\n`,
    ),
    valid('Embedding and LSTM defaults are not variance scaling', `${NN}\n\nclass Tagger(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.embed = nn.Embedding(1000, 64)\n        self.lstm = nn.LSTM(64, 128, batch_first=True)\n        self.head = nn.Linear(128, 5)\n\n    def forward(self, tokens):\n        x, _ = self.lstm(self.embed(tokens))\n        return self.head(x)\n`),
    valid('an explicit initializer is the other rule', mlp(['nn.init.xavier_uniform_(self.fc1.weight)', 'nn.init.xavier_uniform_(self.fc2.weight)'])),
  ],
  invalid: [
    invalid(
      'a positional Sequential with nn.ReLU(): nn.init calls after the statement, one edit for both layers',
      defaultsSequential,
      [
        { messageId: 'mismatch', ...at(defaultsSequential, 'nn.Linear(784'), severity: 'information', data: { layer: '0', initializer: 'kaiming_uniform_(a=sqrt(5))', family: 'small', scaling: 'variance 1/(3·fan_in)', activation: 'relu' } },
        { messageId: 'mismatch', ...at(defaultsSequential, 'nn.Linear(256, 256)'), data: { layer: '2' } },
      ],
      `${defaultsSequential}nn.init.kaiming_uniform_(model[0].weight, nonlinearity='relu')\nnn.init.kaiming_uniform_(model[2].weight, nonlinearity='relu')\n`,
    ),
    invalid('an OrderedDict Sequential before nn.Tanh(): its layer by name', defaultsOrdered, [{ messageId: 'mismatch', ...at(defaultsOrdered, 'nn.Linear(512'), data: { layer: 'fc1', activation: 'tanh' } }], `${defaultsOrdered}nn.init.xavier_uniform_(model.fc1.weight)\n`),
    invalid(
      'an nn.Module subclass: a _reset_parameters method called at the end of __init__',
      defaultsClass,
      [
        { messageId: 'mismatch', ...at(defaultsClass, 'nn.Linear(784'), data: { layer: 'fc1' } },
        { messageId: 'mismatch', ...at(defaultsClass, 'nn.Linear(256, 128)'), data: { layer: 'fc2' } },
      ],
      swap(defaultsClass, '        self.out = nn.Linear(128, 10)\n', `        self.out = nn.Linear(128, 10)\n${resetMethod(["nn.init.kaiming_uniform_(self.fc1.weight, nonlinearity='relu')", "nn.init.kaiming_uniform_(self.fc2.weight, nonlinearity='relu')"])}`),
    ),
    invalid(
      'a class that already defines _reset_parameters gets _init_weights',
      defaultsClassTaken,
      [{ messageId: 'mismatch', ...at(defaultsClassTaken, 'nn.Linear(32, 32)') }],
      swap(defaultsClassTaken, '        self.out = nn.Linear(32, 1)\n', `        self.out = nn.Linear(32, 1)\n${resetMethod(["nn.init.kaiming_uniform_(self.fc1.weight, nonlinearity='relu')"], '_init_weights')}`),
    ),
    invalid(
      'a Conv2d inside a Sequential attribute, reached as self.features[0]',
      defaultsFeatures,
      [{ messageId: 'mismatch', ...at(defaultsFeatures, 'nn.Conv2d'), data: { layer: 'features.0' } }],
      swap(defaultsFeatures, '        self.classifier = nn.Linear(32 * 16 * 16, 10)\n', `        self.classifier = nn.Linear(32 * 16 * 16, 10)\n${resetMethod(["nn.init.kaiming_uniform_(self.features[0].weight, nonlinearity='relu')"])}`),
    ),
    invalid('BatchNorm1d before the ReLU lowers the severity to a hint', defaultsBatchNorm, [{ messageId: 'mismatchThroughNormalization', ...at(defaultsBatchNorm, 'nn.Linear(64, 64)'), severity: 'hint' }], `${defaultsBatchNorm}nn.init.kaiming_uniform_(model[0].weight, nonlinearity='relu')\n`),
    invalid(
      'a ModuleList built by a comprehension, x.relu() in forward: one finding, and a loop over the list',
      defaultsModuleList,
      [{ messageId: 'mismatch', ...at(defaultsModuleList, 'nn.Linear(64, 64)'), data: { layer: 'layers.0' } }],
      swap(defaultsModuleList, '        self.head = nn.Linear(64, 1)\n', `        self.head = nn.Linear(64, 1)\n${resetMethod(['for layer in self.layers:', "    nn.init.kaiming_uniform_(layer.weight, nonlinearity='relu')"])}`),
    ),
    invalid(
      'a ModuleList whose last element fits (a linear head) keeps indexed lines: a loop would reach the head',
      defaultsMixedList,
      [{ messageId: 'mismatch', ...at(defaultsMixedList, 'nn.Linear(32, 32)'), data: { layer: 'stack.0' } }],
      swap(defaultsMixedList, '        self.stack.append(nn.Linear(32, 1))\n', `        self.stack.append(nn.Linear(32, 1))\n${resetMethod(["nn.init.kaiming_uniform_(self.stack[0].weight, nonlinearity='relu')", "nn.init.kaiming_uniform_(self.stack[1].weight, nonlinearity='relu')"])}`),
    ),
    invalid(
      'blocks unpacked into a Sequential beside a head: written by index, since a loop over the Sequential would reach the head',
      defaultsUnpacked,
      [{ messageId: 'mismatch', ...at(defaultsUnpacked, 'nn.Linear(16, 16)'), data: { activation: 'tanh' } }],
      `${defaultsUnpacked}${[0, 1, 2].map((i) => `nn.init.xavier_uniform_(model[${i}][0].weight)\n`).join('')}`,
    ),
    invalid(
      'a helper method returning a block',
      defaultsHelper,
      [{ messageId: 'mismatch', ...at(defaultsHelper, 'nn.Linear(n_in'), data: { layer: 'body.0' } }],
      swap(defaultsHelper, '        self.head = nn.Linear(32, 1)\n', `        self.head = nn.Linear(32, 1)\n${resetMethod(["nn.init.kaiming_uniform_(self.body[0].weight, nonlinearity='relu')"])}`),
    ),
    invalid("`from torch import nn` and LeakyReLU(0.2): a=0.2, nonlinearity='leaky_relu'", defaultsLeaky, [{ messageId: 'mismatch', ...at(defaultsLeaky, 'nn.Linear(64, 64)'), data: { activation: 'leaky_relu' } }], `${defaultsLeaky}nn.init.kaiming_uniform_(model[0].weight, a=0.2, nonlinearity='leaky_relu')\n`),
    invalid("nn.SELU() after a default layer: kaiming_normal_(nonlinearity='linear')", defaultsSelu, [{ messageId: 'mismatch', ...at(defaultsSelu, 'nn.Linear(64, 64)'), data: { activation: 'selu' } }], `${defaultsSelu}nn.init.kaiming_normal_(model[0].weight, nonlinearity='linear')\n`),
    invalid('only `import torch`: torch.nn.init written out', defaultsTorchOnly, [{ messageId: 'mismatch', ...at(defaultsTorchOnly, 'torch.nn.Linear(10') }], `${defaultsTorchOnly}torch.nn.init.kaiming_uniform_(model[0].weight, nonlinearity='relu')\n`),
    invalid(
      'a Sequential built inside a function, before nn.Sigmoid(): inserted at its indent, before the return',
      defaultsInFunction,
      [{ messageId: 'mismatch', ...at(defaultsInFunction, 'nn.Linear(16'), data: { activation: 'sigmoid' } }],
      swap(defaultsInFunction, ')  # the classifier\n', ")  # the classifier\n    nn.init.xavier_uniform_(model[0].weight)\n"),
    ),
    invalid('a comment after the statement stays on its line', defaultsComment, [{ messageId: 'mismatch', ...at(defaultsComment, 'nn.Linear(4') }], swap(defaultsComment, '# tiny\n', "# tiny\nnn.init.kaiming_uniform_(net[0].weight, nonlinearity='relu')\n")),
    invalid('a class defining __init__ twice: the insertion could land in the one that never runs, so no fix', defaultsTwoInits, [{ messageId: 'mismatch', ...at(defaultsTwoInits, 'nn.Linear(width, width)') }], defaultsTwoInits),
    invalid('a file with CRLF line ends gets CRLF lines', defaultsCrlf, [{ messageId: 'mismatch', ...at(defaultsCrlf, 'nn.Linear(8, 8)') }], swap(defaultsCrlf, 'nn.Linear(8, 1))\r\n', "nn.Linear(8, 1))\r\nnn.init.kaiming_uniform_(model[0].weight, nonlinearity='relu')\r\n")),
    invalid('another statement on the same line: no place to insert, no fix', defaultsSemicolon, [{ messageId: 'mismatch', ...at(defaultsSemicolon, 'nn.Linear(8, 8)') }], defaultsSemicolon),
    invalid(
      'Conv1d layers with F.relu in forward',
      defaultsConv1d,
      [
        { messageId: 'mismatch', ...at(defaultsConv1d, 'nn.Conv1d(16'), data: { layer: 'conv1' } },
        { messageId: 'mismatch', ...at(defaultsConv1d, 'nn.Conv1d(64'), data: { layer: 'conv2' } },
      ],
      swap(defaultsConv1d, '        self.fc = nn.Linear(64, 10)\n', `        self.fc = nn.Linear(64, 10)\n${resetMethod(["nn.init.kaiming_uniform_(self.conv1.weight, nonlinearity='relu')", "nn.init.kaiming_uniform_(self.conv2.weight, nonlinearity='relu')"])}`),
    ),
  ],
});

// ---------------------------------------------------------------------------------------------
// init-scale

const scaleNormal = mlp(['nn.init.normal_(self.fc1.weight, 0, 0.01)']);
const scaleMethod = mlp(['self.fc1.weight.data.normal_(0, 0.01)']);
const scaleUniform = mlp(['nn.init.uniform_(self.fc2.weight, -0.1, 0.1)']);
const scaleTrunc = mlp(['nn.init.trunc_normal_(self.fc1.weight, std=0.02)']);
const scaleLarge = mlp(['nn.init.normal_(self.fc1.weight, std=1.0)'], 'torch.tanh');
const scaleNoGrad = mlp(['with torch.no_grad():', '    self.fc2.weight.normal_(0.0, 0.5)']);
const scaleApplyConv = `${NN}

def init_weights(m):
    if isinstance(m, nn.Conv2d):
        nn.init.normal_(m.weight, 0.0, 0.01)


model = nn.Sequential(nn.Conv2d(3, 64, 3, padding=1), nn.ReLU(), nn.Conv2d(64, 64, 3, padding=1), nn.ReLU(), nn.Flatten(), nn.Linear(64 * 8 * 8, 10))
model.apply(init_weights)
`;
const scaleBatchNorm = `${NN}\nmodel = nn.Sequential(nn.Linear(512, 512), nn.BatchNorm1d(512), nn.ReLU(), nn.Linear(512, 10))\nnn.init.normal_(model[0].weight, std=0.01)\n`;

runRuleTests(initScale, {
  valid: [
    // 784 · 0.05² · ½ = 0.98
    valid('normal_ with the right std for the fan-in', mlp(['nn.init.normal_(self.fc1.weight, 0, 0.05)'])),
    valid('a small output layer is a deliberate head', mlp(['nn.init.normal_(self.out.weight, 0, 0.01)'])),
    valid('kaiming_normal_ scales with the fan-in: not this rule', mlp(["nn.init.kaiming_normal_(self.fc1.weight, nonlinearity='relu')"])),
    valid('an Embedding table is a lookup, not a sum over fan-in', `${NN}\n\nclass Bag(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.embed = nn.Embedding(1000, 32)\n        self.head = nn.Linear(32, 2)\n        nn.init.normal_(self.embed.weight, 0, 0.02)\n\n    def forward(self, tokens):\n        return self.head(self.embed(tokens).mean(1))\n`),
    // 300 · (0.2²/12) · 1 = 1.0
    valid('uniform_(-0.1, 0.1) on 300 tanh inputs keeps the signal', `${NN}\nmodel = nn.Sequential(nn.Linear(300, 64), nn.Tanh(), nn.Linear(64, 1))\nnn.init.uniform_(model[0].weight, -0.1, 0.1)\n`),
  ],
  invalid: [
    // 784 · 10⁻⁴ · ½
    invalid('normal_(w, 0, 0.01) on 784 ReLU inputs', scaleNormal, [{ messageId: 'scale', ...at(scaleNormal, 'nn.init.normal_'), severity: 'warning', data: { layer: 'fc1', fanIn: 784, gain: 0.0392, activation: 'relu', stddev: 0.0505 } }], swap(scaleNormal, 'nn.init.normal_(self.fc1.weight, 0, 0.01)', `nn.init.kaiming_normal_(self.fc1.weight, ${RELU_NORMAL}`)),
    invalid('.data.normal_(0, 0.01) in place', scaleMethod, [{ messageId: 'scale', ...at(scaleMethod, 'self.fc1.weight.data'), data: { initializer: 'self.fc1.weight.data.normal_(0, 0.01)', gain: 0.0392 } }], swap(scaleMethod, 'self.fc1.weight.data.normal_(0, 0.01)', `nn.init.kaiming_normal_(self.fc1.weight, ${RELU_NORMAL}`)),
    // 256 · (0.2²/12) · ½
    invalid('uniform_(w, -0.1, 0.1) on 256 ReLU inputs', scaleUniform, [{ messageId: 'scaleUniform', ...at(scaleUniform, 'nn.init.uniform_'), data: { fanIn: 256, gain: 0.427, limit: 0.153 } }], swap(scaleUniform, 'nn.init.uniform_(self.fc2.weight, -0.1, 0.1)', "nn.init.kaiming_uniform_(self.fc2.weight, nonlinearity='relu')")),
    // trunc_normal_'s bounds are absolute (±2, i.e. ±100σ here): a plain normal, 784 · 0.02² · ½
    invalid('trunc_normal_(w, std=0.02)', scaleTrunc, [{ messageId: 'scale', ...at(scaleTrunc, 'nn.init.trunc_normal_'), data: { gain: 0.157 } }], swap(scaleTrunc, 'nn.init.trunc_normal_(self.fc1.weight, std=0.02)', `nn.init.kaiming_normal_(self.fc1.weight, ${RELU_NORMAL}`)),
    invalid('normal_(w, std=1.0) before tanh drives it into saturation', scaleLarge, [{ messageId: 'scale', ...at(scaleLarge, 'nn.init.normal_'), data: { gain: 784, activation: 'tanh' } }], swap(scaleLarge, 'nn.init.normal_(self.fc1.weight, std=1.0)', 'nn.init.xavier_normal_(self.fc1.weight)')),
    // 256 · 0.25 · ½
    invalid('normal_ under torch.no_grad()', scaleNoGrad, [{ messageId: 'scale', ...at(scaleNoGrad, 'self.fc2.weight.normal_'), data: { gain: 32 } }], swap(scaleNoGrad, 'self.fc2.weight.normal_(0.0, 0.5)', `nn.init.kaiming_normal_(self.fc2.weight, ${RELU_NORMAL}`)),
    invalid('an apply function for Conv2d: one finding and one fix for both convolutions', scaleApplyConv, [{ messageId: 'scale', ...at(scaleApplyConv, 'nn.init.normal_'), data: { fanIn: 27 } }], swap(scaleApplyConv, 'nn.init.normal_(m.weight, 0.0, 0.01)', `nn.init.kaiming_normal_(m.weight, ${RELU_NORMAL}`)),
    invalid('BatchNorm1d follows: information', scaleBatchNorm, [{ messageId: 'scaleThroughNormalization', ...at(scaleBatchNorm, 'nn.init.normal_'), severity: 'information' }], swap(scaleBatchNorm, 'nn.init.normal_(model[0].weight, std=0.01)', `nn.init.kaiming_normal_(model[0].weight, ${RELU_NORMAL}`)),
  ],
});

// ---------------------------------------------------------------------------------------------
// gradient-vanishing / gradient-exploding

/** An nn.Module of `depth` hidden Linear layers in a ModuleList comprehension, `act` after each, `init` ending __init__. */
function deep(depth: number, act: string, init: string[] = [], width = 256): string {
  return `${NN}

class Deep(nn.Module):
    def __init__(self):
        super().__init__()
        self.inp = nn.Linear(64, ${width})
        self.hidden = nn.ModuleList([nn.Linear(${width}, ${width}) for _ in range(${depth})])
        self.out = nn.Linear(${width}, 10)
${init.map((line) => `        ${line}\n`).join('')}
    def forward(self, x):
        x = ${act}(self.inp(x))
        for layer in self.hidden:
            x = ${act}(layer(x))
        return self.out(x)
`;
}

// ReLU shrinks the signal and the gradient alike, but PyTorch's default biases (±1/√fan_in) hold
// the signal at a floor while the gradient keeps shrinking: ten layers are enough.
const deepDefaults = deep(10, 'F.relu');
const deepSigmoid = deep(6, 'torch.sigmoid', ['for m in self.modules():', '    if isinstance(m, nn.Linear):', '        nn.init.xavier_uniform_(m.weight)']);
const deepSequential = `${NN}\nmodel = nn.Sequential(\n    nn.Linear(64, 128), nn.ReLU(),\n${'    nn.Linear(128, 128), nn.ReLU(),\n'.repeat(11)}    nn.Linear(128, 10),\n)\n`;
const deepLarge = deep(10, 'torch.tanh', ['for m in self.modules():', '    if isinstance(m, nn.Linear):', '        nn.init.normal_(m.weight, 0.0, 1.0)']);

runRuleTests(gradientVanishing, {
  valid: [
    valid('a deep ReLU stack initialized with kaiming_normal_', deep(6, 'F.relu', ['for m in self.modules():', '    if isinstance(m, nn.Linear):', "        nn.init.kaiming_normal_(m.weight, nonlinearity='relu')"])),
    valid('two hidden layers on the defaults are not deep enough to matter', mlp([])),
  ],
  invalid: [
    invalid(
      "a deep ReLU stack on PyTorch's defaults: the fix inserts _reset_parameters for every layer, the ModuleList by a loop",
      deepDefaults,
      [{ messageId: 'vanishing', ...at(deepDefaults, 'class Deep'), data: { model: 'Deep' } }],
      swap(
        deepDefaults,
        '        self.out = nn.Linear(256, 10)\n',
        `        self.out = nn.Linear(256, 10)\n${resetMethod(["nn.init.kaiming_uniform_(self.inp.weight, nonlinearity='relu')", 'for layer in self.hidden:', "    nn.init.kaiming_uniform_(layer.weight, nonlinearity='relu')"])}`,
      ),
    ),
    invalid('a deep sigmoid stack: Glorot already fits, so there is nothing to swap', deepSigmoid, [{ messageId: 'vanishing', ...at(deepSigmoid, 'class Deep') }], deepSigmoid),
    invalid(
      'a deep positional Sequential on defaults',
      deepSequential,
      [{ messageId: 'vanishing', ...at(deepSequential, 'nn.Sequential(') }],
      `${deepSequential}${Array.from({ length: 12 }, (_, i) => 2 * i).map((i) => `nn.init.kaiming_uniform_(model[${i}].weight, nonlinearity='relu')\n`).join('')}`,
    ),
  ],
});

runRuleTests(gradientExploding, {
  valid: [
    valid('a deep tanh stack with xavier_normal_', deep(10, 'torch.tanh', ['for m in self.modules():', '    if isinstance(m, nn.Linear):', '        nn.init.xavier_normal_(m.weight)'])),
    valid("PyTorch's tanh gain on the same stack", deep(10, 'torch.tanh', ['for m in self.modules():', '    if isinstance(m, nn.Linear):', "        nn.init.xavier_uniform_(m.weight, gain=nn.init.calculate_gain('tanh'))"])),
  ],
  invalid: [
    // Unit-variance weights on 256 inputs saturate tanh forward while its slope keeps the gradient growing backwards.
    invalid('normal_(m.weight, 0.0, 1.0) on a deep tanh stack', deepLarge, [{ messageId: 'exploding', ...at(deepLarge, 'class Deep'), data: { model: 'Deep' } }], swap(deepLarge, 'nn.init.normal_(m.weight, 0.0, 1.0)', 'nn.init.xavier_normal_(m.weight)')),
  ],
});
