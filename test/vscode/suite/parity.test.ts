// The CLI and the extension report the same findings: for every model file of examples/ and
// test/fixtures/ (recursively), initlint's diagnostics in the editor — rule id, severity and
// 1-based range — equal `node dist/cli.js check <files> --format json`, run from here. Notebooks
// (.ipynb) too: opened in VS Code's notebook editor, each cell's diagnostics equal the CLI's for
// that `cell`.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, initlintDiagnostics, revertAll, ruleId, waitFor } from './helpers';

/** out/test/vscode/suite → the repository. */
const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const cli = path.join(repoRoot, 'dist', 'cli.js');
const EXTENSIONS = new Set(['.py', '.ts', '.js']);
const SEVERITY_NAMES: Record<vscode.DiagnosticSeverity, string> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'information',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

interface CliDiagnostic { rule: string; severity: string; cell?: number; line: number; column: number; endLine: number; endColumn: number }

function modelFiles(folder: string, extensions: ReadonlySet<string> = EXTENSIONS): string[] {
  if (!fs.existsSync(folder)) return [];
  return fs.readdirSync(folder, { recursive: true })
    .map((name) => path.join(folder, String(name)))
    .filter((file) => extensions.has(path.extname(file)) && !file.endsWith('.d.ts') && fs.statSync(file).isFile())
    .sort();
}

/** One finding as a comparable row: `line:column-endLine:endColumn rule severity`, 1-based, end exclusive. */
function row(rule: string, severity: string, line: number, column: number, endLine: number, endColumn: number): string {
  return `${line}:${column}-${endLine}:${endColumn} ${rule} ${severity}`;
}

/** `unreadable`: files the CLI may refuse (exit 2: a broken notebook on purpose); they are left out of the map. */
function cliRows(files: readonly string[], unreadable: 'fail' | 'skip' = 'fail'): Map<string, string[]> {
  const result = spawnSync(process.execPath, [cli, 'check', ...files, '--format', 'json'], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, // the extension host may be Electron
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.ok(result.status === 0 || result.status === 1 || (unreadable === 'skip' && result.status === 2), `the CLI exited ${result.status}: ${result.stderr}`);
  const report = JSON.parse(result.stdout) as { files: { path: string; diagnostics: CliDiagnostic[] }[] };
  const rows = new Map<string, string[]>(unreadable === 'fail' ? files.map((file) => [file, []]) : []);
  for (const file of report.files) {
    rows.set(path.resolve(repoRoot, file.path), file.diagnostics.map((d) => `${d.cell === undefined ? '' : `cell ${d.cell} `}${row(d.rule, d.severity, d.line, d.column, d.endLine, d.endColumn)}`).sort());
  }
  return rows;
}

function extensionRows(uri: vscode.Uri, prefix = ''): string[] {
  return initlintDiagnostics(uri)
    .filter((d) => ruleId(d) !== 'unknown-rule-id') // suppression-comment warnings go to the CLI's stderr
    .map((d) => `${prefix}${row(ruleId(d), SEVERITY_NAMES[d.severity], d.range.start.line + 1, d.range.start.character + 1, d.range.end.line + 1, d.range.end.character + 1)}`)
    .sort();
}

/** A notebook's rows, each cell's prefixed with `cell N ` as the CLI's JSON names the cell. */
function notebookRows(notebook: vscode.NotebookDocument): string[] {
  return notebook.getCells().flatMap((cell) => extensionRows(cell.document.uri, `cell ${cell.index} `)).sort();
}

suite('CLI and extension parity', () => {
  suiteSetup(activateExtension);
  suiteTeardown(revertAll);

  test('every file of examples/ and test/fixtures/: the same findings in the editor and from the CLI', async function () {
    const files = [...modelFiles(path.join(repoRoot, 'examples')), ...modelFiles(path.join(repoRoot, 'test', 'fixtures'))];
    assert.ok(files.length > 0, `no .py/.ts/.js files under ${repoRoot}/examples or test/fixtures`);
    assert.ok(fs.existsSync(cli), 'dist/cli.js is missing: run `node esbuild.js` first');
    this.timeout(60_000 + files.length * 2_000);
    const expected = cliRows(files);

    const documents: vscode.TextDocument[] = [];
    for (const file of files) documents.push(await vscode.workspace.openTextDocument(vscode.Uri.file(file)));
    const mismatches: string[] = [];
    let findings = 0;
    for (const document of documents) {
      const want = expected.get(document.uri.fsPath) ?? [];
      // Analysis runs when a document opens; wait for it to settle on the CLI's answer, then compare.
      const seen = await waitFor(`diagnostics of ${document.uri.fsPath}`, () => {
        const rows = extensionRows(document.uri);
        return JSON.stringify(rows) === JSON.stringify(want) ? rows : undefined;
      }, 5_000).catch(() => extensionRows(document.uri));
      findings += want.length;
      if (JSON.stringify(seen) !== JSON.stringify(want)) {
        mismatches.push(`${path.relative(repoRoot, document.uri.fsPath)}\n  CLI:       ${want.join('\n             ') || '(none)'}\n  extension: ${seen.join('\n             ') || '(none)'}`);
      }
    }
    const summary = `compared ${files.length} files, ${findings} findings`;
    console.log(`parity: ${summary}, ${mismatches.length} files differ`);
    if (this.test) this.test.title += ` (${summary})`; // the runner prints titles, not the host's console
    assert.equal(mismatches.length, 0, `the extension and the CLI disagree on ${mismatches.length} of ${files.length} files:\n${mismatches.join('\n')}`);
    assert.ok(findings > 0, 'the CLI found nothing in any file: the comparison would prove nothing');
  });

  test('every notebook of examples/ and test/fixtures/: the same findings in the notebook editor\'s cells and from the CLI', async function () {
    const notebooks = new Set(['.ipynb']);
    const files = [...modelFiles(path.join(repoRoot, 'examples'), notebooks), ...modelFiles(path.join(repoRoot, 'test', 'fixtures'), notebooks)];
    assert.ok(files.length > 0, `no .ipynb files under ${repoRoot}/examples or test/fixtures`);
    this.timeout(60_000 + files.length * 3_000);
    // Notebooks the CLI cannot read (broken on purpose) are not compared.
    const expected = cliRows(files, 'skip');
    const mismatches: string[] = [];
    let compared = 0;
    let findings = 0;
    for (const [file, want] of expected) {
      const notebook = await vscode.workspace.openNotebookDocument(vscode.Uri.file(file));
      const seen = await waitFor(`diagnostics of ${file}`, () => {
        const rows = notebookRows(notebook);
        return JSON.stringify(rows) === JSON.stringify(want) ? rows : undefined;
      }, 5_000).catch(() => notebookRows(notebook));
      compared++;
      findings += want.length;
      if (JSON.stringify(seen) !== JSON.stringify(want)) {
        mismatches.push(`${path.relative(repoRoot, file)}\n  CLI:       ${want.join('\n             ') || '(none)'}\n  extension: ${seen.join('\n             ') || '(none)'}`);
      }
    }
    const summary = `compared ${compared} notebooks, ${findings} findings`;
    if (this.test) this.test.title += ` (${summary})`;
    assert.equal(mismatches.length, 0, `the extension and the CLI disagree on ${mismatches.length} of ${compared} notebooks:\n${mismatches.join('\n')}`);
    assert.ok(findings > 0, 'the CLI found nothing in any notebook: the comparison would prove nothing');
  });
});
