// initlint's command line: `initlint check <files|folders…> [--format text|json|sarif]`.

import * as fs from 'node:fs';
import { analyze, LineMap } from '../core';
import { collectFiles, languageOfPath, reasonOf } from './files';
import { toJson, toSarif, toText, type FileReport } from './report';

declare const INITLINT_VERSION: string | undefined;
const VERSION = typeof INITLINT_VERSION === 'string' ? INITLINT_VERSION : '0.0.0';

const USAGE = `Usage: initlint check <files|folders…> [--format text|json|sarif]

Checks neural-network weight initialization in Keras model definitions.

Exit codes: 0 nothing at warning or error level, 1 problems found, 2 bad usage or an unreadable file.`;

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

class UsageError extends Error {}

function parseCheckArguments(argv: readonly string[]): { paths: string[]; format: Format } {
  const paths: string[] = [];
  let format: Format = 'text';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg === '--format' ? argv[++i] : arg.slice('--format='.length);
      if (!(FORMATS as readonly string[]).includes(value ?? '')) {
        throw new UsageError(`--format must be one of ${FORMATS.join(', ')}; received ${value === undefined ? 'nothing' : `'${value}'`}`);
      }
      format = value as Format;
    } else if (arg === '--') {
      paths.push(...argv.slice(i + 1));
      break;
    } else if (arg.startsWith('-')) {
      throw new UsageError(`unknown option '${arg}' (check takes --format)`);
    } else {
      paths.push(arg);
    }
  }
  if (paths.length === 0) throw new UsageError('check needs at least one file or folder');
  return { paths, format };
}

function check(argv: readonly string[]): number {
  const { paths, format } = parseCheckArguments(argv);
  const { files, problems } = collectFiles(paths);
  const reports: FileReport[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      problems.push({ path: file, reason: reasonOf(error) });
      continue;
    }
    const language = languageOfPath(file)!;
    const analysis = analyze(text, language);
    reports.push({ path: file, language, text, findings: analysis.findings });
    const lines = new LineMap(text);
    for (const warning of analysis.suppressionWarnings) {
      const { line, column } = lines.position(warning.span.from);
      process.stderr.write(`initlint: ${file}:${line}:${column}: ${warning.message}\n`);
    }
  }
  for (const problem of problems) process.stderr.write(`initlint: cannot check ${problem.path}: ${problem.reason}\n`);

  if (reports.length === 0 && problems.length > 0) return 2;
  if (format === 'json') process.stdout.write(`${JSON.stringify(toJson(reports), null, 2)}\n`);
  else if (format === 'sarif') process.stdout.write(`${JSON.stringify(toSarif(reports, VERSION), null, 2)}\n`);
  else process.stdout.write(`${toText(reports)}\n`);

  if (problems.length > 0) return 2;
  const serious = reports.some((report) => report.findings.some((finding) => finding.severity === 'error' || finding.severity === 'warning'));
  return serious ? 1 : 0;
}

export function main(argv: readonly string[]): number {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    }
    if (command === '--version' || command === '-v') {
      process.stdout.write(`${VERSION}\n`);
      return 0;
    }
    if (command === 'check') return check(rest);
    if (command === 'simulate') throw new UsageError('simulate is not available in this version (it arrives with the gradient-flow engine)');
    throw new UsageError(`unknown command '${command}' (commands: check)`);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`initlint: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`initlint: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

process.exitCode = main(process.argv.slice(2));
