// Configuration files: `[tool.initlint]` in pyproject.toml (kebab-case) and "initlint" in
// package.json (camelCase); precedence of layers; bad input warns and falls back, never throws.
// Then the CLI end to end: the nearest config file changes findings and exit codes.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyze, analyzeOptionsOf, DEFAULT_CONFIG, mergeConfigs, readConfigFile, type InitlintConfig } from '../../src/core';

describe('pyproject.toml [tool.initlint]', () => {
  it('reads kebab-case keys, an inline rules table and the option groups', () => {
    const result = readConfigFile('pyproject', [
      '[project]', 'name = "demo"', '',
      '[tool.initlint]', 'enable = true', 'rules = { zero-init = "error", default-init-mismatch = "off" }', '',
      '[tool.initlint.zero-init]', 'allow-output-layer = false', '',
      '[tool.initlint.gradient-flow]', 'vanishing-threshold = 0.001', 'exploding-threshold = 1000', '',
    ].join('\n'));
    assert.deepEqual(result, {
      found: true,
      config: { enable: true, rules: { 'zero-init': 'error', 'default-init-mismatch': 'off' }, allowOutputLayer: false, vanishingThreshold: 0.001, explodingThreshold: 1000 },
      warnings: [],
    });
  });

  it('reads rules written as their own table', () => {
    const result = readConfigFile('pyproject', '[tool.initlint.rules]\nconstant-init = "hint"\n');
    assert.deepEqual(result.config, { rules: { 'constant-init': 'hint' } });
    assert.deepEqual(result.warnings, []);
  });

  it('is not found in a pyproject.toml without [tool.initlint], nor in an empty file', () => {
    assert.deepEqual(readConfigFile('pyproject', '[tool.ruff]\nline-length = 100\n'), { found: false, config: {}, warnings: [] });
    assert.deepEqual(readConfigFile('pyproject', ''), { found: false, config: {}, warnings: [] });
  });

  it('ignores camelCase keys with a warning that gives the kebab-case spelling', () => {
    const result = readConfigFile('pyproject', '[tool.initlint]\nzeroInit = { allowOutputLayer = false }\n[tool.initlint.zero-init]\nallowOutputLayer = false\n');
    assert.deepEqual(result.config, {});
    assert.deepEqual(result.warnings, [
      "unknown key 'tool.initlint.zeroInit' ignored; pyproject.toml spells it 'zero-init'",
      "unknown key 'tool.initlint.zero-init.allowOutputLayer' ignored; pyproject.toml spells it 'allow-output-layer'",
    ]);
  });

  it('drops unknown rule ids, unknown severities and values of the wrong type, keeping the rest', () => {
    const result = readConfigFile('pyproject', [
      '[tool.initlint]', 'enable = "yes"', 'colour = "blue"',
      'rules = { zero-init = "warn", zero-inti = "off", constant-init = "error" }',
      '[tool.initlint.gradient-flow]', 'vanishing-threshold = 2', 'exploding-threshold = 50',
    ].join('\n'));
    assert.deepEqual(result.config, { rules: { 'constant-init': 'error' }, explodingThreshold: 50 });
    assert.equal(result.warnings.length, 5);
    assert.equal(result.warnings[0], "'tool.initlint.enable' must be true or false; received 'yes'");
    assert.equal(result.warnings[1], "'tool.initlint.gradient-flow.vanishing-threshold' must be a number between 0 and 1; received 2");
    assert.equal(result.warnings[2], "'tool.initlint.rules.zero-init' must be one of off, error, warning, information, hint, default; received 'warn'");
    assert.match(result.warnings[3], /^unknown rule id 'zero-inti' in 'tool\.initlint\.rules' \(known: .*zero-init.*\)$/);
    assert.match(result.warnings[4], /^unknown key 'tool\.initlint\.colour' ignored \(known here: .*enable.*\)$/);
  });

  it('rejects a section or a group that is not a table', () => {
    assert.deepEqual(readConfigFile('pyproject', '[tool]\ninitlint = 3\n'), { found: true, config: {}, warnings: ["'tool.initlint' must be a table of options; received 3"] });
    const result = readConfigFile('pyproject', '[tool.initlint]\nzero-init = "error"\nrules = ["zero-init"]\n');
    assert.deepEqual(result.config, { rules: {} });
    assert.deepEqual(result.warnings, [
      "'tool.initlint.rules' must be a table of rule id → severity; received a list",
      "'tool.initlint.zero-init' must be a table; received 'error'",
    ]);
  });

  it('reports broken TOML once, with its line, and yields no options', () => {
    const result = readConfigFile('pyproject', '[tool.initlint]\nenable = yes\n');
    assert.equal(result.found, false);
    assert.deepEqual(result.config, {});
    assert.deepEqual(result.warnings, []);
    assert.match(result.error ?? '', /^not valid TOML \(line 2, column \d+\): /);
    assert.equal(result.error?.includes('\n'), false);
  });
});

describe('package.json "initlint"', () => {
  it('reads camelCase keys', () => {
    const text = JSON.stringify({ name: 'demo', initlint: { enable: false, rules: { 'zero-init': 'error' }, zeroInit: { allowOutputLayer: false }, gradientFlow: { explodingThreshold: 10 } } });
    assert.deepEqual(readConfigFile('package-json', text), {
      found: true,
      config: { enable: false, rules: { 'zero-init': 'error' }, allowOutputLayer: false, explodingThreshold: 10 },
      warnings: [],
    });
  });

  it('ignores kebab-case keys with a warning that gives the camelCase spelling', () => {
    const result = readConfigFile('package-json', JSON.stringify({ initlint: { 'zero-init': { 'allow-output-layer': false } } }));
    assert.deepEqual(result.config, {});
    assert.deepEqual(result.warnings, ["unknown key 'initlint.zero-init' ignored; package.json spells it 'zeroInit'"]);
  });

  it('is not found without the key; broken JSON is one error; a BOM is fine', () => {
    assert.equal(readConfigFile('package-json', '{"name": "demo"}').found, false);
    assert.equal(readConfigFile('package-json', '[1, 2]').found, false);
    const broken = readConfigFile('package-json', '{"initlint": {"enable": false,}}');
    assert.equal(broken.found, false);
    assert.match(broken.error ?? '', /^not valid JSON: /);
    assert.deepEqual(readConfigFile('package-json', '\uFEFF{"initlint": {"enable": false}}').config, { enable: false });
  });
});

describe('layers of configuration', () => {
  it('later layers win key by key, rule severities merge per rule, and the defaults fill the rest', () => {
    const file = { enable: false, allowOutputLayer: false, rules: { 'zero-init': 'error', 'constant-init': 'off' } } as const;
    const explicit = { enable: true, rules: { 'zero-init': 'hint' } } as const;
    assert.deepEqual(mergeConfigs(file, explicit), {
      enable: true,
      allowOutputLayer: false,
      vanishingThreshold: DEFAULT_CONFIG.vanishingThreshold,
      explodingThreshold: DEFAULT_CONFIG.explodingThreshold,
      rules: { 'zero-init': 'hint', 'constant-init': 'off' },
    });
    assert.deepEqual(mergeConfigs(undefined, {}), { ...DEFAULT_CONFIG, rules: {} });
    assert.deepEqual(DEFAULT_CONFIG.rules, {}, 'merging must not write into the defaults');
  });

  it('allow-output-layer = false makes zero-init report the output layer', () => {
    const code = 'import keras\nfrom keras import layers\nm = keras.Sequential([\n    keras.Input(shape=(16,)),\n    layers.Dense(32, activation="tanh"),\n    layers.Dense(10, kernel_initializer="zeros"),\n])\n';
    const zeroLines = (config: InitlintConfig) => analyze(code, 'python', analyzeOptionsOf(mergeConfigs(config))).findings.filter((f) => f.ruleId === 'zero-init').length;
    assert.equal(zeroLines({}), 0);
    assert.equal(zeroLines(readConfigFile('pyproject', '[tool.initlint.zero-init]\nallow-output-layer = false\n').config), 1);
  });
});

// ---- the CLI, end to end ---------------------------------------------------------------------

const root = path.join(__dirname, '..', '..', '..');
const cli = path.join(root, 'dist', 'cli.js');

const MODEL = `import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(16,)),
    layers.Dense(32, activation="tanh", kernel_initializer="zeros"),
    layers.Dense(32, activation="tanh", kernel_initializer=keras.initializers.Constant(0.5)),
    layers.Dense(10, kernel_initializer="zeros"),
])
`;

interface Diagnostic { rule: string; severity: string; line: number }

function check(cwd: string, args: string[]): { status: number | null; findings: string[]; files: string[]; stderr: string[] } {
  assert.ok(fs.existsSync(cli), 'dist/cli.js is missing: run `npm run build` first');
  const result = spawnSync(process.execPath, [cli, 'check', ...args, '--format', 'json'], { cwd, encoding: 'utf8' });
  const report = result.stdout ? JSON.parse(result.stdout) as { files: { path: string; diagnostics: Diagnostic[] }[] } : { files: [] };
  return {
    status: result.status,
    files: report.files.map((file) => file.path),
    findings: report.files.flatMap((file) => file.diagnostics.map((d) => `${file.path}:${d.line} ${d.rule} ${d.severity}`)),
    stderr: result.stderr.split('\n').filter(Boolean),
  };
}

/** A temp project: `files` maps relative paths to contents; `.git` marks the repository root. */
function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'initlint-config-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  fs.mkdirSync(path.join(dir, '.git'), { recursive: true });
  return dir;
}

describe('initlint check with config files', () => {
  const DEFAULT_FINDINGS = ['m.py:6 zero-init error', 'm.py:7 constant-init warning'];

  it('without a config file: the defaults (output layer exempt), exit 1', () => {
    const dir = project({ 'm.py': MODEL });
    assert.deepEqual(check(dir, ['m.py']), { status: 1, files: ['m.py'], findings: DEFAULT_FINDINGS, stderr: [] });
  });

  it('pyproject.toml turns rules off, raises others, and takes the output layer in', () => {
    const off = project({ 'm.py': MODEL, 'pyproject.toml': '[tool.initlint]\nrules = { zero-init = "off", constant-init = "information" }\n' });
    assert.deepEqual(check(off, ['m.py']), { status: 0, files: ['m.py'], findings: ['m.py:7 constant-init information'], stderr: [] });
    const strict = project({ 'm.py': MODEL, 'pyproject.toml': '[tool.initlint]\nrules = { constant-init = "error" }\n[tool.initlint.zero-init]\nallow-output-layer = false\n' });
    assert.deepEqual(check(strict, ['m.py']).findings, ['m.py:6 zero-init error', 'm.py:7 constant-init error', 'm.py:8 zero-init error']);
  });

  it('package.json "initlint" works the same, in camelCase', () => {
    const dir = project({ 'm.py': MODEL, 'package.json': JSON.stringify({ name: 'demo', initlint: { rules: { 'zero-init': 'off' }, zeroInit: { allowOutputLayer: false } } }) });
    assert.deepEqual(check(dir, ['m.py']).findings, ['m.py:7 constant-init warning']);
  });

  it('the nearest folder with an initlint section wins; a pyproject.toml without one is passed over', () => {
    const dir = project({
      'pyproject.toml': '[tool.initlint]\nrules = { zero-init = "off" }\n',
      'a/m.py': MODEL,
      'a/b/pyproject.toml': '[project]\nname = "b"\n',
      'a/b/m.py': MODEL,
      'c/pyproject.toml': '[tool.initlint]\nrules = { constant-init = "off" }\n',
      'c/m.py': MODEL,
    });
    assert.deepEqual(check(dir, ['.']).findings, [
      `${path.join('a', 'b', 'm.py')}:7 constant-init warning`,
      `${path.join('a', 'm.py')}:7 constant-init warning`,
      `${path.join('c', 'm.py')}:6 zero-init error`,
    ]);
  });

  it('the search stops at the repository root (the first folder with .git)', () => {
    const outer = project({ 'pyproject.toml': '[tool.initlint]\nenable = false\n' });
    const inner = path.join(outer, 'repo');
    fs.mkdirSync(path.join(inner, '.git'), { recursive: true });
    fs.writeFileSync(path.join(inner, 'm.py'), MODEL);
    assert.deepEqual(check(inner, ['m.py']).findings, DEFAULT_FINDINGS);
    fs.rmSync(path.join(inner, '.git'), { recursive: true });
    assert.deepEqual(check(inner, ['m.py']), { status: 0, files: [], findings: [], stderr: [] }, 'enable = false above, once the walk reaches it');
  });

  it('unknown keys warn on stderr, one line each, and the rest of the file applies', () => {
    const dir = project({ 'm.py': MODEL, 'pyproject.toml': '[tool.initlint]\nrules = { zero-init = "off", zero-inti = "off" }\nallowOutputLayer = false\n' });
    const result = check(dir, ['m.py']);
    assert.deepEqual(result.findings, ['m.py:7 constant-init warning']);
    assert.equal(result.stderr.length, 2);
    assert.match(result.stderr[0], /^initlint: .*pyproject\.toml: unknown rule id 'zero-inti' in 'tool\.initlint\.rules'/);
    assert.match(result.stderr[1], /^initlint: .*pyproject\.toml: unknown key 'tool\.initlint\.allowOutputLayer' ignored/);
  });

  it('a broken pyproject.toml gives one clear message (once for many files) and the defaults', () => {
    const dir = project({ 'pyproject.toml': '[tool.initlint\nrules = {}\n', 'm.py': MODEL, 'n.py': MODEL });
    const result = check(dir, ['m.py', 'n.py']);
    assert.equal(result.status, 1);
    assert.deepEqual(result.findings, [...DEFAULT_FINDINGS, 'n.py:6 zero-init error', 'n.py:7 constant-init warning']);
    assert.equal(result.stderr.length, 1);
    assert.match(result.stderr[0], /^initlint: .*pyproject\.toml: not valid TOML \(line 1, column \d+\): .*; using the defaults$/);
  });

  it('--config names the file for every checked file; a missing or unsupported one is bad usage', () => {
    const dir = project({ 'm.py': MODEL, 'pyproject.toml': '[tool.initlint]\nrules = { constant-init = "off" }\n', 'strict.json': JSON.stringify({ initlint: { rules: { 'zero-init': 'off' } } }) });
    assert.deepEqual(check(dir, ['m.py', '--config', 'strict.json']).findings, ['m.py:7 constant-init warning']);
    assert.deepEqual(check(dir, ['--config=pyproject.toml', 'm.py']).findings, ['m.py:6 zero-init error']);
    const missing = check(dir, ['m.py', '--config', 'nope.toml']);
    assert.equal(missing.status, 2);
    assert.deepEqual(missing.stderr, ['initlint: cannot read --config nope.toml: no such file or directory']);
    const unsupported = check(dir, ['m.py', '--config', 'm.py']);
    assert.equal(unsupported.status, 2);
    assert.match(unsupported.stderr[0], /--config must name a \.toml \(pyproject\.toml\) or \.json \(package\.json\) file; received 'm\.py'/);
    assert.equal(check(dir, ['m.py', '--config']).status, 2);
  });
});
