// Settings and config files in the real extension host: pyproject.toml / package.json in the
// workspace folder change the diagnostics (picked up by the file watcher), explicit VS Code
// settings override them, and the deprecated zeroInit.exemptOutputLayer still works.
import * as vscode from 'vscode';
import { activateExtension, initlintDiagnostics, lineOf, openExample, revertAll, ruleId, waitForDiagnostics, workspaceFile } from './helpers';

const PYPROJECT = workspaceFile('pyproject.toml');
const PACKAGE_JSON = workspaceFile('package.json');

async function writeFile(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}

async function deleteFile(uri: vscode.Uri): Promise<void> {
  try {
    await vscode.workspace.fs.delete(uri);
  } catch {
    // not there: nothing to clean up
  }
}

async function setWorkspaceSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('initlint').update(key, value, vscode.ConfigurationTarget.Workspace);
}

/** zero-init diagnostics as `line:severity`, sorted by line. */
function zeroInit(uri: vscode.Uri): string[] {
  return initlintDiagnostics(uri)
    .filter((d) => ruleId(d) === 'zero-init')
    .sort((a, b) => a.range.start.line - b.range.start.line)
    .map((d) => `${d.range.start.line}:${vscode.DiagnosticSeverity[d.severity]}`);
}

function waitForZeroInit(uri: vscode.Uri, expected: string[]): Promise<unknown> {
  return waitForDiagnostics(uri, `zero-init ${expected.join(', ') || 'gone'}`, () => JSON.stringify(zeroInit(uri)) === JSON.stringify(expected));
}

suite('initlint settings and config files', () => {
  let document: vscode.TextDocument;
  let hidden: number;
  let output: number;

  suiteSetup(async () => {
    await activateExtension();
    document = await openExample('zero_hidden_layer.py');
    hidden = lineOf(document, 'Dense(64', '"zeros"');
    output = lineOf(document, 'Dense(1', '"zeros"');
    await waitForZeroInit(document.uri, [`${hidden}:Error`]);
  });

  teardown(async () => {
    for (const key of ['rules', 'enable', 'zeroInit.allowOutputLayer', 'zeroInit.exemptOutputLayer']) await setWorkspaceSetting(key, undefined);
    await deleteFile(PYPROJECT);
    await deleteFile(PACKAGE_JSON);
    // Back to the defaults before the next test starts from them.
    await waitForZeroInit(document.uri, [`${hidden}:Error`]);
  });

  suiteTeardown(revertAll);

  test('[tool.initlint] rules in pyproject.toml apply, and edits to the file are picked up', async () => {
    await writeFile(PYPROJECT, '[project]\nname = "demo"\n\n[tool.initlint]\nrules = { zero-init = "hint" }\n');
    await waitForZeroInit(document.uri, [`${hidden}:Hint`]);
    await writeFile(PYPROJECT, '[tool.initlint.rules]\nzero-init = "information"\n');
    await waitForZeroInit(document.uri, [`${hidden}:Information`]);
  });

  test('explicit VS Code settings override the config file, rule by rule', async () => {
    await writeFile(PYPROJECT, '[tool.initlint]\nrules = { zero-init = "hint", constant-init = "off" }\n');
    await waitForZeroInit(document.uri, [`${hidden}:Hint`]);
    await setWorkspaceSetting('rules', { 'zero-init': 'warning' });
    await waitForZeroInit(document.uri, [`${hidden}:Warning`]);
    await setWorkspaceSetting('rules', undefined);
    await waitForZeroInit(document.uri, [`${hidden}:Hint`]);
  });

  test('enable = false in the config file silences the folder; an explicit setting turns it back on', async () => {
    await writeFile(PYPROJECT, '[tool.initlint]\nenable = false\n');
    await waitForDiagnostics(document.uri, 'no diagnostics', (all) => all.length === 0);
    await setWorkspaceSetting('enable', true);
    await waitForZeroInit(document.uri, [`${hidden}:Error`]);
  });

  test('allow-output-layer in the config file, the setting over it, and the deprecated key', async () => {
    await writeFile(PYPROJECT, '[tool.initlint.zero-init]\nallow-output-layer = false\n');
    await waitForZeroInit(document.uri, [`${hidden}:Error`, `${output}:Error`]);
    await setWorkspaceSetting('zeroInit.allowOutputLayer', true);
    await waitForZeroInit(document.uri, [`${hidden}:Error`]);
    await setWorkspaceSetting('zeroInit.allowOutputLayer', undefined);
    await waitForZeroInit(document.uri, [`${hidden}:Error`, `${output}:Error`]);
    await setWorkspaceSetting('zeroInit.exemptOutputLayer', true);
    await waitForZeroInit(document.uri, [`${hidden}:Error`]);
  });

  test('"initlint" in package.json (camelCase) applies too; a broken file falls back to the defaults', async () => {
    await writeFile(PACKAGE_JSON, JSON.stringify({ name: 'demo', initlint: { rules: { 'zero-init': 'hint' }, zeroInit: { allowOutputLayer: false } } }));
    await waitForZeroInit(document.uri, [`${hidden}:Hint`, `${output}:Hint`]);
    await writeFile(PACKAGE_JSON, '{ "name": "demo", "initlint": { "rules": { "zero-init": "hint" } }');
    await waitForZeroInit(document.uri, [`${hidden}:Error`]);
  });
});
