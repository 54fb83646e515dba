// `initlint check` and `simulate` on Jupyter notebooks: positions carry the cell (DESIGN.md's JSON
// contract: cell 0-based among all cells, line and column 1-based within it), text output writes
// Ruff's `cell N:line:column` with N from 1, SARIF names the cell in a property bag, and a fix
// edit that would not stay inside one cell (or would touch masked IPython syntax) is dropped.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { Finding, NotebookCell } from '../../src/core';
import { NotebookPlacer, placeFindings } from '../../src/cli/places';

const root = path.join(__dirname, '..', '..', '..');
const cli = path.join(root, 'dist', 'cli.js');

function run(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  assert.ok(fs.existsSync(cli), 'dist/cli.js is missing: run `node esbuild.js` first');
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const temporaryFolders: string[] = [];
function folder(): string {
  const made = fs.mkdtempSync(path.join(os.tmpdir(), 'initlint-notebook-'));
  temporaryFolders.push(made);
  return made;
}
after(() => {
  for (const made of temporaryFolders) fs.rmSync(made, { recursive: true, force: true });
});

type CellSpec = string | { markdown: string };

/** An nbformat 4 notebook; sources in the list-of-lines form Jupyter writes. */
function notebookJson(cells: CellSpec[], extra: { outputs?: unknown[] } = {}): string {
  const lines = (text: string) => text.split(/(?<=\n)/);
  return JSON.stringify(
    {
      cells: cells.map((cell) =>
        typeof cell === 'string'
          ? { cell_type: 'code', execution_count: null, metadata: {}, outputs: extra.outputs ?? [], source: lines(cell) }
          : { cell_type: 'markdown', metadata: {}, source: lines(cell.markdown) },
      ),
      metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' }, language_info: { name: 'python' } },
      nbformat: 4,
      nbformat_minor: 4,
    },
    null,
    1,
  );
}

/** Cell 4, line 1: `'zeros'` at columns 66–73 (the call's prefix is 65 characters). Line 2: `'he_normal'` on tanh at 66–77. */
const MLP: CellSpec[] = [
  { markdown: '# MLP\nThree cells build one model.' },
  '%pip install keras\nimport keras\nfrom keras import layers',
  '!nvidia-smi\nmodel = keras.Sequential([keras.Input(shape=(32,))])',
  { markdown: 'Hidden layers' },
  "model.add(layers.Dense(64, activation='relu', kernel_initializer='zeros'))\nmodel.add(layers.Dense(64, activation='tanh', kernel_initializer='he_normal'))\nmodel.add(layers.Dense(1))",
];
const IMPORTS_CELL = 'import keras\nfrom keras import layers';
const ZERO_LINE = "model.add(layers.Dense(64, activation='relu', kernel_initializer='zeros'))";
const HE_LINE = "model.add(layers.Dense(64, activation='tanh', kernel_initializer='he_normal'))";

interface Edit {
  cell?: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  text: string;
}
interface Diagnostic extends Omit<Edit, 'text'> {
  rule: string;
  severity: string;
  fixes: { title: string; edits: Edit[] }[];
}
interface JsonReport {
  files: { path: string; language: string; diagnostics: Diagnostic[] }[];
}

describe('initlint check on a notebook', () => {
  const dir = folder();
  fs.writeFileSync(path.join(dir, 'mlp.ipynb'), notebookJson(MLP));

  it('reports JSON positions in their cell: cell 0-based among all cells, line and column 1-based in the cell', () => {
    const { status, stdout, stderr } = run(['check', 'mlp.ipynb', '--format', 'json'], dir);
    assert.equal(stderr, '');
    assert.equal(status, 1);
    const [file] = (JSON.parse(stdout) as JsonReport).files;
    assert.deepEqual([file.path, file.language], ['mlp.ipynb', 'ipynb']);
    const places = file.diagnostics.map(({ rule, severity, cell, line, column, endLine, endColumn }) => ({ rule, severity, cell, line, column, endLine, endColumn }));
    assert.deepEqual(places, [
      { rule: 'zero-init', severity: 'warning', cell: 4, line: 1, column: 66, endLine: 1, endColumn: 73 },
      { rule: 'init-activation-mismatch', severity: 'warning', cell: 4, line: 2, column: 66, endLine: 2, endColumn: 77 },
    ]);
    assert.equal(ZERO_LINE.slice(65, 72), "'zeros'");
    assert.equal(HE_LINE.slice(65, 76), "'he_normal'");
    const [zeroFix] = file.diagnostics[0].fixes;
    assert.deepEqual(zeroFix.edits, [{ cell: 4, line: 1, column: 66, endLine: 1, endColumn: 73, text: "'he_normal'" }]);
    const [heFix] = file.diagnostics[1].fixes;
    assert.deepEqual(heFix.edits.map(({ cell, line, column, endColumn }) => [cell, line, column, endColumn]), [[4, 2, 66, 77]]);
    assert.match(heFix.edits[0].text, /^'(glorot|lecun)_(normal|uniform)'$/);
  });

  it("writes Ruff's cell N:line:column in text, N counting every cell from 1", () => {
    const { status, stdout } = run(['check', 'mlp.ipynb'], dir);
    assert.equal(status, 1);
    const lines = stdout.split('\n');
    assert.equal(lines[0], 'mlp.ipynb');
    assert.match(lines[1], /^ {2}cell 5:1:66 +warning +Layer 'dense' starts with an all-zero kernel.* zero-init$/);
    assert.match(lines[2], /^ {2}cell 5:2:66 +warning +Layer 'dense_1' uses 'he_normal'.* init-activation-mismatch$/);
    assert.match(stdout, /^2 problems \(2 warnings\) in 1 file\.$/m);
  });

  it('writes SARIF regions within the cell and the cell in the location property bag, related locations too', () => {
    const { stdout } = run(['check', 'mlp.ipynb', '--format', 'sarif'], dir);
    interface Location {
      physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } };
      properties?: { cell: number };
    }
    const sarif = JSON.parse(stdout) as { runs: { results: { ruleId: string; locations: Location[]; relatedLocations?: (Location & { id: number; message: { text: string } })[] }[] }[] };
    const results = sarif.runs[0].results;
    assert.deepEqual(
      results.map((result) => [result.ruleId, result.locations[0].physicalLocation.artifactLocation.uri, result.locations[0].physicalLocation.region, result.locations[0].properties]),
      [
        ['zero-init', 'mlp.ipynb', { startLine: 1, startColumn: 66, endLine: 1, endColumn: 73 }, { cell: 4 }],
        ['init-activation-mismatch', 'mlp.ipynb', { startLine: 2, startColumn: 66, endLine: 2, endColumn: 77 }, { cell: 4 }],
      ],
    );
    // The mismatch points at the activation it does not fit: `'tanh'` on the same line.
    const [related] = results[1].relatedLocations!;
    assert.deepEqual([related.id, related.properties, related.physicalLocation.region.startLine], [0, { cell: 4 }, 2]);
    const { startColumn, endColumn } = related.physicalLocation.region;
    assert.equal(HE_LINE.slice(startColumn - 1, endColumn - 1), "'tanh'");
  });

  it('reports a broken notebook beside a good one: exit 2, one line on stderr, the good one still reported', () => {
    const here = folder();
    fs.writeFileSync(path.join(here, 'good.ipynb'), notebookJson(MLP));
    fs.writeFileSync(path.join(here, 'half-saved.ipynb'), notebookJson(MLP).slice(0, 200));
    fs.writeFileSync(path.join(here, 'model.py'), 'import keras\nm = keras.Sequential([keras.layers.Dense(4, kernel_initializer="zeros"), keras.layers.Dense(1)])\n');
    for (const format of ['json', 'text', 'sarif']) {
      const { status, stdout, stderr } = run(['check', '.', '--format', format], here);
      assert.equal(status, 2, format);
      assert.deepEqual(stderr.split('\n').filter(Boolean), [`initlint: cannot check half-saved.ipynb: not valid notebook JSON (${errorOf(notebookJson(MLP).slice(0, 200))})`]);
      if (format === 'json') {
        const report = JSON.parse(stdout) as JsonReport;
        assert.deepEqual(report.files.map((file) => [file.path, file.diagnostics.map((d) => `${d.rule}@${d.cell ?? '-'}:${d.line}`)]), [
          ['good.ipynb', ['zero-init@4:1', 'init-activation-mismatch@4:2']],
          ['model.py', ['zero-init@-:2']],
        ]);
      } else if (format === 'text') {
        assert.match(stdout, /^good\.ipynb\n {2}cell 5:1:66 /m);
        assert.match(stdout, /^model\.py\n {2}2:64 /m);
      } else {
        assert.equal((JSON.parse(stdout) as { runs: { results: unknown[] }[] }).runs[0].results.length, 3);
      }
    }
  });

  it("names a suppression comment's unknown rule id on stderr as path:cell N:line:column", () => {
    const here = folder();
    fs.writeFileSync(path.join(here, 'typo.ipynb'), notebookJson([{ markdown: '# Typo' }, IMPORTS_CELL, "# initlint: disable=zero-inti\nm = keras.Sequential([layers.Dense(8, kernel_initializer='zeros'), layers.Dense(1)])"]));
    const { status, stderr, stdout } = run(['check', 'typo.ipynb', '--format', 'json'], here);
    assert.equal(status, 1);
    const lines = stderr.split('\n').filter(Boolean);
    assert.equal(lines.length, 1);
    assert.match(lines[0], /^initlint: typo\.ipynb:cell 3:1:\d+: .*zero-inti/);
    assert.deepEqual((JSON.parse(stdout) as JsonReport).files[0].diagnostics.map((d) => [d.rule, d.cell, d.line]), [['zero-init', 2, 2]]);
  });

  it('analyzes a notebook with only markdown, or no cells, as clean', () => {
    const here = folder();
    fs.writeFileSync(path.join(here, 'notes.ipynb'), notebookJson([{ markdown: '# Notes' }]));
    fs.writeFileSync(path.join(here, 'empty.ipynb'), notebookJson([]));
    const { status, stdout } = run(['check', '.', '--format', 'json'], here);
    assert.equal(status, 0);
    assert.deepEqual((JSON.parse(stdout) as JsonReport).files.map((file) => [file.path, file.language, file.diagnostics.length]), [
      ['empty.ipynb', 'ipynb', 0],
      ['notes.ipynb', 'ipynb', 0],
    ]);
  });

  it('holds --max-file-size against the code cells, not the outputs that make the file big', () => {
    const here = folder();
    const plot = { output_type: 'display_data', data: { 'image/png': 'A'.repeat(60_000) }, metadata: {} };
    fs.writeFileSync(path.join(here, 'plots.ipynb'), notebookJson(MLP, { outputs: [plot] }));
    assert.ok(fs.statSync(path.join(here, 'plots.ipynb')).size > 150_000);
    const checked = run(['check', 'plots.ipynb', '--max-file-size', '50k', '--format', 'json'], here);
    assert.equal(checked.stderr, '');
    assert.equal((JSON.parse(checked.stdout) as JsonReport).files[0].diagnostics.length, 2);

    const tooBig = run(['check', 'plots.ipynb', '--max-file-size', '1k', '--format', 'json'], here);
    assert.equal(tooBig.status, 0);
    assert.deepEqual(tooBig.stderr.split('\n').filter(Boolean), [
      'initlint: skipped plots.ipynb: 181.5 kB is over the notebook file limit of 50 kB (50 × --max-file-size, which holds for its code cells)',
    ]);

    // The program: the three code cells joined by newlines (all ASCII; masking keeps lengths).
    fs.writeFileSync(path.join(here, 'plain.ipynb'), notebookJson(MLP));
    const codeBytes = MLP.filter((cell) => typeof cell === 'string').join('\n').length;
    const skipped = run(['check', 'plain.ipynb', '--max-file-size', '100', '--format', 'json'], here);
    assert.equal(skipped.status, 0);
    assert.deepEqual(skipped.stderr.split('\n').filter(Boolean), [`initlint: skipped plain.ipynb: its code cells hold ${codeBytes} bytes, over the size limit of 100 bytes (--max-file-size)`]);
  });
});

/** The message JSON.parse gives for `text` (it varies between Node versions). */
function errorOf(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  return '';
}

describe('initlint simulate on a notebook', () => {
  const dir = folder();
  const cells: CellSpec[] = [
    'import keras\nfrom keras import layers',
    { markdown: 'The model' },
    "model = keras.Sequential([\n    keras.Input(shape=(64,)),\n    layers.Dense(32, activation='relu'),\n])",
    '%%time\nmodel.add(layers.Dense(10))',
  ];
  fs.writeFileSync(path.join(dir, 'sim.ipynb'), notebookJson(cells));

  it('gives each model and layer its cell and its line in the cell', () => {
    const { status, stdout, stderr } = run(['simulate', 'sim.ipynb', '--format', 'json'], dir);
    assert.equal(stderr, '');
    assert.equal(status, 0);
    const report = JSON.parse(stdout) as { models: { name: string; cell: number; line: number; inputShape: number[]; layers: { name: string; cell: number; line: number; fanIn: number; fanOut: number }[] }[] };
    const [model] = report.models;
    assert.deepEqual([model.name, model.cell, model.line, model.inputShape], ['model', 2, 1, [64]]);
    assert.deepEqual(model.layers.map((layer) => [layer.name, layer.cell, layer.line, layer.fanIn, layer.fanOut]), [
      ['dense', 2, 3, 64, 32],
      ['dense_1', 3, 2, 32, 10],
    ]);
  });

  it('prints the model as path:cell N:line in text, and names a broken notebook in one line', () => {
    const text = run(['simulate', 'sim.ipynb'], dir);
    assert.equal(text.status, 0);
    assert.match(text.stdout, /^sim\.ipynb:cell 3:1: model 'model' · current initializers/);
    fs.writeFileSync(path.join(dir, 'broken.ipynb'), '{');
    const broken = run(['simulate', 'broken.ipynb'], dir);
    assert.equal(broken.status, 2);
    assert.deepEqual(broken.stderr.split('\n').filter(Boolean), [`initlint: cannot simulate broken.ipynb: not valid notebook JSON (${errorOf('{')})`]);
  });
});

describe('NotebookPlacer', () => {
  const cells: NotebookCell[] = [
    { index: 0, kind: 'code', language: 'python', source: 'import keras\n%pip install keras' },
    { index: 1, kind: 'markup', language: 'python', source: '# text' },
    { index: 2, kind: 'code', language: 'python', source: 'x = 1\ny = 2' },
  ];
  const placer = new NotebookPlacer(cells);
  /** Program offset of an in-cell offset. */
  const at = (cell: number, offset: number) => placer.program.offsetOf(cell, offset)!;

  it('places an edit inside one cell with in-cell offsets', () => {
    assert.deepEqual(placer.program.cellEdit({ from: at(2, 6), to: at(2, 7), text: 'z' }), { cell: 2, from: 6, to: 7, text: 'z' });
    assert.deepEqual(placer.placeEdit({ from: at(2, 6), to: at(2, 7), text: 'z' }), { cell: 2, line: 2, column: 1, endLine: 2, endColumn: 2 });
    // An insertion at the end of a cell (on the joining newline) stays in that cell.
    assert.equal(placer.program.cellEdit({ from: at(0, 31), to: at(0, 31), text: '' }), undefined, 'the last line of cell 0 is a masked magic');
    assert.deepEqual(placer.program.cellEdit({ from: at(2, 11), to: at(2, 11), text: '\nz = 3' }), { cell: 2, from: 11, to: 11, text: '\nz = 3' });
  });

  it('has no place for an edit that crosses cells or touches a masked line', () => {
    assert.equal(placer.program.cellEdit({ from: at(0, 5), to: at(2, 1), text: '' }), undefined);
    assert.equal(placer.program.cellEdit({ from: at(0, 14), to: at(0, 15), text: '!' }), undefined);
    assert.equal(placer.placeEdit({ from: at(0, 0), to: at(0, 13), text: '' }), undefined, 'a range ending on the magic line');
    assert.deepEqual(placer.program.cellEdit({ from: at(0, 0), to: at(0, 6), text: 'from' }), { cell: 0, from: 0, to: 6, text: 'from' });
  });

  it('cuts a finding that runs into a later cell at the end of its first cell', () => {
    assert.deepEqual(placer.place(at(0, 7), at(2, 3)), { cell: 0, line: 1, column: 8, endLine: 2, endColumn: 19 });
  });

  it('keeps a finding whose fix would cross cells, without the fix', () => {
    const finding = (edits: { from: number; to: number; text: string }[]): Finding => ({
      ruleId: 'zero-init',
      messageId: 'zeroKernel',
      data: {},
      message: 'm',
      severity: 'warning',
      span: { from: at(2, 0), to: at(2, 5) },
      related: [{ span: { from: at(0, 0), to: at(0, 6) }, message: 'here' }],
      fix: { title: 't', edits, safety: 'safe' },
    });
    const [crossing, inside] = placeFindings([finding([{ from: at(2, 0), to: at(2, 1), text: 'w' }, { from: at(0, 11), to: at(2, 0), text: '' }]), finding([{ from: at(2, 0), to: at(2, 1), text: 'w' }])], placer);
    assert.equal(crossing.fix, undefined);
    assert.deepEqual(crossing.place, { cell: 2, line: 1, column: 1, endLine: 1, endColumn: 6 });
    assert.deepEqual(crossing.related, [{ place: { cell: 0, line: 1, column: 1, endLine: 1, endColumn: 7 }, message: 'here' }]);
    assert.deepEqual(inside.fix, { title: 't', edits: [{ cell: 2, line: 1, column: 1, endLine: 1, endColumn: 2, text: 'w' }] });
  });
});
