// What the Python and PyTorch fix-validity tests share: the `.py` files of a folder, fix-all over a
// source, and CPython's py_compile over many files in one python3 process.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, applyEdits, compatibleEdits, type Analysis } from '../../src/core';

/** The repository's root, seen from out/test/unit/ where the compiled tests run. */
export const root = path.join(__dirname, '..', '..', '..');

/** A file as written and after fix-all. */
export interface FixCase {
  file: string;
  source: string;
  fixed: string;
  analysis: Analysis;
}

/** The `.py` files below `folder` (relative to the root), sorted, as root-relative paths. */
export function pythonFiles(folder: string): string[] {
  const absolute = path.join(root, folder);
  if (!fs.existsSync(absolute)) return [];
  return fs
    .readdirSync(absolute, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.py'))
    .sort()
    .map((name) => path.join(folder, name));
}

/** Every fix of one analysis applied at once. */
export function fixAll(source: string): { fixed: string; analysis: Analysis } {
  const analysis = analyze(source, 'python');
  const fixes = analysis.findings.flatMap((finding) => (finding.fix ? [finding.fix] : []));
  return { fixed: applyEdits(source, compatibleEdits(fixes)), analysis };
}

/** Compiles every file in one python3 process; each failure is printed as `path: message`. */
const COMPILE_ALL = `
import py_compile, sys
failed = 0
for source in sys.argv[1:]:
    try:
        py_compile.compile(source, cfile=source + 'c', doraise=True)
    except py_compile.PyCompileError as error:
        failed += 1
        print(error.msg, file=sys.stderr)
sys.exit(1 if failed else 0)
`;

/** Every file compiles with `python3` (py_compile); python3 is part of CI's machine. */
export function assertCompiles(files: readonly string[]): void {
  const run = spawnSync('python3', ['-c', COMPILE_ALL, ...files], { encoding: 'utf8' });
  assert.ok(!run.error, `python3 could not be run (it is part of CI's machine): ${run.error?.message}`);
  assert.equal(run.status, 0, `py_compile failed:\n${run.stderr}`);
}
