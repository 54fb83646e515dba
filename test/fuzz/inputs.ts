// What the fuzzer feeds the pipeline: a source text in one language. Generated and mutated cases
// carry the recipe they were built from, so fast-check shrinks and prints the recipe while the
// property reports the exact text.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Language } from '../../src/core';

export interface FuzzInput {
  language: Language;
  source: string;
}

export interface Fixture extends FuzzInput {
  /** Relative to the repository root. */
  name: string;
}

const LANGUAGE_BY_EXTENSION: Record<string, Language> = { '.py': 'python', '.ts': 'typescript', '.js': 'javascript' };

/** The repository root: the nearest folder above this bundle whose package.json is initlint's (out/test/unit and out/test/fuzz alike). */
export function repositoryRoot(start: string = __dirname): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'initlint') return dir;
    if (path.dirname(dir) === dir) throw new Error(`no initlint package.json above ${start}`);
  }
}

/** Every Python, TypeScript and JavaScript file of examples/ and test/fixtures/, sorted: new fixtures join the fuzz run with no edit here. */
export function loadFixtures(root: string = repositoryRoot()): Fixture[] {
  const fixtures: Fixture[] = [];
  for (const folder of ['examples', path.join('test', 'fixtures')]) {
    const absolute = path.join(root, folder);
    if (!fs.existsSync(absolute)) continue;
    for (const relative of fs.readdirSync(absolute, { recursive: true }).map(String).sort()) {
      const language = LANGUAGE_BY_EXTENSION[path.extname(relative)];
      const file = path.join(absolute, relative);
      if (!language || !fs.statSync(file).isFile()) continue;
      fixtures.push({ name: path.join(folder, relative), language, source: fs.readFileSync(file, 'utf8') });
    }
  }
  if (fixtures.length === 0) throw new Error(`no fixtures under ${root}/examples or ${root}/test/fixtures`);
  return fixtures;
}

/** The input as a reader can paste it back: JSON-escaped (NULs, lone surrogates and CRs stay visible), long texts cut in the middle. */
export function showInput(input: FuzzInput, limit = 6000): string {
  const { source } = input;
  const text =
    source.length <= limit
      ? JSON.stringify(source)
      : `${JSON.stringify(source.slice(0, limit / 2))} … (${source.length - limit} characters left out) … ${JSON.stringify(source.slice(-limit / 2))}`;
  return `${input.language}, ${source.length} characters: ${text}`;
}
