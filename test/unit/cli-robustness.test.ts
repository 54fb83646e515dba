// `initlint check` on untrusted input: odd file names, symlink loops, unreadable, huge, binary
// and oddly encoded files, broken notebooks. Whatever one file does, the others are still reported, the
// bad one gets one line on stderr that names it, and nothing hangs (every run has a deadline).

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';

const root = path.join(__dirname, '..', '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
/** A model with one zero-init error at 10:75 (the hidden layer's `"zeros"`). */
const MODEL = fs.readFileSync(path.join(root, 'examples', 'zero_hidden_layer.py'), 'utf8');
const ZERO_INIT = ['zero-init@10:75'];
const isRoot = process.getuid?.() === 0;
const canMakeFifo = process.platform !== 'win32';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in `cwd`; a run that outlives its deadline fails (a FIFO read would hang forever). */
function run(args: string[], cwd: string): Run {
  assert.ok(fs.existsSync(cli), 'dist/cli.js is missing: run `node esbuild.js --production` first');
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 30_000 });
  assert.equal(result.signal, null, `initlint ${args.join(' ')} did not finish in 30 s`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface JsonReport {
  files: { path: string; diagnostics: { rule: string; line: number; column: number }[] }[];
}

/** path → ["rule@line:column", …] */
function findingsByPath(stdout: string): Record<string, string[]> {
  const report = JSON.parse(stdout) as JsonReport;
  return Object.fromEntries(report.files.map((file) => [file.path, file.diagnostics.map((d) => `${d.rule}@${d.line}:${d.column}`)]));
}

function stderrLines(result: Run): string[] {
  return result.stderr.split('\n').filter((line) => line !== '');
}

const temporaryFolders: string[] = [];
function folder(): string {
  const made = fs.mkdtempSync(path.join(os.tmpdir(), 'initlint-robust-'));
  temporaryFolders.push(made);
  return made;
}
after(() => {
  for (const made of temporaryFolders) {
    fs.chmodSync(made, 0o700);
    fs.rmSync(made, { recursive: true, force: true });
  }
});

function write(dir: string, name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

describe('odd file names', () => {
  it('reports files with spaces, unicode, a newline and a leading dash, each line of text output still one record', () => {
    const dir = folder();
    const names = ['sp ace.py', 'ünïcödé 模型.py', 'new\nline.py', '-rf.py', '#hash%20.py'];
    for (const name of names) write(dir, name, MODEL);
    const json = run(['check', '.', '--format', 'json'], dir);
    assert.equal(json.stderr, '');
    assert.equal(json.status, 1);
    assert.deepEqual(findingsByPath(json.stdout), Object.fromEntries([...names].sort().map((name) => [name, ZERO_INIT])));

    const text = run(['check', '.'], dir);
    const lines = text.stdout.split('\n');
    assert.ok(lines.includes('new\\nline.py'), 'a newline in a file name is written as \\n');
    assert.ok(!lines.includes('line.py'), 'a file name must not split a line of the report');
    assert.match(text.stdout, /^5 problems \(5 errors\) in 5 files\.$/m);
  });

  it("takes a name starting with '-' after -- or as ./-name, and says so when it is read as an option", () => {
    const dir = folder();
    write(dir, '-rf.py', MODEL);
    const asOption = run(['check', '-rf.py'], dir);
    assert.equal(asOption.status, 2);
    assert.equal(asOption.stdout, '');
    assert.deepEqual(stderrLines(asOption), [
      "initlint: unknown option '-rf.py' (check takes --format, --config, --max-file-size); to check a file whose name starts with '-', write ./-rf.py or put it after --",
    ]);
    assert.deepEqual(findingsByPath(run(['check', '--format', 'json', '--', '-rf.py'], dir).stdout), { '-rf.py': ZERO_INIT });
    assert.deepEqual(findingsByPath(run(['check', './-rf.py', '--format', 'json'], dir).stdout), { './-rf.py': ZERO_INIT });
    // After --, an option's spelling is a path.
    const afterDashes = run(['check', '--', '-rf.py', '--format'], dir);
    assert.equal(afterDashes.status, 2);
    assert.deepEqual(stderrLines(afterDashes), ['initlint: cannot check --format: no such file or directory']);
  });

  it('writes SARIF locations as URI references: relative ones percent-encoded, absolute ones as file: URLs', () => {
    const dir = folder();
    const absolute = write(dir, 'abs olute.py', MODEL);
    write(dir, 'sub dir/ü #1.py', MODEL);
    const { stdout } = run(['check', 'sub dir/ü #1.py', absolute, '--format', 'sarif'], dir);
    const sarif = JSON.parse(stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    const uris = sarif.runs[0].results.map((result) => result.locations[0].physicalLocation.artifactLocation.uri);
    assert.equal(uris[0], 'sub%20dir/%C3%BC%20%231.py');
    assert.ok(uris[1].startsWith('file:///'), uris[1]);
    assert.equal(fileURLToPath(uris[1]), absolute);
  });

  it('escapes control and bidirectional-override characters from the source in text output', () => {
    const dir = folder();
    // A layer name holding U+202E (right-to-left override) would reorder the rest of the line on a terminal.
    write(dir, 'bidi.py', MODEL.replace('kernel_initializer="zeros"))', 'kernel_initializer="zeros", name="evil\u202Eyp.txt"))'));
    const { stdout, status } = run(['check', 'bidi.py'], dir);
    assert.equal(status, 1);
    assert.ok(!stdout.includes('\u202E'));
    assert.match(stdout, /Layer 'evil\\u\{202e\}yp\.txt' starts with an all-zero kernel/);
  });
});

describe('symlinks', () => {
  it('walks a folder with symlink loops once and lists each real file once, under its own name', () => {
    const dir = folder();
    write(dir, 'model.py', MODEL);
    write(dir, 'sub/inner.py', MODEL);
    fs.symlinkSync('.', path.join(dir, 'loop'));
    fs.symlinkSync('..', path.join(dir, 'sub', 'parent'));
    fs.symlinkSync('model.py', path.join(dir, 'a-link-to-model.py'));
    const { status, stdout, stderr } = run(['check', '.', 'model.py', './sub/inner.py', '--format', 'json'], dir);
    assert.equal(stderr, '', 'a loop is cut silently');
    assert.equal(status, 1);
    assert.deepEqual(findingsByPath(stdout), { 'model.py': ZERO_INIT, 'sub/inner.py': ZERO_INIT });
  });

  it('skips dangling links inside folders silently but reports a dangling link or a link loop given by name', () => {
    const dir = folder();
    write(dir, 'model.py', MODEL);
    fs.symlinkSync('nowhere.py', path.join(dir, '.#model.py')); // an Emacs lock file
    fs.symlinkSync('b.py', path.join(dir, 'a.py'));
    fs.symlinkSync('a.py', path.join(dir, 'b.py'));
    const walked = run(['check', '.', '--format', 'json'], dir);
    assert.equal(walked.stderr, '');
    assert.deepEqual(findingsByPath(walked.stdout), { 'model.py': ZERO_INIT });

    const named = run(['check', '.#model.py', 'a.py', 'model.py', '--format', 'json'], dir);
    assert.equal(named.status, 2);
    assert.deepEqual(stderrLines(named), [
      'initlint: cannot check .#model.py: no such file or directory',
      'initlint: cannot check a.py: too many levels of symbolic links (a symlink loop)',
    ]);
    assert.deepEqual(findingsByPath(named.stdout), { 'model.py': ZERO_INIT });
  });
});

describe('unreadable files', () => {
  it('reports a FIFO, named or inside a folder, without reading it, and still reports the other files in every format', { skip: !canMakeFifo && 'no FIFOs here' }, () => {
    const dir = folder();
    write(dir, 'src/model.py', MODEL);
    const made = spawnSync('mkfifo', [path.join(dir, 'src', 'pipe.py')]);
    assert.equal(made.status, 0, 'mkfifo failed');
    const expectedStderr = ['initlint: cannot check src/pipe.py: not a regular file (a FIFO)'];

    const json = run(['check', 'src', '--format', 'json'], dir);
    assert.equal(json.status, 2);
    assert.deepEqual(stderrLines(json), expectedStderr);
    assert.deepEqual(findingsByPath(json.stdout), { 'src/model.py': ZERO_INIT });

    const sarif = run(['check', 'src/pipe.py', 'src/model.py', '--format', 'sarif'], dir);
    assert.equal(sarif.status, 2);
    assert.deepEqual(stderrLines(sarif), expectedStderr);
    assert.deepEqual((JSON.parse(sarif.stdout) as { runs: { results: { ruleId: string }[] }[] }).runs[0].results.map((r) => r.ruleId), ['zero-init']);

    const text = run(['check', 'src'], dir);
    assert.equal(text.status, 2);
    assert.deepEqual(stderrLines(text), expectedStderr);
    assert.match(text.stdout, /^src\/model\.py\n {2}10:75 +error .* zero-init$/m);
  });

  it('reports a file and a folder without read permission', { skip: (isRoot || process.platform === 'win32') && 'permissions do not bind root; the FIFO and link cases cover unreadable files there' }, () => {
    const dir = folder();
    write(dir, 'model.py', MODEL);
    fs.chmodSync(write(dir, 'locked.py', MODEL), 0o000);
    write(dir, 'closed/inner.py', MODEL);
    fs.chmodSync(path.join(dir, 'closed'), 0o000);
    try {
      const result = run(['check', '.', '--format', 'json'], dir);
      assert.equal(result.status, 2);
      assert.deepEqual(stderrLines(result), ['initlint: cannot check closed: permission denied', 'initlint: cannot check locked.py: permission denied']);
      assert.deepEqual(findingsByPath(result.stdout), { 'model.py': ZERO_INIT });
    } finally {
      fs.chmodSync(path.join(dir, 'closed'), 0o700);
    }
  });

  it('still prints a JSON document when no file could be read', () => {
    const dir = folder();
    const result = run(['check', 'missing.py', '--format', 'json'], dir);
    assert.equal(result.status, 2);
    assert.deepEqual(JSON.parse(result.stdout), { version: 1, files: [] });
    assert.equal(run(['check', 'missing.py'], dir).stdout, '', 'text output has nothing to say');
  });

  it('treats a folder named like a source file as a folder', () => {
    const dir = folder();
    write(dir, 'package.py/inner.py', MODEL);
    const result = run(['check', 'package.py', '--format', 'json'], dir);
    assert.equal(result.stderr, '');
    assert.deepEqual(findingsByPath(result.stdout), { 'package.py/inner.py': ZERO_INIT });
  });
});

describe('size limit', () => {
  // The model, then comment lines up to about 1.5 MB: valid Python whose finding stays at 10:75.
  const big = MODEL + `# ${'x'.repeat(98)}\n`.repeat(15_000);

  it('skips a file over --max-file-size (1 MB by default) with a one-line notice; the exit code follows the other files', () => {
    const dir = folder();
    write(dir, 'big.py', big);
    write(dir, 'model.py', MODEL);
    const result = run(['check', '.', '--format', 'json'], dir);
    assert.equal(result.status, 1);
    assert.deepEqual(stderrLines(result), ['initlint: skipped big.py: 1.5 MB is over the size limit of 1 MB (--max-file-size)']);
    assert.deepEqual(findingsByPath(result.stdout), { 'model.py': ZERO_INIT });
  });

  it('analyzes it when the limit is raised or turned off', () => {
    const dir = folder();
    write(dir, 'big.py', big);
    for (const limit of ['2m', '--max-file-size=0', String(2_000_000)]) {
      const args = limit.startsWith('--') ? [limit] : ['--max-file-size', limit];
      const result = run(['check', 'big.py', ...args, '--format', 'json'], dir);
      assert.equal(result.stderr, '', limit);
      assert.deepEqual(findingsByPath(result.stdout), { 'big.py': ZERO_INIT }, limit);
    }
    const tight = run(['check', 'big.py', '--max-file-size', '512k'], dir);
    assert.deepEqual(stderrLines(tight), ['initlint: skipped big.py: 1.5 MB is over the size limit of 512 kB (--max-file-size)']);
    assert.equal(tight.status, 0);
  });

  it('rejects a malformed --max-file-size naming what it received', () => {
    const result = run(['check', '.', '--max-file-size', '1.5g'], folder());
    assert.equal(result.status, 2);
    assert.deepEqual(stderrLines(result), ["initlint: --max-file-size must be a number of bytes, optionally with k or m (e.g. 500k, 2m; 0 for no limit); received '1.5g'"]);
  });
});

describe('binary and encodings', () => {
  it('skips a .py file with NUL bytes as binary, with a notice', () => {
    const dir = folder();
    // An HDF5 signature: 0x89 is not UTF-8 and decodes to one U+FFFD, so the NUL is character 4.
    write(dir, 'weights.py', Buffer.from([0x89, 0x48, 0x44, 0x46, 0x00, 0x01, 0xff, 0xfe, 0x00]));
    write(dir, 'model.py', MODEL);
    const result = run(['check', '.', '--format', 'json'], dir);
    assert.equal(result.status, 1);
    assert.deepEqual(stderrLines(result), ['initlint: skipped weights.py: binary content (a NUL character at offset 4), not source text']);
    assert.deepEqual(findingsByPath(result.stdout), { 'model.py': ZERO_INIT });
  });

  it('reads invalid UTF-8 with replacement characters, and UTF-8 and UTF-16 with a byte-order mark, at the same positions', () => {
    const dir = folder();
    // Latin-1 and stray bytes inside the docstring on line 1: line 10's columns do not move.
    const cut = MODEL.indexOf('classifier');
    const invalid = Buffer.concat([Buffer.from(MODEL.slice(0, cut)), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0xff, 0xc0, 0x20]), Buffer.from(MODEL.slice(cut))]);
    write(dir, 'latin1.py', invalid);
    write(dir, 'bom8.py', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(MODEL)]));
    write(dir, 'bom16le.py', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(MODEL, 'utf16le')]));
    write(dir, 'bom16be.py', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(MODEL, 'utf16le').swap16()]));
    const result = run(['check', '.', '--format', 'json'], dir);
    assert.equal(result.stderr, '');
    assert.deepEqual(findingsByPath(result.stdout), { 'bom16be.py': ZERO_INIT, 'bom16le.py': ZERO_INIT, 'bom8.py': ZERO_INIT, 'latin1.py': ZERO_INIT });
  });
});

describe('notebooks', () => {
  it('names a broken notebook in one line, given by name or met in a folder, and reports the other files', () => {
    const dir = folder();
    write(dir, 'broken.ipynb', '{"cells": [ {"cell_type": "code", "source": ["import keras\\n", ');
    write(dir, 'model.py', MODEL);
    const named = run(['check', 'broken.ipynb', 'model.py', '--format', 'json'], dir);
    assert.equal(named.status, 2);
    assert.deepEqual(stderrLines(named), ['initlint: cannot check broken.ipynb: not valid notebook JSON (Unexpected end of JSON input)']);
    assert.deepEqual(findingsByPath(named.stdout), { 'model.py': ZERO_INIT });

    const walked = run(['check', '.', '--format', 'json'], dir);
    assert.equal(walked.status, 2);
    assert.deepEqual(stderrLines(walked), ['initlint: cannot check broken.ipynb: not valid notebook JSON (Unexpected end of JSON input)']);
    assert.deepEqual(findingsByPath(walked.stdout), { 'model.py': ZERO_INIT });
  });

  it('names a notebook in nbformat 3, an empty file and a binary one', () => {
    const dir = folder();
    write(dir, 'old.ipynb', JSON.stringify({ nbformat: 3, nbformat_minor: 0, metadata: {}, worksheets: [] }));
    write(dir, 'empty.ipynb', '');
    write(dir, 'binary.ipynb', Buffer.from([0x7b, 0x00, 0x7d]));
    write(dir, 'model.py', MODEL);
    const result = run(['check', '.', '--format', 'json'], dir);
    assert.equal(result.status, 2);
    assert.deepEqual(stderrLines(result), [
      'initlint: skipped binary.ipynb: binary content (a NUL character at offset 1), not source text',
      'initlint: cannot check empty.ipynb: not valid notebook JSON (Unexpected end of JSON input)',
      'initlint: cannot check old.ipynb: not a Jupyter notebook in nbformat 4 (nbformat 3): no "cells" list',
    ]);
    assert.deepEqual(findingsByPath(result.stdout), { 'model.py': ZERO_INIT });
  });
});

describe('simulate', () => {
  it('refuses a FIFO without reading it and takes a dash-named file after --', { skip: !canMakeFifo && 'no FIFOs here' }, () => {
    const dir = folder();
    assert.equal(spawnSync('mkfifo', [path.join(dir, 'pipe.py')]).status, 0, 'mkfifo failed');
    const fifo = run(['simulate', 'pipe.py'], dir);
    assert.equal(fifo.status, 2);
    assert.deepEqual(stderrLines(fifo), ['initlint: cannot simulate pipe.py: not a regular file (a FIFO)']);
    write(dir, '-model.py', MODEL);
    const dashed = run(['simulate', '--format', 'json', '--', '-model.py'], dir);
    assert.equal(dashed.status, 0, dashed.stderr);
    assert.deepEqual((JSON.parse(dashed.stdout) as { models: { name: string }[] }).models.map((model) => model.name), ['model']);
  });
});

describe('output', () => {
  it('ends quietly when the reader closes the pipe early (as `| head -1` does)', async () => {
    const dir = folder();
    for (let i = 0; i < 800; i++) write(dir, `m${String(i).padStart(3, '0')}.py`, MODEL); // ~190 kB of text: more than a pipe holds
    const child = spawn(process.execPath, [cli, 'check', '.'], { cwd: dir });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let firstChunk = '';
    child.stdout.once('data', (chunk: Buffer) => {
      firstChunk = chunk.toString();
      child.stdout.destroy();
    });
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.match(firstChunk, /^m000\.py\n/);
    assert.equal(stderr, '', 'no EPIPE stack trace');
    assert.equal(status, 1);
  });
});
