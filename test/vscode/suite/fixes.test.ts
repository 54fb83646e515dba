// Quick fixes and fix-all, applied the way VS Code applies them.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, applyAction, codeActions, findRule, lineOf, openExample, revertAll, ruleId, waitFor, waitForDiagnostics } from './helpers';

const FIX_ALL_KIND = 'source.fixAll.initlint';

/**
 * The preferred quick fix VS Code offers at `diagnostic`'s range. (The API command does not
 * hand back `CodeAction.diagnostics`, so the range, which only this diagnostic covers, decides.)
 */
async function quickFixFor(uri: vscode.Uri, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction> {
  const actions = (await codeActions(uri, diagnostic.range)).filter((a) => a.kind && vscode.CodeActionKind.QuickFix.contains(a.kind));
  const fix = actions.find((a) => a.isPreferred && a.edit);
  assert.ok(fix, `no preferred quick fix for ${ruleId(diagnostic)}; offered: ${actions.map((a) => a.title).join(' | ') || 'none'}`);
  return fix;
}

async function constantInitWarnings(): Promise<vscode.TextDocument> {
  const document = await openExample('constant_init.py');
  await waitForDiagnostics(document.uri, 'constant_init.py warnings', (all) => all.length >= 2);
  return document;
}

/** Waits until `line` of the document reads `expected` (edits can land a moment after a command returns). */
function waitForLine(document: vscode.TextDocument, line: number, expected: string): Promise<true> {
  return waitFor(`line ${line} to read ${expected}`, () => document.lineAt(line).text === expected)
    .catch((error: Error) => { throw new Error(`${error.message}; it reads ${document.lineAt(line).text}`); });
}

suite('initlint quick fixes', () => {
  suiteSetup(activateExtension);
  teardown(async () => {
    await vscode.workspace.getConfiguration('initlint').update('codeActionsOnSave.mode', undefined, vscode.ConfigurationTarget.Workspace);
    await revertAll();
  });

  test('zero-init fix swaps "zeros" for "glorot_uniform"', async () => {
    const document = await openExample('zero_hidden_layer.py');
    const line = lineOf(document, 'Dense(64', '"zeros"');
    const before = document.lineAt(line).text;
    const diagnostics = await waitForDiagnostics(document.uri, 'zero-init', (all) => all.some((d) => ruleId(d) === 'zero-init'));
    const fix = await quickFixFor(document.uri, findRule(diagnostics, 'zero-init', line));
    assert.match(fix.title, /^Use 'glorot_uniform'/);
    await applyAction(fix);
    assert.equal(document.lineAt(line).text, before.replace('"zeros"', '"glorot_uniform"'));
    await waitForDiagnostics(document.uri, 'zero-init to clear', (all) => !all.some((d) => ruleId(d) === 'zero-init' && d.range.start.line === line));
  });

  test('constant-init and init-activation-mismatch fixes', async () => {
    const document = await constantInitWarnings();
    const constantLine = lineOf(document, 'Constant(0.5)');
    const mismatchLine = lineOf(document, 'GlorotNormal(seed=7)');
    const constantBefore = document.lineAt(constantLine).text;
    const mismatchBefore = document.lineAt(mismatchLine).text;

    const constantFix = await quickFixFor(document.uri, findRule(await waitForDiagnostics(document.uri, 'constant-init', (all) => all.length >= 2), 'constant-init', constantLine));
    await applyAction(constantFix);
    assert.equal(document.lineAt(constantLine).text, constantBefore.replace('keras.initializers.Constant(0.5)', 'keras.initializers.HeNormal()'));

    const diagnostics = await waitForDiagnostics(document.uri, 'mismatch after the first fix', (all) => all.some((d) => ruleId(d) === 'init-activation-mismatch') && !all.some((d) => ruleId(d) === 'constant-init'));
    const mismatchFix = await quickFixFor(document.uri, findRule(diagnostics, 'init-activation-mismatch', mismatchLine));
    assert.match(mismatchFix.title, /he_normal|HeNormal/);
    await applyAction(mismatchFix);
    assert.equal(document.lineAt(mismatchLine).text, mismatchBefore.replace('keras.initializers.GlorotNormal(seed=7)', 'keras.initializers.HeNormal(seed=7)'));
    await waitForDiagnostics(document.uri, 'all warnings to clear', (all) => all.length === 0);
  });

  test('command initlint.fixAll fixes every problem in constant_init.py', async () => {
    const document = await constantInitWarnings();
    const constantLine = lineOf(document, 'Constant(0.5)');
    const mismatchLine = lineOf(document, 'GlorotNormal(seed=7)');
    const expectedConstant = document.lineAt(constantLine).text.replace('keras.initializers.Constant(0.5)', 'keras.initializers.HeNormal()');
    const expectedMismatch = document.lineAt(mismatchLine).text.replace('GlorotNormal(seed=7)', 'HeNormal(seed=7)');
    await vscode.commands.executeCommand('initlint.fixAll');
    await waitForLine(document, constantLine, expectedConstant);
    await waitForLine(document, mismatchLine, expectedMismatch);
  });

  test(`${FIX_ALL_KIND} applies only safe fixes by default and every fix in "all" mode`, async () => {
    const document = await constantInitWarnings();
    const constantLine = lineOf(document, 'Constant(0.5)');
    const mismatchLine = lineOf(document, 'GlorotNormal(seed=7)');
    const mismatchBefore = document.lineAt(mismatchLine).text;
    const whole = new vscode.Range(0, 0, document.lineCount, 0);

    const safe = await codeActions(document.uri, whole, FIX_ALL_KIND);
    assert.equal(safe.length, 1, `expected one ${FIX_ALL_KIND} action, got ${safe.map((a) => a.title).join(', ') || 'none'}`);
    await applyAction(safe[0]);
    assert.match(document.lineAt(constantLine).text, /kernel_initializer=keras\.initializers\.HeNormal\(\),/);
    assert.equal(document.lineAt(mismatchLine).text, mismatchBefore, 'safe mode must not swap a working initializer');

    await vscode.workspace.getConfiguration('initlint').update('codeActionsOnSave.mode', 'all', vscode.ConfigurationTarget.Workspace);
    await waitForDiagnostics(document.uri, 'the constant-init fix to be seen', (all) => !all.some((d) => ruleId(d) === 'constant-init'));
    const all = await codeActions(document.uri, whole, FIX_ALL_KIND);
    assert.equal(all.length, 1);
    await applyAction(all[0]);
    assert.equal(document.lineAt(mismatchLine).text, mismatchBefore.replace('GlorotNormal(seed=7)', 'HeNormal(seed=7)'));
  });
  test('"Disable zero-init for this line" adds a suppression comment and the diagnostic goes away', async () => {
    const document = await openExample('zero_hidden_layer.py');
    const line = lineOf(document, 'Dense(64', '"zeros"');
    const before = document.lineAt(line).text;
    const diagnostic = findRule(await waitForDiagnostics(document.uri, 'zero-init', (all) => all.some((d) => ruleId(d) === 'zero-init')), 'zero-init', line);
    const actions = await codeActions(document.uri, diagnostic.range);
    const titles = actions.map((a) => a.title);
    const disable = actions.find((a) => a.title === 'Disable zero-init for this line');
    assert.ok(disable, `offered: ${titles.join(' | ')}`);
    assert.ok(titles.indexOf('Disable zero-init for this line') < titles.indexOf('Show documentation for zero-init'), 'actions in ESLint order');
    await applyAction(disable);
    assert.equal(document.lineAt(line).text, `${before}  # initlint: disable=zero-init`);
    await waitForDiagnostics(document.uri, 'zero-init to clear', (all) => !all.some((d) => ruleId(d) === 'zero-init'));
  });
});
