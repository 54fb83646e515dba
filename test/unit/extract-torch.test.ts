// PyTorch extraction and catalog: the facts of torch.nn.init and the modules' defaults checked
// against their closed forms, and, construct by construct, the layers, names, accessors,
// activations, initializers and fans the extractor reads. Kinds and order of whole models are
// in the fixture files test/unit/fixtures/extract/torch-*.txt (run by extract.test.ts).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, extractFile, simulateModel, type LayerIR, type ModelIR } from '../../src/core';
import { elementMoments, kernelMatrix, TRUNCATED_NORMAL_VARIANCE, type Fans } from '../../src/core/catalog/variance';
import type { InitializerSpec } from '../../src/core/catalog/initializers';
import {
  calculateGain, statedFans, torchDefaultBiasSpec, torchFactorySpec, torchInitRow, torchInitRows, torchModule, torchModuleRows, torchRecurrentDefaultSpec,
  torchTensorMethod, truncNormalSpec, TORCH_DEFAULT_KERNEL_SPEC,
} from '../../src/core/catalog/torch';
import { activationByName } from '../../src/core/catalog/activations';
import { kernelFans } from '../../src/core/simulate/network';

const close = (actual: number, expected: number, what: string, tolerance = 1e-12): void => {
  assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${what}: ${actual} ≠ ${expected}`);
};

/** Var(W) of one weight element drawn from `spec` for a weight with these fans, as PyTorch would draw it. */
const varianceOf = (spec: InitializerSpec | undefined, fans: Fans): number => {
  assert.ok(spec, 'spec is known');
  return elementMoments(spec, fans, 'torch').variance;
};

/** A nn.init row's spec for literal arguments (the tensor left out). */
const initSpec = (name: string, args: Record<string, number | string | null> = {}): InitializerSpec | undefined => torchInitRow(name)?.build(args);

describe('torch catalog: calculate_gain', () => {
  const cases: [string, number | boolean | null | undefined, number | undefined][] = [
    ['linear', undefined, 1],
    ['conv2d', undefined, 1],
    ['conv_transpose3d', undefined, 1],
    ['sigmoid', undefined, 1],
    ['tanh', undefined, 5 / 3],
    ['relu', undefined, Math.sqrt(2)],
    ['leaky_relu', undefined, Math.sqrt(2 / (1 + 0.01 ** 2))],
    ['leaky_relu', null, Math.sqrt(2 / (1 + 0.01 ** 2))],
    ['leaky_relu', 0.2, Math.sqrt(2 / (1 + 0.04))],
    ['leaky_relu', 0, Math.sqrt(2)],
    ['leaky_relu', Math.sqrt(5), Math.sqrt(1 / 3)],
    ['leaky_relu', true, undefined],
    ['selu', undefined, 3 / 4],
    ['gelu', undefined, undefined],
  ];
  for (const [nonlinearity, param, gain] of cases) {
    it(`${nonlinearity}${param === undefined ? '' : `, ${String(param)}`} → ${gain ?? 'rejected'}`, () => {
      const actual = calculateGain(nonlinearity, param);
      if (gain === undefined) assert.equal(actual, undefined);
      else close(actual!, gain, nonlinearity);
    });
  }
});

describe('torch catalog: nn.init variances against their closed forms', () => {
  const fans: Fans = { fanIn: 300, fanOut: 100 };
  const { fanIn, fanOut } = fans;
  const cases: [string, InitializerSpec | undefined, number][] = [
    ['kaiming_uniform_(a=√5), PyTorch’s Linear default: 1/(3·fan_in)', initSpec('kaiming_uniform_', { a: Math.sqrt(5) }), 1 / (3 * fanIn)],
    ['the catalogued default is the same', TORCH_DEFAULT_KERNEL_SPEC, 1 / (3 * fanIn)],
    ['kaiming_normal_() (leaky_relu, a=0): 2/fan_in', initSpec('kaiming_normal_'), 2 / fanIn],
    ["kaiming_uniform_(nonlinearity='relu'): 2/fan_in", initSpec('kaiming_uniform_', { nonlinearity: 'relu' }), 2 / fanIn],
    ["kaiming_normal_(mode='fan_out', nonlinearity='relu'): 2/fan_out", initSpec('kaiming_normal_', { mode: 'fan_out', nonlinearity: 'relu' }), 2 / fanOut],
    ["kaiming_normal_(mode='FAN_OUT') is lower-cased", initSpec('kaiming_normal_', { mode: 'FAN_OUT' }), 2 / fanOut],
    ['kaiming_normal_(a=0.2): 2/((1+0.04)·fan_in)', initSpec('kaiming_normal_', { a: 0.2 }), 2 / (1.04 * fanIn)],
    ["kaiming_normal_(nonlinearity='tanh'): (25/9)/fan_in", initSpec('kaiming_normal_', { nonlinearity: 'tanh' }), 25 / 9 / fanIn],
    ['xavier_uniform_(): 2/(fan_in+fan_out)', initSpec('xavier_uniform_'), 2 / (fanIn + fanOut)],
    ['xavier_normal_(gain=5/3): (25/9)·2/(fan_in+fan_out)', initSpec('xavier_normal_', { gain: 5 / 3 }), (25 / 9) * (2 / (fanIn + fanOut))],
    ['xavier_uniform_(gain=√2)', initSpec('xavier_uniform_', { gain: Math.SQRT2 }), 4 / (fanIn + fanOut)],
    ['normal_(): N(0, 1)', initSpec('normal_'), 1],
    ['normal_(mean=0, std=0.01)', initSpec('normal_', { mean: 0, std: 0.01 }), 1e-4],
    ['uniform_(): U(0, 1)', initSpec('uniform_'), 1 / 12],
    ['uniform_(-0.1, 0.1)', initSpec('uniform_', { a: -0.1, b: 0.1 }), 0.04 / 12],
    ['trunc_normal_() is truncated at ±2σ (its default bounds)', initSpec('trunc_normal_'), TRUNCATED_NORMAL_VARIANCE],
    ['trunc_normal_(std=0.02): bounds ±2 are 100σ away, untruncated', initSpec('trunc_normal_', { std: 0.02 }), 0.02 ** 2],
    ['trunc_normal_(std=0.02, a=-0.04, b=0.04): ±2σ', initSpec('trunc_normal_', { std: 0.02, a: -0.04, b: 0.04 }), 0.02 ** 2 * TRUNCATED_NORMAL_VARIANCE],
    ['orthogonal_(gain=2): gain²/max(rows, cols)', initSpec('orthogonal_', { gain: 2 }), 4 / 300],
    ['constant_(val=0.3): no variance', initSpec('constant_', { val: 0.3 }), 0],
  ];
  for (const [name, spec, variance] of cases) {
    it(name, () => close(varianceOf(spec, fans), variance, name));
  }

  it('trunc_normal_ with one-sided bounds has the half-normal moments', () => {
    const spec = truncNormalSpec('trunc_normal_', 0, 1, 0, 50);
    assert.equal(spec?.kind, 'absolute');
    const moments = elementMoments(spec!, fans, 'torch');
    close(moments.mean, Math.sqrt(2 / Math.PI), 'mean', 1e-9);
    close(moments.variance, 1 - 2 / Math.PI, 'variance', 1e-9);
  });

  it('rejects what PyTorch rejects: unknown nonlinearity, mode, a missing constant', () => {
    assert.equal(initSpec('kaiming_normal_', { nonlinearity: 'gelu' }), undefined);
    assert.equal(initSpec('kaiming_uniform_', { mode: 'fan_avg' }), undefined);
    assert.equal(initSpec('constant_'), undefined);
    assert.equal(initSpec('sparse_', { sparsity: 0.1 }), undefined);
    // A written argument that is not a literal makes the spec unknown, never guessed.
    assert.equal(initSpec('normal_', { std: null }), undefined);
  });

  it('zeros_, ones_, eye_ and dirac_ are symmetric or identity kernels', () => {
    assert.deepEqual(initSpec('zeros_'), { kind: 'constant', name: 'zeros_', value: 0 });
    assert.deepEqual(initSpec('ones_'), { kind: 'constant', name: 'ones_', value: 1 });
    assert.deepEqual(initSpec('eye_'), { kind: 'identity', name: 'eye_', gain: 1 });
    assert.deepEqual(initSpec('dirac_'), { kind: 'identity', name: 'dirac_', gain: 1 });
  });

  it("the deprecated spellings without '_' are the same functions", () => {
    for (const old of ['uniform', 'normal', 'constant', 'eye', 'dirac', 'xavier_uniform', 'xavier_normal', 'kaiming_uniform', 'kaiming_normal', 'orthogonal', 'sparse']) {
      assert.equal(torchInitRow(old), torchInitRow(`${old}_`), old);
    }
    assert.equal(torchInitRow('trunc_normal'), undefined);
  });

  it('every row names its spec after itself and lists the parameters after the tensor', () => {
    for (const row of torchInitRows()) {
      assert.ok(row.name.endsWith('_'), row.name);
      assert.ok(!row.params.includes('tensor'), row.name);
      const spec = row.build(row.name === 'constant_' ? { val: 0.5 } : {});
      if (spec) assert.equal(spec.name, row.name);
    }
  });

  it('in-place tensor methods: normal_(mean, std), uniform_(from, to), fill_(v), zero_()', () => {
    close(varianceOf(torchTensorMethod('normal_')?.build({ mean: 0, std: 0.02 }), fans), 4e-4, 'normal_');
    close(varianceOf(torchTensorMethod('uniform_')?.build({ from: -1, to: 1 }), fans), 1 / 3, 'uniform_');
    assert.deepEqual(torchTensorMethod('fill_')?.build({ value: 0.5 }), { kind: 'constant', name: 'fill_', value: 0.5 });
    assert.deepEqual(torchTensorMethod('zero_')?.build({}), { kind: 'constant', name: 'zero_', value: 0 });
    assert.deepEqual(torchFactorySpec('zeros_like', undefined), { kind: 'constant', name: 'zeros', value: 0 });
    assert.deepEqual(torchFactorySpec('full', 2), { kind: 'constant', name: 'full', value: 2 });
  });
});

describe('torch catalog: module defaults', () => {
  it('Linear/ConvNd bias: uniform on ±1/√fan_in, variance 1/(3·fan_in); unknown without fan_in', () => {
    close(varianceOf(torchDefaultBiasSpec(400), { fanIn: 1, fanOut: 1 }), 1 / 1200, 'bias');
    assert.equal(torchDefaultBiasSpec(undefined), undefined);
  });

  it('recurrent weights: uniform on ±1/√hidden_size', () => {
    close(varianceOf(torchRecurrentDefaultSpec(64), { fanIn: 7, fanOut: 9 }), 1 / 192, 'rnn');
  });

  it('Embedding: N(0, 1) whatever its size', () => {
    const spec = torchModule('Embedding') && extractFile('import torch.nn as nn\nm = nn.Sequential(nn.Embedding(10, 4))\n', 'python').models[0].layers[0].kernelInitializer?.spec;
    close(varianceOf(spec, { fanIn: 4, fanOut: 10 }), 1, 'embedding');
  });

  it('every module row is consistent: renamed and defaulted parameters exist, activations are known names', () => {
    for (const [className, row] of Object.entries(torchModuleRows())) {
      for (const name of [...Object.keys(row.defaults ?? {}), ...Object.keys(row.rename ?? {})]) {
        // ReLU6's max_value is Keras's spelling of its fixed cap, not a constructor argument.
        if (className === 'ReLU6' && name === 'max_value') continue;
        assert.ok(row.params.includes(name), `${className}: ${name}`);
      }
      if (row.unitsParam) assert.ok(row.params.includes(row.unitsParam), `${className}: ${row.unitsParam}`);
      if (typeof row.activation === 'string') assert.equal(activationByName(row.activation), row.activation, className);
      assert.equal(row.weights !== undefined && row.weights !== 'norm', row.role === 'kernel', className);
    }
  });
});

/** One line per layer: name, kind, activation, accessor, stated fan-in, initializers ('!' = explicit). */
function row(source: string, layer: LayerIR): string {
  const parts = [layer.name, layer.kind];
  if (layer.role === 'activation' || layer.activation.name !== 'linear') {
    const at = layer.activation.span ? `@${source.slice(layer.activation.span.from, layer.activation.span.to)}` : '';
    parts.push(`act=${layer.activation.name}${at}`);
  }
  if (layer.accessor !== undefined) parts.push(`acc=${layer.accessor}`);
  if (layer.statedFanIn !== undefined) parts.push(`fanIn=${layer.statedFanIn}`);
  const ref = (name: string, value: LayerIR['kernelInitializer']) => value && parts.push(`${name}=${value.spec?.name ?? '?'}${value.explicit ? '!' : ''}`);
  ref('init', layer.kernelInitializer);
  ref('bias', layer.biasInitializer);
  ref('rec', layer.extraInitializers?.recurrent);
  return parts.join(' ');
}

const TORCH = 'import math\nimport torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n';

function modelsOf(code: string): { source: string; models: ModelIR[] } {
  const source = `${TORCH}${code}`;
  return { source, models: extractFile(source, 'python').models };
}

/** Layer rows of every model, `name:` first. */
function rowsOf(code: string): string[] {
  const { source, models } = modelsOf(code);
  return models.flatMap((model) => [`${model.name}:`, ...model.layers.map((layer) => row(source, layer))]);
}

describe('torch extraction: layers, names, accessors, activations, initializers', () => {
  const cases: { name: string; code: string; rows: string[] }[] = [
    {
      name: 'Sequential: names are indices, accessors index the variable; module-level nn.init after it',
      code: 'model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))\nnn.init.kaiming_normal_(model[0].weight, nonlinearity="relu")\n',
      rows: [
        'model:',
        '0 Dense acc=model[0] fanIn=784 init=kaiming_normal_! bias=uniform_(±1/sqrt(fan_in))',
        '1 ReLU act=relu acc=model[1]',
        '2 Dense acc=model[2] fanIn=256 init=kaiming_uniform_(a=sqrt(5)) bias=uniform_(±1/sqrt(fan_in))',
      ],
    },
    {
      name: 'OrderedDict keys name the layers and reach them by attribute; bias=False has no bias',
      code: "from collections import OrderedDict\nnet = nn.Sequential(OrderedDict([('fc1', nn.Linear(10, 5, bias=False)), ('act', nn.LeakyReLU(0.1)), ('head', nn.Linear(5, 1))]))\nnn.init.zeros_(net.head.weight)\n",
      rows: [
        'net:',
        'fc1 Dense acc=net.fc1 fanIn=10 init=kaiming_uniform_(a=sqrt(5))',
        'act LeakyReLU act=leaky_relu acc=net.act',
        'head Dense acc=net.head fanIn=5 init=zeros_! bias=uniform_(±1/sqrt(fan_in))',
      ],
    },
    {
      name: 'class: attribute names and self accessors; forward calls become activation layers at the call',
      code:
        'class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.conv = nn.Conv2d(3, 16, 5, groups=1)\n        self.bn = nn.BatchNorm2d(16)\n' +
        '        self.fc = nn.Linear(16, 4)\n    def forward(self, x):\n        x = F.relu(self.bn(self.conv(x)))\n        x = torch.flatten(F.adaptive_avg_pool2d(x, 1), 1)\n        return torch.sigmoid(self.fc(x))\n',
      rows: [
        'Net:',
        'conv Conv2D acc=self.conv fanIn=75 init=kaiming_uniform_(a=sqrt(5)) bias=uniform_(±1/sqrt(fan_in))',
        'bn BatchNormalization acc=self.bn',
        'F.relu ReLU act=relu@F.relu',
        'F.adaptive_avg_pool2d GlobalAveragePooling2D',
        'torch.flatten Flatten',
        'fc Dense acc=self.fc fanIn=16 init=kaiming_uniform_(a=sqrt(5)) bias=uniform_(±1/sqrt(fan_in))',
        'torch.sigmoid Activation act=sigmoid@torch.sigmoid',
      ],
    },
    {
      name: 'grouped and transposed convolutions state PyTorch’s fan-in; ModuleList and ModuleDict accessors',
      code:
        'class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.convs = nn.ModuleList([nn.Conv2d(8, 8, 3, groups=4), nn.ConvTranspose2d(8, 4, 4, stride=2, padding=1)])\n' +
        "        self.heads = nn.ModuleDict({'cls': nn.Conv2d(4, 2, 1)})\n    def forward(self, x):\n        for conv in self.convs:\n            x = conv(x)\n        return self.heads['cls'](x)\n",
      rows: [
        'Net:',
        'convs.0 Conv2D acc=self.convs[0] fanIn=18 init=kaiming_uniform_(a=sqrt(5)) bias=uniform_(±1/sqrt(fan_in))',
        'convs.1 Conv2DTranspose acc=self.convs[1] fanIn=64 init=kaiming_uniform_(a=sqrt(5)) bias=uniform_(±1/sqrt(fan_in))',
        "heads.cls Conv2D acc=self.heads['cls'] fanIn=4 init=kaiming_uniform_(a=sqrt(5)) bias=uniform_(±1/sqrt(fan_in))",
      ],
    },
    {
      name: 'a ModuleList filled by a loop of unknown length has no accessor',
      code: 'class Net(nn.Module):\n    def __init__(self, n):\n        super().__init__()\n        self.blocks = nn.ModuleList()\n        for _ in range(n):\n            self.blocks.append(nn.Linear(4, 4))\n    def forward(self, x):\n        for block in self.blocks:\n            x = block(x).tanh()\n        return x\n',
      rows: ['Net:', 'blocks.0 Dense fanIn=4 init=kaiming_uniform_(a=sqrt(5)) bias=uniform_(±1/sqrt(fan_in))', 'tanh() Activation act=tanh@tanh'],
    },
    {
      name: 'nested user modules: qualified names, chained accessors',
      code:
        'class Block(nn.Module):\n    def __init__(self, c):\n        super().__init__()\n        self.conv = nn.Conv1d(c, c, 3, padding=1)\n        self.act = nn.GELU()\n    def forward(self, x):\n        return self.act(self.conv(x))\n' +
        'class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.b1 = Block(4)\n        self.b2 = Block(4)\n    def forward(self, x):\n        return self.b2(self.b1(x))\n',
      rows: [
        'Net:',
        'b1.conv Conv1D acc=self.b1.conv fanIn=12 init=kaiming_uniform_(a=sqrt(5)) bias=uniform_(±1/sqrt(fan_in))',
        'b1.act Activation act=gelu acc=self.b1.act',
        'b2.conv Conv1D acc=self.b2.conv fanIn=12 init=kaiming_uniform_(a=sqrt(5)) bias=uniform_(±1/sqrt(fan_in))',
        'b2.act Activation act=gelu acc=self.b2.act',
      ],
    },
    {
      name: 'activation calls: F.leaky_relu slope, F.elu, x.relu(), torch.tanh, F.softmax; F.dropout is a layer',
      code:
        'class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.a = nn.Linear(4, 4)\n        self.b = nn.Linear(4, 4)\n        self.c = nn.Linear(4, 4)\n        self.d = nn.Linear(4, 4)\n' +
        '    def forward(self, x):\n        x = F.leaky_relu(self.a(x), negative_slope=0.2)\n        x = F.dropout(F.elu(self.b(x)), p=0.1, training=self.training)\n        x = self.c(x).relu()\n        return F.softmax(torch.tanh(self.d(x)), dim=-1)\n',
      rows: [
        'Net:',
        'a Dense acc=self.a fanIn=4 init=kaiming_uniform_(a=sqrt(5)) bias=uniform_(±1/sqrt(fan_in))',
        'F.leaky_relu LeakyReLU act=leaky_relu@F.leaky_relu',
        'b Dense acc=self.b fanIn=4 init=kaiming_uniform_(a=sqrt(5)) bias=uniform_(±1/sqrt(fan_in))',
        'F.elu ELU act=elu@F.elu',
        'F.dropout Dropout',
        'c Dense acc=self.c fanIn=4 init=kaiming_uniform_(a=sqrt(5)) bias=uniform_(±1/sqrt(fan_in))',
        'relu() ReLU act=relu@relu',
        'd Dense acc=self.d fanIn=4 init=kaiming_uniform_(a=sqrt(5)) bias=uniform_(±1/sqrt(fan_in))',
        'torch.tanh Activation act=tanh@torch.tanh',
        'F.softmax Softmax act=softmax@F.softmax',
      ],
    },
    {
      name: 'recurrent layers: weight_ih → kernel, weight_hh → recurrent, bias_* → bias; defaults ±1/√hidden',
      code:
        'class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.emb = nn.Embedding(100, 8)\n        self.rnn = nn.LSTM(8, 16, num_layers=2)\n        self.gru = nn.GRU(16, 4)\n' +
        '        nn.init.orthogonal_(self.rnn.weight_hh_l0)\n        for name, p in self.rnn.named_parameters():\n            if name.startswith("bias"):\n                p.data.zero_()\n' +
        '    def forward(self, x):\n        out, _ = self.rnn(self.emb(x))\n        out, h = self.gru(out)\n        return out\n',
      rows: [
        'Net:',
        'emb Embedding acc=self.emb fanIn=8 init=normal_',
        'rnn LSTM act=tanh acc=self.rnn fanIn=8 init=uniform_(±1/sqrt(hidden_size)) bias=zero_! rec=orthogonal_!',
        'gru GRU act=tanh acc=self.gru fanIn=16 init=uniform_(±1/sqrt(hidden_size)) bias=uniform_(±1/sqrt(hidden_size)) rec=uniform_(±1/sqrt(hidden_size))',
      ],
    },
    {
      name: 'branches on isinstance/type/hasattr pick layers; reset_parameters restores the default',
      code:
        'def init(m):\n    if isinstance(m, nn.Linear) and m.out_features > 1:\n        nn.init.xavier_uniform_(m.weight, gain=nn.init.calculate_gain("relu"))\n    elif type(m) is nn.Linear:\n        nn.init.zeros_(m.weight)\n' +
        '    elif hasattr(m, "weight") and not isinstance(m, nn.BatchNorm1d):\n        nn.init.constant_(m.weight, 0.5)\n' +
        'model = nn.Sequential(nn.Linear(3, 3), nn.BatchNorm1d(3), nn.Conv1d(3, 3, 1), nn.Linear(3, 1), nn.Linear(1, 1))\nmodel.apply(init)\nmodel[4].reset_parameters()\n',
      rows: [
        'model:',
        '0 Dense acc=model[0] fanIn=3 init=xavier_uniform_! bias=uniform_(±1/sqrt(fan_in))',
        '1 BatchNormalization acc=model[1]',
        '2 Conv1D acc=model[2] fanIn=3 init=constant_! bias=uniform_(±1/sqrt(fan_in))',
        '3 Dense acc=model[3] fanIn=3 init=zeros_! bias=uniform_(±1/sqrt(fan_in))',
        '4 Dense acc=model[4] fanIn=1 init=kaiming_uniform_(a=sqrt(5)) bias=uniform_(±1/sqrt(fan_in))',
      ],
    },
    {
      name: 'bias initializers by every spelling; m.in_features in a computed bound',
      code:
        'class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.a = nn.Linear(4, 4)\n        self.b = nn.Linear(16, 4)\n        self.a.bias.data.fill_(0.1)\n        for m in self.modules():\n' +
        '            if isinstance(m, nn.Linear) and m.in_features == 16:\n                y = 1.0 / math.sqrt(m.in_features)\n                m.weight.data.uniform_(-y, y)\n                nn.init.constant_(m.bias, 0)\n' +
        '    def forward(self, x):\n        return self.b(self.a(x))\n',
      rows: [
        'Net:',
        'a Dense acc=self.a fanIn=4 init=kaiming_uniform_(a=sqrt(5)) bias=fill_!',
        'b Dense acc=self.b fanIn=16 init=uniform_! bias=constant_!',
      ],
    },
    {
      name: 'reparametrized and assigned weights; a lambda passed to apply',
      code:
        'from torch.nn.utils import weight_norm, spectral_norm\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.a = weight_norm(nn.Linear(4, 4))\n        self.b = spectral_norm(nn.Linear(4, 4))\n' +
        '        self.c = nn.Linear(4, 4)\n        self.d = nn.Linear(4, 4)\n        self.c.weight.data = torch.randn(4, 4) * 0.01\n        self.d.weight = nn.Parameter(torch.zeros(4, 4))\n' +
        '    def forward(self, x):\n        return self.d(self.c(self.b(self.a(x))))\n' +
        'm = nn.Sequential(nn.Linear(3, 3), nn.Tanh())\nm.apply(lambda l: nn.init.xavier_normal_(l.weight) if isinstance(l, nn.Linear) else None)\n',
      rows: [
        'Net:',
        'a Dense acc=self.a fanIn=4 init=kaiming_uniform_(a=sqrt(5)) bias=uniform_(±1/sqrt(fan_in))',
        'b Dense acc=self.b fanIn=4 init=? bias=uniform_(±1/sqrt(fan_in))',
        'c Dense acc=self.c fanIn=4 init=randn! bias=uniform_(±1/sqrt(fan_in))',
        'd Dense acc=self.d fanIn=4 init=zeros! bias=uniform_(±1/sqrt(fan_in))',
        'm:',
        '0 Dense acc=m[0] fanIn=3 init=xavier_normal_! bias=uniform_(±1/sqrt(fan_in))',
        '1 Activation act=tanh acc=m[1]',
      ],
    },
    {
      name: 'class attributes, setattr/getattr with f-strings and %-formatting, a generator argument',
      code:
        'class Bottleneck(nn.Module):\n    expansion = 4\n    def __init__(self, cin, planes):\n        super().__init__()\n        self.conv = nn.Conv2d(cin, planes * self.expansion, 1)\n    def forward(self, x):\n        return self.conv(x)\n' +
        'class Net(nn.Module):\n    def __init__(self, block=Bottleneck):\n        super().__init__()\n        self.b = block(16, 8)\n        for i in range(2):\n            setattr(self, f"fc{i}", nn.Linear(4, 4))\n' +
        '        self.gen = nn.ModuleList(nn.Linear(4, 4) for _ in range(2))\n        self.head = nn.Linear(8 * block.expansion, 2)\n        nn.init.zeros_(getattr(self, "fc%d" % 1).weight)\n' +
        '    def forward(self, x):\n        x = self.b(x)\n        for i in range(2):\n            x = getattr(self, f"fc{i}")(x)\n        for layer in self.gen:\n            x = layer(x)\n        return self.head(x)\n',
      rows: [
        'Net:',
        'b.conv Conv2D acc=self.b.conv fanIn=16 init=kaiming_uniform_(a=sqrt(5)) bias=uniform_(±1/sqrt(fan_in))',
        'fc0 Dense acc=self.fc0 fanIn=4 init=kaiming_uniform_(a=sqrt(5)) bias=uniform_(±1/sqrt(fan_in))',
        'fc1 Dense acc=self.fc1 fanIn=4 init=zeros_! bias=uniform_(±1/sqrt(fan_in))',
        'gen.0 Dense acc=self.gen[0] fanIn=4 init=kaiming_uniform_(a=sqrt(5)) bias=uniform_(±1/sqrt(fan_in))',
        'gen.1 Dense acc=self.gen[1] fanIn=4 init=kaiming_uniform_(a=sqrt(5)) bias=uniform_(±1/sqrt(fan_in))',
        'head Dense acc=self.head fanIn=32 init=kaiming_uniform_(a=sqrt(5)) bias=uniform_(±1/sqrt(fan_in))',
      ],
    },
    {
      name: 'subclasses of torch layers: their reset_parameters runs at construction, super().forward applies the layer',
      code:
        'class XLinear(nn.Linear):\n    def reset_parameters(self):\n        nn.init.xavier_uniform_(self.weight)\n        if self.bias is not None:\n            nn.init.zeros_(self.bias)\n' +
        'class Conv(nn.Conv2d):\n    def forward(self, x):\n        return super().forward(x).relu()\n' +
        'class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.a = XLinear(8, 8)\n        self.c = Conv(3, 4, 3)\n    def forward(self, x):\n        return self.a(self.c(x))\n',
      rows: [
        'Net:',
        'c Conv2D acc=self.c fanIn=27 init=kaiming_uniform_(a=sqrt(5)) bias=uniform_(±1/sqrt(fan_in))',
        'relu() ReLU act=relu@relu',
        'a Dense acc=self.a fanIn=8 init=xavier_uniform_! bias=zeros_!',
      ],
    },
  ];
  for (const { name, code, rows } of cases) {
    it(name, () => assert.deepEqual(rowsOf(code), rows));
  }
});

describe('torch extraction: initializer references', () => {
  const refOf = (code: string, layerIndex = 0) => {
    const { source, models } = modelsOf(code);
    const ref = models[0].layers[layerIndex].kernelInitializer!;
    const text = (span: { from: number; to: number } | undefined) => (span ? source.slice(span.from, span.to) : undefined);
    return { ref, text, spec: ref.spec };
  };

  it('an nn.init call: explicit, the whole call as span, its qualifier, tensor text and name', () => {
    const { ref, text } = refOf('model = nn.Sequential(nn.Linear(4, 4))\nnn.init.xavier_uniform_(model[0].weight.data, gain=1.0)\n');
    assert.equal(ref.explicit, true);
    assert.equal(text(ref.span), 'nn.init.xavier_uniform_(model[0].weight.data, gain=1.0)');
    assert.ok(ref.form.kind === 'torch-init');
    assert.equal(ref.form.style, 'call');
    assert.equal(ref.form.qualifier, 'nn.init.');
    assert.equal(ref.form.tensorText, 'model[0].weight');
    assert.equal(text(ref.form.nameSpan), 'xavier_uniform_');
  });

  it('a bare imported function has an empty qualifier; torch.nn.init. is kept as written', () => {
    const bare = refOf('from torch.nn.init import kaiming_normal_\nmodel = nn.Sequential(nn.Linear(4, 4))\nkaiming_normal_(model[0].weight)\n').ref.form;
    assert.ok(bare.kind === 'torch-init' && bare.qualifier === '' && bare.tensorText === 'model[0].weight');
    const full = refOf('model = nn.Sequential(nn.Linear(4, 4))\ntorch.nn.init.zeros_(model[0].weight)\n').ref.form;
    assert.ok(full.kind === 'torch-init' && full.qualifier === 'torch.nn.init.');
  });

  it("an in-place method: style 'method', the file's torch.nn path as qualifier, the tensor without .data", () => {
    const { ref, text } = refOf('model = nn.Sequential(nn.Linear(4, 4))\nmodel[0].weight.data.normal_(0, 0.01)\n');
    assert.ok(ref.form.kind === 'torch-init');
    assert.equal(ref.form.style, 'method');
    assert.equal(ref.form.qualifier, 'nn.');
    assert.equal(ref.form.tensorText, 'model[0].weight');
    assert.equal(text(ref.form.nameSpan), 'normal_');
    assert.equal(text(ref.span), 'model[0].weight.data.normal_(0, 0.01)');
    assert.deepEqual(ref.spec, { kind: 'absolute', name: 'normal_', distribution: 'normal', mean: 0, stddev: 0.01 });
  });

  it('the method qualifier follows how the file imports torch', () => {
    const source = 'import torch\nm = torch.nn.Sequential(torch.nn.Linear(2, 2))\nm[0].weight.data.zero_()\n';
    const form = extractFile(source, 'python').models[0].layers[0].kernelInitializer!.form;
    assert.ok(form.kind === 'torch-init' && form.qualifier === 'torch.nn.');
  });

  it('gains: calculate_gain, math.sqrt, arithmetic and variables resolve; the last assignment wins', () => {
    const { spec } = refOf(
      'g = nn.init.calculate_gain("leaky_relu", 0.2)\nmodel = nn.Sequential(nn.Linear(4, 4))\nnn.init.xavier_uniform_(model[0].weight, gain=math.sqrt(2))\nnn.init.xavier_normal_(model[0].weight, g * 2 / 2)\n',
    );
    assert.deepEqual(spec && { ...spec, scale: Number(spec.kind === 'variance_scaling' && spec.scale.toFixed(12)) }, { kind: 'variance_scaling', name: 'xavier_normal_', distribution: 'normal', mode: 'fan_avg', scale: Number((2 / 1.04).toFixed(12)) });
  });

  it('copy_ of a factory tensor under no_grad, and mul_ scaling an earlier initializer', () => {
    const copied = refOf('model = nn.Sequential(nn.Linear(4, 4))\nwith torch.no_grad():\n    model[0].weight.copy_(torch.zeros_like(model[0].weight))\n');
    assert.deepEqual(copied.spec, { kind: 'constant', name: 'zeros', value: 0 });
    const scaled = refOf('model = nn.Sequential(nn.Linear(4, 4))\nnn.init.normal_(model[0].weight, 0, 1)\nmodel[0].weight.data.mul_(0.1)\n');
    close(scaled.spec!.kind === 'absolute' ? scaled.spec!.stddev : NaN, 0.1, 'scaled stddev');
  });

  it('an argument that cannot be read leaves the spec unknown but the initializer explicit', () => {
    const { ref } = refOf('import cfg\nmodel = nn.Sequential(nn.Linear(4, 4))\nnn.init.normal_(model[0].weight, std=cfg.std)\n');
    assert.equal(ref.spec, undefined);
    assert.equal(ref.explicit, true);
  });
});

describe('torch extraction: models', () => {
  it('framework, a class model’s place (its __init__ and indent), a statement model’s place', () => {
    const { source, models } = modelsOf(
      'class Net(nn.Module):\n  def __init__(self):\n    super().__init__()\n    self.fc = nn.Linear(2, 2)\n  def forward(self, x):\n    return self.fc(x)\n' +
        'def build():\n    seq = nn.Sequential(nn.Linear(2, 2))\n    return seq\n',
    );
    assert.deepEqual(models.map((model) => [model.name, model.framework]), [['Net', 'torch'], ['seq', 'torch']]);
    const [net, seq] = models;
    assert.equal(net.torchPlace?.kind, 'class');
    if (net.torchPlace?.kind === 'class') {
      assert.equal(net.torchPlace.indent, '  ');
      assert.ok(source.slice(net.torchPlace.initSpan!.from, net.torchPlace.initSpan!.to).startsWith('def __init__(self):'));
      assert.ok(source.slice(net.torchPlace.classSpan.from, net.torchPlace.classSpan.to).startsWith('class Net'));
    }
    assert.deepEqual(seq.torchPlace && { ...seq.torchPlace, statementSpan: source.slice(seq.torchPlace.kind === 'statement' ? seq.torchPlace.statementSpan.from : 0, seq.torchPlace.kind === 'statement' ? seq.torchPlace.statementSpan.to : 0) }, {
      kind: 'statement', statementSpan: 'seq = nn.Sequential(nn.Linear(2, 2))', variable: 'seq', indent: '    ',
    });
  });

  it('a layer repeated an unknown number of times makes the depth unknown', () => {
    const { models } = modelsOf('import sys\ndepth = int(sys.argv[1])\nmodel = nn.Sequential(*[nn.Linear(8, 8) for _ in range(depth)])\n');
    assert.equal(models[0].depthKnown, false);
    assert.equal(models[0].layers[0].inUnknownLoop, true);
  });

  it('the input shape is stated by a first Linear, not by a first convolution', () => {
    const [mlp, cnn] = modelsOf('a = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))\nb = nn.Sequential(nn.Conv2d(1, 4, 3), nn.Flatten(), nn.Linear(4, 1))\n').models;
    assert.deepEqual(mlp.layers[0].inputShape, [784]);
    assert.equal(cnn.layers.some((layer) => layer.inputShape), false);
  });

  it('a block used by a model class is not a model of its own; a script’s instance is the model', () => {
    const { models } = modelsOf(
      'class Block(nn.Module):\n    def __init__(self, c):\n        super().__init__()\n        self.fc = nn.Linear(c, c)\n    def forward(self, x):\n        return self.fc(x)\n' +
        'class Net(nn.Module):\n    def __init__(self, c=4):\n        super().__init__()\n        self.block = Block(c)\n    def forward(self, x):\n        return self.block(x)\n' +
        'net = Net(c=32)\nnn.init.zeros_(net.block.fc.weight)\n',
    );
    assert.deepEqual(models.map((model) => model.name), ['Net']);
    assert.equal(models[0].layers[0].units, 32);
    assert.equal(models[0].layers[0].kernelInitializer?.spec?.name, 'zeros_');
  });

  it("a script's `if __name__ == '__main__':` block runs: sizes bound there are known", () => {
    const { models } = modelsOf(
      'class MLP(nn.Module):\n    def __init__(self, d, h):\n        super().__init__()\n        self.fc = nn.Linear(d, h)\n    def forward(self, x):\n        return self.fc(x)\n' +
        "if __name__ == '__main__':\n    hidden = 128\n    model = MLP(784, hidden)\n",
    );
    assert.deepEqual(models.map((model) => [model.name, model.layers[0].units, model.layers[0].statedFanIn]), [['MLP', 128, 784]]);
  });

  it('no torch import: nothing is read as PyTorch', () => {
    assert.deepEqual(extractFile('class Net(Module):\n    def __init__(self):\n        self.fc = nn.Linear(2, 2)\n', 'python').models, []);
  });
});

describe('torch layers: config in Keras’s parameter names, PyTorch’s defaults where they differ', () => {
  const layer = (call: string) => modelsOf(`m = nn.Sequential(${call})\n`).models[0].layers[0];
  const cases: [string, Record<string, unknown>][] = [
    ['nn.Conv2d(3, 8, 3, stride=2, padding=1)', { filters: 8, kernel_size: 3, strides: 2, padding: 'same', dilation_rate: 1, groups: 1, use_bias: true, in_channels: 3, padding_mode: 'zeros' }],
    ['nn.Conv2d(3, 8, (5, 3), padding=(2, 1), bias=False)', { filters: 8, kernel_size: [5, 3], strides: 1, padding: 'same', dilation_rate: 1, groups: 1, use_bias: false, in_channels: 3, padding_mode: 'zeros' }],
    ['nn.Conv1d(3, 8, 3)', { filters: 8, kernel_size: 3, strides: 1, padding: 'valid', dilation_rate: 1, groups: 1, use_bias: true, in_channels: 3, padding_mode: 'zeros' }],
    ['nn.Conv1d(3, 8, 3, padding=2)', { filters: 8, kernel_size: 3, strides: 1, padding: 2, dilation_rate: 1, groups: 1, use_bias: true, in_channels: 3, padding_mode: 'zeros' }],
    ['nn.ConvTranspose2d(8, 4, 4, 2, 1)', { filters: 4, kernel_size: 4, strides: 2, padding: 'same', groups: 1, use_bias: true, dilation_rate: 1, in_channels: 8 }],
    ['nn.MaxPool2d(2)', { pool_size: 2, padding: 'valid' }],
    ['nn.AvgPool1d(3, stride=1)', { pool_size: 3, strides: 1, padding: 'valid' }],
    ['nn.Dropout()', { rate: 0.5 }],
    ['nn.BatchNorm1d(64, eps=1e-3)', { num_features: 64, epsilon: 1e-3, momentum: 0.1, affine: true, track_running_stats: true }],
    ['nn.LayerNorm(64)', { normalized_shape: 64, epsilon: 1e-5, elementwise_affine: true }],
    ['nn.LeakyReLU()', { negative_slope: 0.01 }],
    ['nn.PReLU()', { negative_slope: 0.25 }],
    ['nn.ELU(alpha=0.5)', { alpha: 0.5 }],
    ['nn.Embedding(1000, 32)', { input_dim: 1000, output_dim: 32 }],
    ['nn.LSTM(10, 20, 2, batch_first=True)', { input_size: 10, hidden_size: 20, num_layers: 2, use_bias: true, batch_first: true, dropout: 0, bidirectional: false, nonlinearity: 'tanh' }],
  ];
  for (const [call, config] of cases) {
    it(call, () => assert.deepEqual(layer(call).config, config));
  }

  it('kinds, units and kernel sizes', () => {
    assert.deepEqual(
      ['nn.Conv3d(1, 2, 3)', 'nn.ConvTranspose1d(4, 2, 5)', 'nn.AdaptiveAvgPool2d((1, 1))', 'nn.AdaptiveMaxPool1d(4)', 'nn.RNN(4, 8, nonlinearity="relu")', 'nn.Transformer()'].map((call) => {
        const each = layer(call);
        return [each.kind, each.role, each.units, each.kernelSize, each.activation.name];
      }),
      [
        ['Conv3D', 'kernel', 2, [3, 3, 3], 'linear'],
        ['Conv1DTranspose', 'kernel', 2, [5], 'linear'],
        ['GlobalAveragePooling2D', 'passthrough', undefined, undefined, 'linear'],
        ['AdaptiveMaxPool1d', 'passthrough', undefined, undefined, 'linear'],
        ['SimpleRNN', 'kernel', 8, undefined, 'relu'],
        ['Transformer', 'other', undefined, undefined, 'unknown'],
      ],
    );
  });
});

describe('torch fans and simulation', () => {
  it('stated fans: PyTorch’s own for Linear, grouped Conv, ConvTranspose, Embedding and LSTM weights', () => {
    const { models } = modelsOf('m = nn.Sequential(nn.Linear(5, 7), nn.Conv2d(8, 6, 3, groups=2), nn.ConvTranspose2d(6, 4, 2), nn.Embedding(50, 3), nn.LSTM(3, 5))\n');
    assert.deepEqual(models[0].layers.map(statedFans), [
      { fanIn: 5, fanOut: 7 },
      { fanIn: 36, fanOut: 54 },
      { fanIn: 16, fanOut: 24 },
      { fanIn: 3, fanOut: 50 },
      { fanIn: 3, fanOut: 20 },
    ]);
  });

  it('orthogonal_ on a convolution: gain²/max(out, in·Πk), the matrix PyTorch flattens the weight to', () => {
    const { models } = modelsOf('m = nn.Sequential(nn.Conv2d(4, 32, 8), nn.Linear(512, 256))\nfor l in m:\n    nn.init.orthogonal_(l.weight, gain=math.sqrt(2))\n');
    const [conv, dense] = models[0].layers;
    const moments = (layer: LayerIR) => elementMoments(layer.kernelInitializer!.spec!, statedFans(layer)!, 'torch', kernelMatrix(layer, statedFans(layer)!));
    close(moments(conv).variance, 2 / 256, 'conv');
    close(moments(dense).variance, 2 / 512, 'dense');
  });

  it('kernelFans falls back on stated fans where no input shape lets shapes be followed', () => {
    const { models } = modelsOf('m = nn.Sequential(nn.Conv2d(3, 16, 3), nn.ReLU(), nn.Conv2d(16, 32, 3))\n');
    assert.deepEqual([...kernelFans(models[0])], [
      [0, { fanIn: 27, fanOut: 144 }],
      [2, { fanIn: 144, fanOut: 288 }],
    ]);
  });

  it('a default-initialized ReLU MLP: Var(W) = 1/(3·fan_in) per layer, the second moment shrinks about sixfold', () => {
    const { models } = modelsOf('m = nn.Sequential(nn.Linear(1024, 1024), nn.ReLU(), nn.Linear(1024, 1024), nn.ReLU(), nn.Linear(1024, 1024), nn.ReLU())\n');
    const flow = simulateModel(models[0], { monteCarlo: false });
    assert.equal(flow.notSimulated, undefined);
    assert.deepEqual(flow.inputShape, [1024]);
    for (const layer of flow.layers) close(layer.initializer.variance, 1 / (3 * 1024), layer.name);
    // q_l = fan_in·Var(W)·E[relu(z)²] + Var(b) = q_{l-1}/6 + 1/(3·1024), with q_0 = 1 at the input.
    let q = 1;
    for (const layer of flow.layers) {
      const pre = (layer === flow.layers[0] ? q : q / 2) * (1024 / (3 * 1024)) + 1 / (3 * 1024);
      q = pre;
      close(layer.analytic.activationRms, Math.sqrt(pre / 2), `${layer.name} activation RMS`, 1e-6);
    }
    const [first, second] = flow.layers;
    const ratio = (second.analytic.activationRms / first.analytic.activationRms) ** 2;
    assert.ok(ratio > 1 / 6.5 && ratio < 1 / 5, `second-moment ratio ${ratio}`);
  });
});

describe('torch models under the existing rules', () => {
  const rulesOf = (code: string) => analyze(`${TORCH}${code}`, 'python').findings.map((finding) => `${finding.ruleId}@${finding.span.from}`);

  it('zero-init flags an nn.init.zeros_ on a hidden layer at the call, not on the output layer', () => {
    const code = 'model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))\nnn.init.zeros_(model[0].weight)\nnn.init.zeros_(model[2].weight)\n';
    const at = TORCH.length + code.indexOf('nn.init.zeros_(model[0]');
    const found = rulesOf(code).filter((id) => id.startsWith('zero-init'));
    assert.deepEqual(found, [`zero-init@${at}`]);
  });

  it('init-scale flags normal_(w, 0, 1) on 784 ReLU inputs', () => {
    const code = 'model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))\nnn.init.normal_(model[0].weight, 0, 1)\n';
    assert.ok(rulesOf(code).includes(`init-scale@${TORCH.length + code.indexOf('nn.init.normal_')}`));
  });

  it('constant-init flags fill_(0.5)', () => {
    const code = 'model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))\nmodel[0].weight.data.fill_(0.5)\n';
    assert.ok(rulesOf(code).includes(`constant-init@${TORCH.length + code.indexOf('model[0].weight.data.fill_')}`));
  });
});

describe('torch extraction on absurd sizes', () => {
  // Fuzz seed 777: listing every parameter name of a 2³¹-layer LSTM exhausted a Map.
  it('an LSTM stack of 2**31 layers is read without listing its parameters, and its defaults still apply', () => {
    const source = 'import torch.nn as nn\nmodel = nn.Sequential(nn.Embedding(100, 16), nn.LSTM(16, 32, num_layers=2**31))\n';
    const [model] = extractFile(source, 'python').models;
    const lstm = model.layers.find((layer) => layer.kind === 'LSTM');
    assert.equal(lstm?.kernelInitializer?.spec?.name, 'uniform_(±1/sqrt(hidden_size))');
    assert.doesNotThrow(() => analyze(source, 'python'));
  });
});

describe('the recommended PyTorch model', () => {
  it('draws kaiming_normal_ as torch does, an untruncated normal of variance 2/fan_in', () => {
    const source = 'import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 1))\nnn.init.xavier_normal_(model[0].weight)\n';
    const [model] = extractFile(source, 'python').models;
    const flow = simulateModel(model, { init: 'recommended', monteCarlo: false });
    assert.equal(flow.notSimulated, undefined);
    const first = flow.layers[0];
    assert.equal(first.initializer.distribution, 'normal');
    assert.ok(Math.abs(first.initializer.variance / (2 / 64) - 1) < 1e-12, `variance ${first.initializer.variance}`);
  });
});
