// The CLI's contract (DESIGN.md): JSON shape, 1-based positions, exit codes 0/1/2.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const root = path.join(__dirname, '..', '..', '..');
const cli = path.join(root, 'dist', 'cli.js');

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  assert.ok(fs.existsSync(cli), 'dist/cli.js is missing: run `npm run build` first');
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface JsonReport {
  version: number;
  files: { path: string; language: string; diagnostics: { rule: string; severity: string; cell?: number; line: number; column: number; endLine: number; endColumn: number; fixes: { edits: { cell?: number; line: number; column: number; text: string }[] }[] }[] }[];
}

describe('initlint check', () => {
  it('reports the examples as JSON with 1-based positions and exits 1', () => {
    const { status, stdout, stderr } = run(['check', 'examples', '--format', 'json']);
    assert.equal(stderr, '');
    assert.equal(status, 1);
    const report = JSON.parse(stdout) as JsonReport;
    assert.equal(report.version, 1);
    // examples/pytorch/ is the PyTorch extraction's to assert (test/unit/extract-torch.test.ts).
    report.files = report.files.filter((file) => !file.path.startsWith('examples/pytorch/'));
    const place = (d: JsonReport['files'][number]['diagnostics'][number]) => `${d.cell !== undefined ? `cell ${d.cell}:` : ''}${d.line}`;
    const byFile = Object.fromEntries(report.files.map((file) => [path.basename(file.path), file.diagnostics.map((d) => `${d.rule}@${place(d)}:${d.severity}`)]));
    assert.deepEqual(byFile, {
      'constant_init.py': ['constant-init@10:warning', 'init-activation-mismatch@14:warning'],
      'correct_model.py': [],
      'mlp_relu_defaults.py': ['default-init-mismatch@13:information', 'default-init-mismatch@14:information', 'default-init-mismatch@15:information'],
      'zero_hidden_layer.py': ['zero-init@10:error'],
      'tf1_layers.py': ['zero-init@8:warning', 'init-activation-mismatch@9:warning'],
      'mnist_mlp.ts': ['default-init-mismatch@8:information', 'zero-init@9:warning'],
      'residual_block.js': ['init-activation-mismatch@7:warning'],
      'keras_mnist_cnn.ipynb': ['init-activation-mismatch@cell 5:5:warning'],
      'pytorch_regressor_zero_init.ipynb': ['zero-init@cell 5:10:warning'],
    });
    assert.deepEqual(Object.fromEntries(report.files.map((file) => [path.basename(file.path), file.language])), {
      'constant_init.py': 'python', 'correct_model.py': 'python', 'mlp_relu_defaults.py': 'python', 'zero_hidden_layer.py': 'python',
      'tf1_layers.py': 'python', 'mnist_mlp.ts': 'typescript', 'residual_block.js': 'javascript',
      'keras_mnist_cnn.ipynb': 'ipynb', 'pytorch_regressor_zero_init.ipynb': 'ipynb',
    });
    const zero = report.files.find((file) => file.path.endsWith('zero_hidden_layer.py'))!.diagnostics[0];
    const line = fs.readFileSync(path.join(root, 'examples', 'zero_hidden_layer.py'), 'utf8').split('\n')[zero.line - 1];
    assert.equal(line.slice(zero.column - 1, zero.endColumn - 1), '"zeros"');
    assert.deepEqual(zero.fixes[0].edits, [{ line: zero.line, column: zero.column, endLine: zero.line, endColumn: zero.endColumn, text: '"glorot_uniform"' }]);
    assert.equal(report.files[0].language, 'python');

    // The notebook example's mismatch: cell 5's Conv2D, whose ReLU comes in cell 6; the fix is in cell 5.
    const notebook = JSON.parse(fs.readFileSync(path.join(root, 'examples', 'notebooks', 'keras_mnist_cnn.ipynb'), 'utf8')) as { cells: { source: string[] }[] };
    const mismatch = report.files.find((file) => file.path.endsWith('keras_mnist_cnn.ipynb'))!.diagnostics[0];
    const cellLine = notebook.cells[mismatch.cell!].source[mismatch.line - 1];
    assert.equal(cellLine.slice(mismatch.column - 1, mismatch.endColumn - 1), '"glorot_normal"');
    assert.deepEqual(mismatch.fixes[0].edits, [{ cell: 5, line: mismatch.line, column: mismatch.column, endLine: mismatch.line, endColumn: mismatch.endColumn, text: '"he_normal"' }]);
  });

  it('exits 0 on a clean file and on information-only findings', () => {
    assert.equal(run(['check', 'examples/correct_model.py']).status, 0);
    const { status, stdout } = run(['check', 'examples/mlp_relu_defaults.py']);
    assert.equal(status, 0);
    assert.match(stdout, /3 problems \(3 information\)/);
  });

  it('exits 2 with a one-line message for an unreadable path and still reports the others', () => {
    const { status, stdout, stderr } = run(['check', 'no/such/file.py', 'examples/zero_hidden_layer.py', '--format', 'json']);
    assert.equal(status, 2);
    assert.equal(stderr.trim().split('\n').length, 1);
    assert.match(stderr, /^initlint: cannot check no\/such\/file\.py: no such file or directory$/m);
    assert.equal((JSON.parse(stdout) as JsonReport).files[0].diagnostics[0].rule, 'zero-init');
  });

  it('exits 2 on bad usage', () => {
    assert.equal(run([]).status, 2);
    assert.equal(run(['check']).status, 2);
    const badFormat = run(['check', 'examples', '--format', 'xml']);
    assert.equal(badFormat.status, 2);
    assert.match(badFormat.stderr, /--format must be one of text, json, sarif; received 'xml'/);
    assert.equal(run(['lint', 'examples']).status, 2);
  });

  it('survives a folder with a symlink loop and a file with broken syntax', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'initlint-cli-'));
    fs.writeFileSync(path.join(folder, 'broken.py'), 'import keras\nm = keras.Sequential([keras.layers.Dense(4, kernel_initializer="zeros"), keras.layers.Dense(\n');
    fs.symlinkSync(folder, path.join(folder, 'loop'));
    const { status, stdout } = run(['check', folder, '--format', 'json']);
    assert.equal(status, 1);
    const report = JSON.parse(stdout) as JsonReport;
    assert.equal(report.files.length, 1);
    assert.deepEqual(report.files[0].diagnostics.map((d) => d.rule), ['zero-init']);
  });

  it('writes SARIF 2.1.0', () => {
    const { stdout } = run(['check', 'examples/zero_hidden_layer.py', '--format', 'sarif']);
    const sarif = JSON.parse(stdout) as { version: string; runs: { results: { ruleId: string; level: string }[] }[] };
    assert.equal(sarif.version, '2.1.0');
    assert.deepEqual(sarif.runs[0].results.map((r) => [r.ruleId, r.level]), [['zero-init', 'error']]);
  });
});

interface SimulationJson {
  version: number;
  seed: number;
  batch: number;
  models: {
    name: string;
    line: number;
    inputShape: number[];
    layers: {
      index: number; name: string; type: string; line: number; fanIn: number; fanOut: number; activation: string;
      initializer: { name: string; distribution: string; variance: number };
      analytic: { activationRms: number; gradientRms: number; symmetric: boolean };
      monteCarlo: { activationRms: { mean: number; std: number }; gradientRms: { mean: number; std: number }; deadFraction: number; saturatedFraction: number };
    }[];
  }[];
}

describe('initlint simulate', () => {
  const simulateJson = (...extra: string[]): SimulationJson => {
    const { status, stdout, stderr } = run(['simulate', 'examples/mlp_relu_defaults.py', '--format', 'json', ...extra]);
    assert.equal(stderr, '');
    assert.equal(status, 0);
    return JSON.parse(stdout) as SimulationJson;
  };

  it('prints the contract: per kernel layer, fans, initializer, analytic and Monte-Carlo estimates', () => {
    const report = simulateJson();
    assert.deepEqual([report.version, report.seed, report.batch], [1, 0, 128]);
    const [model] = report.models;
    assert.deepEqual([model.name, model.line, model.inputShape], ['mnist_mlp', 10, [784]]);
    assert.deepEqual(model.layers.map((l) => [l.index, l.name, l.type, l.line, l.fanIn, l.fanOut, l.activation]), [
      [0, 'dense', 'Dense', 13, 784, 512, 'relu'],
      [1, 'dense_1', 'Dense', 14, 512, 512, 'relu'],
      [2, 'dense_2', 'Dense', 15, 512, 256, 'relu'],
      [3, 'dense_3', 'Dense', 16, 256, 10, 'softmax'],
    ]);
    const first = model.layers[0];
    // glorot_uniform: Var(W) = 2/(fan_in + fan_out); the first ReLU sees q = 784·Var(W) and keeps q/2.
    assert.deepEqual([first.initializer.name, first.initializer.distribution], ['glorot_uniform', 'uniform']);
    assert.ok(Math.abs(first.initializer.variance / (2 / (784 + 512)) - 1) < 1e-12);
    assert.ok(Math.abs(first.analytic.activationRms - Math.sqrt((784 * 2) / (784 + 512) / 2)) < 1e-12);
    assert.equal(first.analytic.symmetric, false);
    for (const layer of model.layers) {
      assert.ok(Math.abs(Math.log10(layer.monteCarlo.activationRms.mean / layer.analytic.activationRms)) < 0.05, `${layer.name}: Monte Carlo agrees`);
      assert.ok(layer.monteCarlo.activationRms.std > 0 && layer.monteCarlo.gradientRms.std > 0);
    }
  });

  it('--init recommended flattens the ReLU layers (He keeps E[x²] = 1)', () => {
    const current = simulateJson().models[0].layers;
    const recommended = simulateJson('--init', 'recommended').models[0].layers;
    assert.deepEqual(recommended.map((l) => l.initializer.name), ['he_uniform', 'he_uniform', 'he_uniform', 'glorot_uniform']);
    for (const layer of recommended.slice(0, 3)) assert.ok(Math.abs(layer.analytic.activationRms - 1) < 1e-12);
    assert.ok(current[2].analytic.activationRms < 0.5, 'Glorot on ReLU loses scale layer by layer');
  });

  it('same seed, same numbers; --seed changes the Monte-Carlo draws only', () => {
    assert.deepEqual(simulateJson('--seed', '3'), simulateJson('--seed', '3'));
    const other = simulateJson('--seed', '4').models[0].layers[1];
    const base = simulateJson('--seed', '3').models[0].layers[1];
    assert.deepEqual(other.analytic, base.analytic);
    assert.notDeepEqual(other.monteCarlo, base.monteCarlo);
  });

  it('prints a readable table with the gradient ratio', () => {
    const { status, stdout } = run(['simulate', 'examples/mlp_relu_defaults.py']);
    assert.equal(status, 0);
    assert.match(stdout, /model 'mnist_mlp' · current initializers · seed 0, batch 128/);
    assert.match(stdout, /^ +0 +dense +Dense +784→512 +relu +glorot_uniform/m);
    assert.match(stdout, /first\/last layer gradient ratio: analytic [\d.e+-]+, Monte Carlo [\d.e+-]+/);
  });

  it('exits 2 with one line on bad usage, an unreadable file, or a model that is not there', () => {
    const cases: [string[], RegExp][] = [
      [['simulate'], /simulate takes exactly one file/],
      [['simulate', 'no/such.py'], /cannot simulate no\/such\.py: no such file or directory/],
      [['simulate', 'examples/mlp_relu_defaults.py', '--format', 'sarif'], /--format must be one of text, json; received 'sarif'/],
      [['simulate', 'examples/mlp_relu_defaults.py', '--batch', '0'], /--batch must be a positive integer; received '0'/],
      [['simulate', 'examples/mlp_relu_defaults.py', '--init', 'best'], /--init must be current or recommended/],
      [['simulate', 'examples/mlp_relu_defaults.py', '--model', 'nope'], /no model named 'nope' in examples\/mlp_relu_defaults\.py \(models: 'mnist_mlp'\)/],
    ];
    for (const [args, message] of cases) {
      const { status, stderr } = run(args);
      assert.equal(status, 2, args.join(' '));
      assert.equal(stderr.trim().split('\n').length, 1);
      assert.match(stderr, message);
    }
  });
});
