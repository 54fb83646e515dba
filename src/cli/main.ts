// initlint's command line: `initlint check <files|folders…> [--format text|json|sarif]`.

import { analyze, analyzeOptionsOf, extractFile, readNotebook, type Language } from '../core';
import { ConfigResolver, ConfigUsageError } from './config';
import { collectFiles, DEFAULT_MAX_FILE_SIZE, formatSize, languageOfPath, parseByteSize, printable, readSource, type FileLanguage, type FileProblem, type SourceRead } from './files';
import { NotebookPlacer, placeFindings, SourcePlacer, type Placer } from './places';
import { textPosition, toJson, toSarif, toText, type FileReport } from './report';
import { SIMULATE_FORMATS, simulateModels, simulationJson, simulationText, type SimulateArguments, type SimulateFormat } from './simulate';

declare const INITLINT_VERSION: string | undefined;
const VERSION = typeof INITLINT_VERSION === 'string' ? INITLINT_VERSION : '0.0.0';

const USAGE = `Usage: initlint check <files|folders…> [--format text|json|sarif] [--config FILE]
                      [--max-file-size SIZE] [-- <paths starting with '-'…>]
       initlint simulate <file> [--format text|json] [--seed N] [--batch N] [--model NAME]
                                [--init current|recommended]

check     reports weight-initialization problems in model definitions: Python (.py),
          TypeScript/JavaScript (TensorFlow.js) and Jupyter notebooks (.ipynb).
simulate  predicts, layer by layer, how activations and gradients scale at
          initialization (mean-field estimate and seeded Monte-Carlo passes).

Notebooks (nbformat 4) are analyzed as one program: their Python code cells in order, with
IPython syntax (%magics, !shell escapes, %%cell magics, obj?) masked. Positions are within a
cell: text output writes cell N:line:column with N counting every cell, markdown included, from
1 (as Jupyter and Ruff number them); JSON and SARIF give "cell" counted from 0, lines and columns
from 1. --max-file-size counts a notebook's code cells; its file may be 50 times bigger.

Options are read from [tool.initlint] in pyproject.toml or "initlint" in package.json, in the
nearest folder above each file that has one (or from --config FILE).

Files over --max-file-size (bytes, or with k or m; default ${formatSize(DEFAULT_MAX_FILE_SIZE)}; 0: no limit) and
binary files are skipped with a notice on stderr. Symlinked folders are followed; each real
folder and file is checked once.

Exit codes: 0 nothing at warning or error level, 1 problems found, 2 bad usage or an unreadable file.`;

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

class UsageError extends Error {}

interface CheckArguments {
  paths: string[];
  format: Format;
  config?: string;
  /** Bytes; 0: no limit. */
  maxFileSize: number;
}

function parseCheckArguments(argv: readonly string[]): CheckArguments {
  const paths: string[] = [];
  let format: Format = 'text';
  let config: string | undefined;
  let maxFileSize = DEFAULT_MAX_FILE_SIZE;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--config' || arg.startsWith('--config=')) {
      config = optionValue(argv, i, '--config');
      if (arg === '--config') i++;
    } else if (arg === '--max-file-size' || arg.startsWith('--max-file-size=')) {
      const value = optionValue(argv, i, '--max-file-size');
      if (arg === '--max-file-size') i++;
      const bytes = parseByteSize(value);
      if (bytes === undefined) throw new UsageError(`--max-file-size must be a number of bytes, optionally with k or m (e.g. 500k, 2m; 0 for no limit); received '${value}'`);
      maxFileSize = bytes;
    } else if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg === '--format' ? argv[++i] : arg.slice('--format='.length);
      if (!(FORMATS as readonly string[]).includes(value ?? '')) {
        throw new UsageError(`--format must be one of ${FORMATS.join(', ')}; received ${value === undefined ? 'nothing' : `'${value}'`}`);
      }
      format = value as Format;
    } else if (arg === '--') {
      paths.push(...argv.slice(i + 1));
      break;
    } else if (arg.startsWith('-')) {
      const hint = languageOfPath(arg) ? `; to check a file whose name starts with '-', write ./${arg} or put it after --` : '';
      throw new UsageError(`unknown option '${arg}' (check takes --format, --config, --max-file-size)${hint}`);
    } else {
      paths.push(arg);
    }
  }
  if (paths.length === 0) throw new UsageError('check needs at least one file or folder');
  return { paths, format, config, maxFileSize };
}

function optionValue(argv: readonly string[], i: number, name: string): string {
  const arg = argv[i];
  const value = arg === name ? argv[i + 1] : arg.slice(name.length + 1);
  if (value === undefined || value === '') throw new UsageError(`${name} needs a value`);
  return value;
}

function positiveInteger(value: string, name: string, allowZero: boolean): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || (!allowZero && number === 0) || !Number.isSafeInteger(number)) {
    throw new UsageError(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer; received '${value}'`);
  }
  return number;
}

function parseSimulateArguments(argv: readonly string[]): SimulateArguments {
  const files: string[] = [];
  const args: Omit<SimulateArguments, 'file'> = { format: 'text', seed: 0, batch: 128, init: 'current' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const option = ['--format', '--seed', '--batch', '--model', '--init'].find((name) => arg === name || arg.startsWith(`${name}=`));
    if (option) {
      const value = optionValue(argv, i, option);
      if (arg === option) i++;
      if (option === '--format') {
        if (!(SIMULATE_FORMATS as readonly string[]).includes(value)) throw new UsageError(`--format must be one of ${SIMULATE_FORMATS.join(', ')}; received '${value}'`);
        args.format = value as SimulateFormat;
      } else if (option === '--seed') args.seed = positiveInteger(value, '--seed', true);
      else if (option === '--batch') args.batch = positiveInteger(value, '--batch', false);
      else if (option === '--model') args.model = value;
      else if (value === 'current' || value === 'recommended') args.init = value;
      else throw new UsageError(`--init must be current or recommended; received '${value}'`);
    } else if (arg === '--') {
      files.push(...argv.slice(i + 1));
      break;
    } else if (arg.startsWith('-')) {
      throw new UsageError(`unknown option '${arg}' (simulate takes --format, --seed, --batch, --model, --init)`);
    } else {
      files.push(arg);
    }
  }
  if (files.length !== 1) throw new UsageError('simulate takes exactly one file');
  if (args.batch > 4096) throw new UsageError(`--batch must be at most 4096; received ${args.batch}`);
  return { ...args, file: files[0] };
}

function simulate(argv: readonly string[]): number {
  const args = parseSimulateArguments(argv);
  const language = languageOfPath(args.file);
  if (!language) throw new UsageError(`cannot simulate ${args.file}: not a Python file or notebook`);
  const source = readFile(args.file, DEFAULT_MAX_FILE_SIZE);
  if (source.kind !== 'text') throw new UsageError(`cannot simulate ${args.file}: ${source.reason}`);
  const input = analysisInput(source.text, language, DEFAULT_MAX_FILE_SIZE);
  if (input.kind !== 'ready') throw new UsageError(`cannot simulate ${args.file}: ${input.reason}`);
  const { models } = extractFile(input.source, input.language);
  const chosen = args.model === undefined ? models : models.filter((model) => model.name === args.model);
  if (chosen.length === 0) {
    const known = models.map((model) => `'${model.name}'`).join(', ');
    throw new UsageError(args.model === undefined ? `no model found in ${args.file}` : `no model named '${args.model}' in ${args.file}${known ? ` (models: ${known})` : ''}`);
  }
  const run = simulateModels(chosen, args);
  if (args.format === 'json') process.stdout.write(`${JSON.stringify(simulationJson(run, input.placer), null, 2)}\n`);
  else process.stdout.write(`${simulationText(run, input.placer, args.file)}\n`);
  return 0;
}

/** One line on stderr; names and reasons from the filesystem or the source are made printable, so they cannot split it. */
function warn(line: string): void {
  process.stderr.write(`initlint: ${printable(line)}\n`);
}

/** What the analyzer reads for a file, and the way from its offsets back to the file's places. */
type AnalysisInput =
  | { kind: 'ready'; source: string; language: Language; placer: Placer }
  | { kind: 'skipped'; reason: string }
  | { kind: 'unreadable'; reason: string };

/**
 * A source file is read as it is; a notebook is read as nbformat 4 JSON, and its code cells, in
 * order and with IPython syntax masked, are analyzed as one Python program. The size limit holds
 * for the code a notebook holds, not for its file (outputs such as plots make that large).
 */
function analysisInput(text: string, language: FileLanguage, maxFileSize: number): AnalysisInput {
  if (language !== 'ipynb') return { kind: 'ready', source: text, language, placer: new SourcePlacer(text) };
  const read = readNotebook(text);
  if (!read.ok) return { kind: 'unreadable', reason: read.error };
  const notebook = new NotebookPlacer(read.cells);
  const codeBytes = Buffer.byteLength(notebook.program.source);
  if (maxFileSize > 0 && codeBytes > maxFileSize) {
    return { kind: 'skipped', reason: `its code cells hold ${formatSize(codeBytes)}, over the size limit of ${formatSize(maxFileSize)} (--max-file-size)` };
  }
  return { kind: 'ready', source: notebook.program.source, language: 'python', placer: notebook };
}

/** A notebook file may be this much bigger than --max-file-size before it is skipped unread: the limit is for its code. */
const NOTEBOOK_FILE_ALLOWANCE = 50;

/** Reads a file to check or simulate, a notebook under its larger file limit. */
function readFile(file: string, maxFileSize: number): SourceRead {
  if (languageOfPath(file) !== 'ipynb') return readSource(file, maxFileSize);
  const limit = maxFileSize * NOTEBOOK_FILE_ALLOWANCE;
  return readSource(file, limit, `the notebook file limit of ${formatSize(limit)} (${NOTEBOOK_FILE_ALLOWANCE} × --max-file-size, which holds for its code cells)`);
}

function check(argv: readonly string[]): number {
  const { paths, format, config: configFile, maxFileSize } = parseCheckArguments(argv);
  let configs: ConfigResolver;
  try {
    configs = new ConfigResolver(warn, configFile);
  } catch (error) {
    throw error instanceof ConfigUsageError ? new UsageError(error.message) : error;
  }
  const { files, problems } = collectFiles(paths);
  const reports: FileReport[] = [];
  const notices: FileProblem[] = [];
  for (const file of files) {
    const source = readFile(file, maxFileSize);
    if (source.kind === 'unreadable') {
      problems.push({ path: file, reason: source.reason });
      continue;
    }
    if (source.kind === 'skipped') {
      notices.push({ path: file, reason: source.reason });
      continue;
    }
    const { text } = source;
    const config = configs.forFile(file);
    if (!config.enable) continue; // `enable = false` in the file's config: as if not given
    const language = languageOfPath(file)!;
    const input = analysisInput(text, language, maxFileSize);
    if (input.kind === 'unreadable') {
      problems.push({ path: file, reason: input.reason });
      continue;
    }
    if (input.kind === 'skipped') {
      notices.push({ path: file, reason: input.reason });
      continue;
    }
    let analysis: ReturnType<typeof analyze>;
    try {
      analysis = analyze(input.source, input.language, analyzeOptionsOf(config));
    } catch (error) {
      // The analyzer is built never to throw; if it does, this file is lost but not the others.
      problems.push({ path: file, reason: `internal error while analyzing: ${error instanceof Error ? error.message : String(error)}` });
      continue;
    }
    reports.push({ path: file, language, findings: placeFindings(analysis.findings, input.placer) });
    for (const warning of analysis.suppressionWarnings) {
      const place = input.placer.place(warning.span.from, warning.span.to);
      if (place) warn(`${file}:${textPosition(place)}: ${warning.message}`);
    }
  }
  for (const notice of notices) warn(`skipped ${notice.path}: ${notice.reason}`);
  for (const problem of problems) warn(`cannot check ${problem.path}: ${problem.reason}`);

  // JSON and SARIF readers always get a document (an empty one when nothing could be read).
  if (format === 'json') process.stdout.write(`${JSON.stringify(toJson(reports), null, 2)}\n`);
  else if (format === 'sarif') process.stdout.write(`${JSON.stringify(toSarif(reports, VERSION), null, 2)}\n`);
  else if (reports.length > 0 || problems.length === 0) process.stdout.write(`${toText(reports)}\n`);

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
    if (command === 'simulate') return simulate(rest);
    throw new UsageError(`unknown command '${command}' (commands: check, simulate)`);
  } catch (error) {
    if (error instanceof UsageError) {
      warn(error.message);
      return 2;
    }
    warn(`internal error: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
}

// `initlint check . | head` closes stdout early: that ends the output, it is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
process.exitCode = main(process.argv.slice(2));
