// Expands the paths given on the command line into the files to check.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Language } from '../core';

const LANGUAGE_BY_EXTENSION: Record<string, Language> = {
  '.py': 'python',
  '.ts': 'typescript',
  '.tsx': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.js': 'javascript',
  '.jsx': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
};
const SKIPPED_FOLDERS = new Set(['node_modules', '__pycache__', 'site-packages', 'venv', 'dist', 'build']);

export function languageOfPath(file: string): Language | undefined {
  return LANGUAGE_BY_EXTENSION[path.extname(file).toLowerCase()];
}

export interface FileProblem {
  path: string;
  reason: string;
}

/** Files under the given paths, in a stable order; folders are walked once each (symlink loops are cut). */
export function collectFiles(paths: readonly string[]): { files: string[]; problems: FileProblem[] } {
  const files: string[] = [];
  const problems: FileProblem[] = [];
  const visited = new Set<string>();

  const walk = (folder: string): void => {
    let real: string;
    try {
      real = fs.realpathSync(folder);
    } catch (error) {
      problems.push({ path: folder, reason: reasonOf(error) });
      return;
    }
    if (visited.has(real)) return;
    visited.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      problems.push({ path: folder, reason: reasonOf(error) });
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = path.join(folder, entry.name);
      let isDirectory = entry.isDirectory();
      if (entry.isSymbolicLink()) {
        try {
          isDirectory = fs.statSync(full).isDirectory();
        } catch {
          continue; // a dangling link inside a folder is not the user's target
        }
      }
      if (isDirectory) {
        if (!entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name)) walk(full);
      } else if (languageOfPath(entry.name)) {
        files.push(full);
      }
    }
  };

  for (const given of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(given);
    } catch (error) {
      problems.push({ path: given, reason: reasonOf(error) });
      continue;
    }
    if (stat.isDirectory()) walk(given);
    else if (languageOfPath(given)) files.push(given);
    else problems.push({ path: given, reason: `unsupported file type '${path.extname(given) || '(none)'}' (supported: ${Object.keys(LANGUAGE_BY_EXTENSION).join(', ')})` });
  }
  return { files, problems };
}

export function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return error instanceof Error ? error.message : String(error);
}
