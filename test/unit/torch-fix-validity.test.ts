// Fixed PyTorch stays PyTorch: every `.py` file of test/fixtures/pytorch/ and examples/pytorch/,
// with all of its fixes applied at once, compiles with CPython; a second fix-all changes nothing;
// the initialization a fix inserts is read back as explicit; and, with PyTorch as the oracle,
// the fixed file runs under Debian's python3-torch: its module-level models are built and every
// nn.Module class it defines that can be built without arguments is built, so the inserted
// `_reset_parameters` methods and `nn.init` calls really execute. Without torch that part is
// skipped, loudly.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyze, type Analysis } from '../../src/core';
import { elementMoments } from '../../src/core/catalog/variance';
import { assertCompiles, fixAll, pythonFiles, root, type FixCase } from './python-tools';

const FOLDERS = ['test/fixtures/pytorch', 'examples/pytorch'];
/** Debian's interpreter, which has python3-torch; `python3` on PATH may not. */
const TORCH_PYTHON = '/usr/bin/python3';

/**
 * Runs each file as a module (not as __main__, so training scripts stay idle), then builds every
 * nn.Module subclass the file defines whose constructor needs no argument. Prints one JSON line
 * per file: the classes built and the error, if any.
 */
const BUILD_ALL = `
import inspect, json, runpy, sys, traceback
import torch
torch.manual_seed(0)
for source in sys.argv[1:]:
    built, error = [], None
    try:
        namespace = runpy.run_path(source, run_name='initlint_fixed')
        for name, value in list(namespace.items()):
            if inspect.isclass(value) and issubclass(value, torch.nn.Module) and value.__module__ == 'initlint_fixed':
                required = [p for p in list(inspect.signature(value.__init__).parameters.values())[1:]
                            if p.default is inspect.Parameter.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
                if not required:
                    value()
                    built.append(name)
    except Exception:
        error = traceback.format_exc(limit=3)
    print(json.dumps({'file': source, 'built': built, 'error': error}))
`;

/**
 * Builds every module-level nn.Module of each file (seeded) and prints, per file, one JSON line:
 * for each such model (by variable and class name) the variance, fourth central moment, size and
 * torch's own fans of every weight with two or more dimensions, by module path.
 */
const MEASURE_ALL = `
import json, runpy, sys
import torch
torch.set_num_threads(1)
for source in sys.argv[1:]:
    torch.manual_seed(0)
    namespace = runpy.run_path(source, run_name='initlint_fixed')
    rows = []
    for variable, value in namespace.items():
        if not isinstance(value, torch.nn.Module):
            continue
        for path, module in value.named_modules():
            weight = getattr(module, 'weight', None)
            if not isinstance(weight, torch.Tensor) or weight.dim() < 2:
                continue
            values = weight.detach().double().flatten()
            fan_in, fan_out = torch.nn.init._calculate_fan_in_and_fan_out(weight)
            mean = values.mean()
            rows.append({'variable': variable, 'className': type(value).__name__, 'module': path,
                         'variance': values.var(unbiased=False).item(), 'fourth': (values - mean).pow(4).mean().item(),
                         'count': values.numel(), 'fanIn': fan_in, 'fanOut': fan_out})
    print(json.dumps(rows))
`;

interface Measured {
  variable: string;
  className: string;
  module: string;
  variance: number;
  fourth: number;
  count: number;
  fanIn: number;
  fanOut: number;
}

function torchAvailable(): boolean {
  const run = spawnSync(TORCH_PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  return !run.error && run.status === 0;
}

/**
 * Programs beside the fixtures for what they do not exercise: a leaky slope and SELU written by
 * the insertion, a ModuleList whose length is a constructor argument built with another one than
 * its default (a loop over the list must reach every element), bare imported and aliased nn.init.
 */
const INLINE: Record<string, string> = {
  'leaky_selu_defaults.py': `import torch.nn as nn

leaky = nn.Sequential(nn.Linear(256, 256), nn.LeakyReLU(0.2), nn.Linear(256, 256), nn.LeakyReLU(0.2), nn.Linear(256, 10))
selu = nn.Sequential(nn.Linear(256, 256), nn.SELU(), nn.Linear(256, 1))
`,
  'module_list_argument.py': `import torch.nn as nn
import torch.nn.functional as F


class MLP(nn.Module):
    def __init__(self, width=128, depth=3):
        super().__init__()
        self.hidden = nn.ModuleList([nn.Linear(width, width) for _ in range(depth)])
        self.head = nn.Linear(width, 1)

    def forward(self, x):
        for layer in self.hidden:
            x = F.relu(layer(x))
        return self.head(x)


model = MLP(depth=5)
`,
  'bare_and_alias.py': `import torch
from torch import nn
from torch.nn import init
from torch.nn.init import xavier_uniform_


def init_weights(m):
    if type(m) == nn.Linear:
        init.xavier_normal_(m.weight)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(300, 200)
        self.fc2 = nn.Linear(200, 10)
        xavier_uniform_(self.fc1.weight)
        with torch.no_grad():
            self.fc2.weight.normal_(0.0, 0.01)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))


model = Net()
seq = nn.Sequential(nn.Linear(100, 100), nn.ReLU(), nn.Linear(100, 100), nn.ReLU(), nn.Linear(100, 1))
seq.apply(init_weights)
`,
};

describe('PyTorch fixes stay valid PyTorch', () => {
  const files = FOLDERS.flatMap(pythonFiles);
  const cases: FixCase[] = [
    ...files.map((file) => ({ file, source: fs.readFileSync(path.join(root, file), 'utf8') })),
    ...Object.entries(INLINE).map(([name, source]) => ({ file: `(inline) ${name}`, source })),
  ].map(({ file, source }) => ({ file, source, ...fixAll(source) }));
  let temp = '';
  const fixedPaths: string[] = [];
  before(() => {
    temp = fs.mkdtempSync(path.join(os.tmpdir(), 'initlint-torch-'));
    cases.forEach((item, index) => {
      const target = path.join(temp, `${index}_${path.basename(item.file).replace(/^\(inline\) /, '')}`);
      fs.writeFileSync(target, item.fixed);
      fixedPaths.push(target);
    });
  });
  after(() => fs.rmSync(temp, { recursive: true, force: true }));

  it('finds PyTorch models in the fixtures and fixes in most of them', () => {
    assert.ok(files.length >= 10, `expected the PyTorch fixtures and examples, found ${files.length} files`);
    for (const item of cases) assert.ok(item.analysis.file.models.some((model) => model.framework === 'torch'), `${item.file}: no PyTorch model found`);
    const changed = cases.filter((item) => item.fixed !== item.source).length;
    assert.ok(changed >= files.length / 2, `fix-all changed only ${changed} of ${files.length} files`);
  });

  it('every file, as written and after fix-all, compiles with python3 -m py_compile', () => {
    const written = cases.map((item, index) => {
      const original = path.join(temp, `${index}_original_${path.basename(item.file).replace(/^\(inline\) /, '')}`);
      fs.writeFileSync(original, item.source);
      return original;
    });
    assertCompiles([...written, ...fixedPaths]);
  });

  it('a second fix-all changes nothing', () => {
    for (const item of cases) assert.equal(fixAll(item.fixed).fixed, item.fixed, `${item.file}: fix-all is not a fixed point`);
  });

  it('initialization a fix inserts is read back as explicit, and fits', () => {
    const mismatches = (analysis: Analysis, fixable: boolean | undefined) =>
      analysis.findings.filter((finding) => (finding.ruleId === 'default-init-mismatch' || finding.ruleId === 'init-activation-mismatch') && (fixable === undefined || Boolean(finding.fix) === fixable)).length;
    const explicitLayers = (analysis: Analysis) => analysis.file.models.flatMap((model) => model.layers).filter((layer) => layer.kernelInitializer?.explicit).length;
    let inserted = 0;
    for (const item of cases) {
      if (!item.analysis.findings.some((finding) => finding.ruleId === 'default-init-mismatch' && finding.fix)) continue;
      inserted++;
      const after = analyze(item.fixed, 'python');
      // What the fixes left (findings that had none) may remain; nothing the fixes wrote may be judged wrong.
      assert.ok(mismatches(after, undefined) <= mismatches(item.analysis, false), `${item.file}: the inserted initialization is not read back as fitting`);
      assert.ok(explicitLayers(after) > explicitLayers(item.analysis), `${item.file}: no layer became explicitly initialized`);
    }
    assert.ok(inserted > 0, 'no fixture relies on a mismatched default: the insertion fix is untested');
  });

  it('every fixed file runs under python3-torch and builds its models', (t) => {
    if (!torchAvailable()) {
      // Loud on purpose: this is the oracle part of the suite.
      console.warn(`\n*** SKIPPED: ${TORCH_PYTHON} cannot import torch; the fixed PyTorch files were compiled but not run. ***\n`);
      t.skip(`${TORCH_PYTHON} has no torch (install Debian's python3-torch)`);
      return;
    }
    const run = spawnSync(TORCH_PYTHON, ['-c', BUILD_ALL, ...fixedPaths], { encoding: 'utf8', timeout: 300_000 });
    assert.ok(!run.error, `${TORCH_PYTHON} could not be run: ${run.error?.message}`);
    assert.equal(run.status, 0, run.stderr);
    const results = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { file: string; built: string[]; error: string | null });
    assert.equal(results.length, cases.length);
    const failures = results.flatMap((result, index) => (result.error ? [`${cases[index].file}:\n${result.error}`] : []));
    assert.deepEqual(failures, [], 'fixed files that do not run');
    const built = results.reduce((sum, result) => sum + result.built.length, 0);
    assert.ok(built >= cases.length / 2, `only ${built} nn.Module classes were built`);
    console.log(`# torch-fix-validity: ${cases.length} fixed files ran under PyTorch, ${built} nn.Module classes built`);
  });

  it('every kernel a fix changed has, under PyTorch, the variance the fixed file is analyzed to have', (t) => {
    if (!torchAvailable()) {
      console.warn(`\n*** SKIPPED: ${TORCH_PYTHON} cannot import torch; the variances the fixes write were not measured. ***\n`);
      t.skip(`${TORCH_PYTHON} has no torch (install Debian's python3-torch)`);
      return;
    }
    const run = spawnSync(TORCH_PYTHON, ['-c', MEASURE_ALL, ...fixedPaths], { encoding: 'utf8', timeout: 300_000 });
    assert.ok(!run.error, `${TORCH_PYTHON} could not be run: ${run.error?.message}`);
    assert.equal(run.status, 0, run.stderr);
    const measured = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Measured[]);
    const rows: string[][] = [];
    const failures: string[] = [];
    cases.forEach((item, index) => {
      const after = analyze(item.fixed, 'python');
      for (const model of after.file.models) {
        const before = item.analysis.file.models.find((candidate) => candidate.name === model.name && candidate.layers.length === model.layers.length);
        model.layers.forEach((layer, layerIndex) => {
          const spec = layer.kernelInitializer?.spec;
          const old = before?.layers[layerIndex].kernelInitializer?.spec;
          if (!spec || !before || JSON.stringify(spec) === JSON.stringify(old)) return;
          const row = measured[index].find((candidate) => (candidate.variable === model.name || candidate.className === model.name) && candidate.module === layer.name);
          if (!row) return;
          const predicted = elementMoments(spec, { fanIn: row.fanIn, fanOut: row.fanOut }, 'torch').variance;
          // The sample variance's standard error, from the sample's own fourth moment.
          const standardError = Math.sqrt(Math.max(row.fourth - row.variance ** 2, 0) / row.count);
          const z = (row.variance - predicted) / standardError;
          rows.push([path.basename(item.file), `${model.name}.${layer.name}`, spec.name, predicted.toPrecision(4), row.variance.toPrecision(4), z.toFixed(2)]);
          if (!(Math.abs(z) <= 5)) failures.push(`${item.file} ${layer.name}: predicted ${predicted}, measured ${row.variance} (z = ${z.toFixed(1)})`);
        });
      }
    });
    console.log(['# kernels the fixes changed: file, layer, initializer, predicted Var(W), measured Var(W), z', ...rows.map((row) => `#   ${row.join('  ')}`)].join('\n'));
    assert.deepEqual(failures, [], 'fixed kernels whose measured variance is not the predicted one (|z| > 5)');
    assert.ok(rows.length >= 10, `only ${rows.length} changed kernels could be measured`);
  });
});
