// Expands the paths given on the command line into the files to check, and reads each one
// without trusting it: not a regular file (a FIFO would block a plain read forever), too big,
// binary, or encoded with a byte-order mark.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Language } from '../core';

/** What a checked file is: source in one of the core's languages, or a Jupyter notebook (DESIGN.md's `ipynb`). */
export type FileLanguage = Language | 'ipynb';

const LANGUAGE_BY_EXTENSION: Record<string, FileLanguage> = {
  '.py': 'python',
  '.ts': 'typescript',
  '.tsx': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.js': 'javascript',
  '.jsx': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.ipynb': 'ipynb',
};
const SKIPPED_FOLDERS = new Set(['node_modules', '__pycache__', 'site-packages', 'venv', 'dist', 'build']);

/** `--max-file-size`'s default, the extension's `initlint.maxFileSize` default: bigger files are skipped with a notice, not analyzed. */
export const DEFAULT_MAX_FILE_SIZE = 1_000_000;

export function languageOfPath(file: string): FileLanguage | undefined {
  return LANGUAGE_BY_EXTENSION[path.extname(file).toLowerCase()];
}

export interface FileProblem {
  path: string;
  reason: string;
}

/**
 * Files under the given paths, in a stable order. Symlinked folders are followed, but each real
 * folder is walked once and each real file listed once (under its own name when that was met,
 * else under the first path that reached it): a symlink loop ends silently where it would repeat. Inside folders, links that lead nowhere
 * (dangling, or a loop of links) are skipped silently — editors leave such links behind, e.g.
 * Emacs's `.#model.py` lock files — while a path given by name that cannot be read is a problem.
 */
export function collectFiles(paths: readonly string[]): { files: string[]; problems: FileProblem[] } {
  const files: string[] = [];
  const problems: FileProblem[] = [];
  const visitedFolders = new Set<string>();
  /** Real path → index in `files`. */
  const listedFiles = new Map<string, number>();

  const addFile = (file: string): void => {
    let real: string;
    try {
      real = fs.realpathSync(file);
    } catch {
      real = path.resolve(file); // reading it will name the problem
    }
    const listed = listedFiles.get(real);
    if (listed === undefined) {
      listedFiles.set(real, files.length);
      files.push(file);
    } else if (isSymbolicLink(files[listed]) && !isSymbolicLink(file)) {
      files[listed] = file; // met through a link first: report it under its own name
    }
  };

  const walk = (folder: string): void => {
    let real: string;
    try {
      real = fs.realpathSync(folder);
    } catch (error) {
      problems.push({ path: folder, reason: reasonOf(error) });
      return;
    }
    if (visitedFolders.has(real)) return;
    visitedFolders.add(real);
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
          continue; // dangling or looping link inside a folder: not the user's target
        }
      }
      if (isDirectory) {
        if (!entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name)) walk(full);
      } else if (languageOfPath(entry.name)) {
        addFile(full); // a FIFO or device among them is reported when read
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
    const extension = path.extname(given).toLowerCase();
    if (stat.isDirectory()) walk(given);
    else if (languageOfPath(given)) addFile(given);
    else problems.push({ path: given, reason: `unsupported file type '${extension || '(none)'}' (supported: ${Object.keys(LANGUAGE_BY_EXTENSION).join(', ')})` });
  }
  return { files, problems };
}

function isSymbolicLink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/** What reading a file to check gave: its text, a reason to skip it (a notice), or a reason it cannot be read (an error). */
export type SourceRead = { kind: 'text'; text: string } | { kind: 'skipped'; reason: string } | { kind: 'unreadable'; reason: string };

/**
 * Reads `file` as source text. It is opened non-blocking and checked to be a regular file before
 * any read, so a FIFO or a device named `*.py` is reported instead of waiting forever; files over
 * `maxBytes` (0: no limit; `limitName` says what it is) are skipped before they are read. A UTF-8 byte-order mark is dropped
 * (as editors do, so columns match theirs); UTF-16 with a byte-order mark is decoded; invalid
 * UTF-8 is decoded with U+FFFD replacement characters; text with a NUL character is binary.
 */
export function readSource(file: string, maxBytes: number, limitName = `the size limit of ${formatSize(maxBytes)} (--max-file-size)`): SourceRead {
  let descriptor: number;
  try {
    descriptor = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return { kind: 'unreadable', reason: reasonOf(error) };
  }
  try {
    const stat = fs.fstatSync(descriptor);
    if (!stat.isFile()) return { kind: 'unreadable', reason: `not a regular file (${fileKind(stat)})` };
    if (maxBytes > 0 && stat.size > maxBytes) {
      return { kind: 'skipped', reason: `${formatSize(stat.size)} is over ${limitName}` };
    }
    const text = decode(fs.readFileSync(descriptor));
    const nul = text.indexOf('\0');
    if (nul >= 0) return { kind: 'skipped', reason: `binary content (a NUL character at offset ${nul}), not source text` };
    return { kind: 'text', text };
  } catch (error) {
    return { kind: 'unreadable', reason: reasonOf(error) };
  } finally {
    fs.closeSync(descriptor);
  }
}

function decode(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.toString('utf8', 3);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.toString('utf16le', 2);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2, 2 + ((bytes.length - 2) & ~1)));
    return swapped.swap16().toString('utf16le');
  }
  return bytes.toString('utf8');
}

function fileKind(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'not a file';
}

/** Decimal units, as the size limit's: 1 MB = 1,000,000 bytes. */
export function formatSize(bytes: number): string {
  if (bytes >= 1_000_000) return `${Number((bytes / 1_000_000).toFixed(1))} MB`;
  if (bytes >= 1000) return `${Number((bytes / 1000).toFixed(1))} kB`;
  return `${bytes} bytes`;
}

/** `--max-file-size`'s value: bytes, or a number with k/kb or m/mb (decimal: 1k = 1000 bytes); 0 turns the limit off. */
export function parseByteSize(value: string): number | undefined {
  const match = /^(\d+)(k|kb|m|mb)?$/i.exec(value.trim());
  if (!match) return undefined;
  const unit = (match[2] ?? '').toLowerCase();
  const bytes = Number(match[1]) * (unit.startsWith('m') ? 1_000_000 : unit.startsWith('k') ? 1000 : 1);
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}

export function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'ELOOP') return 'too many levels of symbolic links (a symlink loop)';
  if (code === 'ENOTDIR') return 'a part of the path is not a directory';
  if (code === 'ENAMETOOLONG') return 'file name too long';
  if (code === 'EMFILE' || code === 'ENFILE') return 'too many open files';
  return error instanceof Error ? error.message : String(error);
}

/**
 * `text` on one line: control characters (newlines in a file name, a layer name with an escape),
 * and the bidirectional overrides that can make a line read differently from what it holds, are
 * written as escapes, so a path or message can never forge or split a line of the report.
 */
export function printable(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code === 0x0a) out += '\\n';
    else if (code === 0x0d) out += '\\r';
    else if (code === 0x09) out += '\\t';
    else if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0) || code === 0x2028 || code === 0x2029 || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) {
      out += `\\u{${code.toString(16)}}`;
    } else out += char;
  }
  return out;
}
