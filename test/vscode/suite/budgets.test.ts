// Load budgets as VS Code sees them: a document over initlint.maxFileSize is skipped with one
// information message and no diagnostics, and a burst of edits ends with the diagnostics of the
// final version only, however the analyses of the versions in between raced.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { analyze } from '../../../src/core';
import { activateExtension, initlintDiagnostics, lineOf, openExample, revertAll, ruleId, waitFor, waitForDiagnostics } from './helpers';

async function setWorkspaceSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('initlint').update(key, value, vscode.ConfigurationTarget.Workspace);
}

/** Diagnostics as comparable rows `rule@line:column-line:column`, sorted by range. */
function rows(diagnostics: readonly vscode.Diagnostic[]): string[] {
  return [...diagnostics]
    .sort((a, b) => a.range.start.compareTo(b.range.start) || ruleId(a).localeCompare(ruleId(b)))
    .map((d) => `${ruleId(d)}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`);
}

/** What the core finds in the document's current text, as the same rows (default settings). */
function expectedRows(document: vscode.TextDocument): string[] {
  const analysis = analyze(document.getText(), 'python');
  const findings = analysis.findings.map((finding) => ({ ruleId: finding.ruleId, span: finding.span }));
  const warnings = analysis.suppressionWarnings.map((warning) => ({ ruleId: 'unknown-rule-id', span: warning.span }));
  return [...findings, ...warnings]
    .map(({ ruleId: id, span }) => ({ id, range: new vscode.Range(document.positionAt(span.from), document.positionAt(span.to)) }))
    .sort((a, b) => a.range.start.compareTo(b.range.start) || a.id.localeCompare(b.id))
    .map(({ id, range }) => `${id}@${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`);
}

/** Asks for code lenses: the provider awaits the analysis of the current version, so once it answers nothing older can arrive. */
async function settle(uri: vscode.Uri): Promise<void> {
  await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
}

suite('initlint load budgets', () => {
  suiteSetup(activateExtension);
  teardown(async () => {
    await setWorkspaceSetting('maxFileSize', undefined);
    await setWorkspaceSetting('debounceMs', undefined);
    await revertAll();
  });

  test('a document over initlint.maxFileSize gets one information message and no diagnostics, however often it is edited', async () => {
    const messages: string[] = [];
    const window = vscode.window as { showInformationMessage: typeof vscode.window.showInformationMessage };
    const original = window.showInformationMessage;
    window.showInformationMessage = ((message: string) => {
      messages.push(message);
      return Promise.resolve(undefined);
    }) as typeof vscode.window.showInformationMessage;
    try {
      const document = await openExample('zero_hidden_layer.py');
      await waitForDiagnostics(document.uri, 'zero-init before the limit applies', (all) => all.some((d) => ruleId(d) === 'zero-init'));
      const size = document.getText().length;
      await setWorkspaceSetting('maxFileSize', size - 1);
      await waitForDiagnostics(document.uri, 'diagnostics cleared over the limit', (all) => all.length === 0);
      await waitFor('the information message', () => messages.length > 0);

      for (let i = 0; i < 5; i++) {
        // A comment typed at the end: the file stays over the limit and its model unchanged.
        const edit = new vscode.WorkspaceEdit();
        edit.insert(document.uri, document.positionAt(document.getText().length), '#');
        assert.ok(await vscode.workspace.applyEdit(edit));
        await settle(document.uri);
      }
      assert.deepEqual(initlintDiagnostics(document.uri), []);
      const ours = messages.filter((message) => message.startsWith('initlint:'));
      assert.equal(ours.length, 1, `expected one message, got ${JSON.stringify(ours)}`);
      assert.match(ours[0], /zero_hidden_layer\.py is not analyzed/);
      assert.match(ours[0], new RegExp(`limit of ${(size - 1).toLocaleString('en-US')}`));

      // Back under the limit, the document is analyzed again.
      await setWorkspaceSetting('maxFileSize', undefined);
      await waitForDiagnostics(document.uri, 'zero-init after the limit is lifted', (all) => all.some((d) => ruleId(d) === 'zero-init'));
    } finally {
      window.showInformationMessage = original;
    }
  });

  test('a burst of edits, each analyzed at once, ends with the diagnostics of the final version only', async () => {
    await setWorkspaceSetting('debounceMs', 0); // every version starts an analysis: most of them are superseded
    const document = await openExample('correct_model.py');
    await settle(document.uri);
    const after = lineOf(document, 'Dense(128, activation="tanh"');
    const indent = document.lineAt(after).text.match(/^\s*/)?.[0] ?? '';
    const layer = `${indent}layers.Dense(32, activation="tanh", kernel_initializer="zeros"),\n`;
    // Typed character by character: the versions in between hold half-typed code, then a zero-init.
    for (let i = 0; i < layer.length; i++) {
      const edit = new vscode.WorkspaceEdit();
      edit.insert(document.uri, document.positionAt(document.offsetAt(new vscode.Position(after + 1, 0)) + i), layer[i]);
      assert.ok(await vscode.workspace.applyEdit(edit));
    }
    // The final version swaps the zeros for ones: constant-init, no zero-init.
    const inserted = document.lineAt(after + 1);
    const zeros = inserted.text.indexOf('"zeros"');
    const swap = new vscode.WorkspaceEdit();
    swap.replace(document.uri, new vscode.Range(after + 1, zeros, after + 1, zeros + '"zeros"'.length), '"ones"');
    assert.ok(await vscode.workspace.applyEdit(swap));

    const expected = expectedRows(document);
    assert.ok(expected.some((row) => row.startsWith(`constant-init@${after + 1}:`)), `the final text should hold a constant-init, got ${expected.join(', ')}`);
    assert.ok(!expected.some((row) => row.startsWith('zero-init')));
    await waitForDiagnostics(document.uri, `the final version's diagnostics ${expected.join(', ')}`, (all) => JSON.stringify(rows(all)) === JSON.stringify(expected));
    await settle(document.uri);
    assert.deepEqual(rows(initlintDiagnostics(document.uri)), expected, 'a superseded analysis was published after the final one');
  });
});
