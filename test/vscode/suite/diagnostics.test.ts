// Diagnostics that the real extension publishes for the examples, as VS Code sees them.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, findRule, initlintDiagnostics, lineOf, openExample, revertAll, ruleId, waitForDiagnostics } from './helpers';

function assertDocsTarget(diagnostic: vscode.Diagnostic): void {
  const code = diagnostic.code;
  assert.ok(typeof code === 'object' && code !== null, 'code must carry a documentation target');
  assert.equal(code.value, ruleId(diagnostic));
  assert.ok(code.target.path.endsWith(`/docs/rules/${code.value}.md`), `code target ${code.target.toString()}`);
}

suite('initlint diagnostics', () => {
  suiteSetup(activateExtension);
  teardown(revertAll);

  test('zero_hidden_layer.py: zero-init error on the hidden layer', async () => {
    const document = await openExample('zero_hidden_layer.py');
    const line = lineOf(document, 'Dense(64', '"zeros"');
    const diagnostics = await waitForDiagnostics(document.uri, 'zero-init', (all) => all.some((d) => ruleId(d) === 'zero-init'));
    const zero = findRule(diagnostics, 'zero-init', line);
    assert.equal(zero.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(zero.source, 'initlint');
    assert.match(document.getText(zero.range), /zeros/);
    assertDocsTarget(zero);
  });

  test('constant_init.py: constant-init and init-activation-mismatch warnings', async () => {
    const document = await openExample('constant_init.py');
    const diagnostics = await waitForDiagnostics(document.uri, 'two warnings', (all) => all.length >= 2);
    const constant = findRule(diagnostics, 'constant-init', lineOf(document, 'Constant(0.5)'));
    assert.equal(constant.severity, vscode.DiagnosticSeverity.Warning);
    assertDocsTarget(constant);

    const mismatch = findRule(diagnostics, 'init-activation-mismatch', lineOf(document, 'GlorotNormal(seed=7)'));
    assert.equal(mismatch.severity, vscode.DiagnosticSeverity.Warning);
    assertDocsTarget(mismatch);
    const related = mismatch.relatedInformation ?? [];
    const reluLine = lineOf(document, 'Activation("relu")');
    const relu = related.find((r) => r.location.range.start.line === reluLine);
    assert.ok(relu, `relatedInformation should point at line ${reluLine}, got ${related.map((r) => r.location.range.start.line).join(', ') || 'none'}`);
    assert.equal(relu.location.uri.toString(), document.uri.toString());
    assert.match(document.getText(relu.location.range), /relu/);
  });

  test('mlp_relu_defaults.py: default-init-mismatch information on each ReLU layer', async () => {
    const document = await openExample('mlp_relu_defaults.py');
    const reluLines = [];
    for (let line = 0; line < document.lineCount; line++) {
      if (/Dense\(\d+, activation="relu"\)/.test(document.lineAt(line).text)) reluLines.push(line);
    }
    assert.equal(reluLines.length, 3);
    const diagnostics = await waitForDiagnostics(document.uri, 'three infos', (all) => all.length >= 3);
    for (const line of reluLines) {
      assert.equal(findRule(diagnostics, 'default-init-mismatch', line).severity, vscode.DiagnosticSeverity.Information);
    }
  });

  test('correct_model.py: no diagnostics', async () => {
    const clean = await openExample('correct_model.py');
    // A flagged file opened afterwards proves the extension has analysed what came before it.
    const flagged = await openExample('zero_hidden_layer.py');
    await waitForDiagnostics(flagged.uri, 'a later file to be analysed', (all) => all.length > 0);
    assert.deepEqual(initlintDiagnostics(clean.uri).map((d) => `${ruleId(d)}@${d.range.start.line}`), []);
  });

  test('editing correct_model.py to add a zero-initialized layer reports it', async () => {
    const document = await openExample('correct_model.py');
    const after = lineOf(document, 'Dense(128, activation="tanh"');
    const indent = document.lineAt(after).text.match(/^\s*/)?.[0] ?? '';
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(after + 1, 0), `${indent}layers.Dense(128, activation="tanh", kernel_initializer="zeros"),\n`);
    assert.ok(await vscode.workspace.applyEdit(edit));
    const diagnostics = await waitForDiagnostics(document.uri, 'zero-init on the inserted line', (all) => all.some((d) => ruleId(d) === 'zero-init' && d.range.start.line === after + 1));
    assert.match(document.getText(findRule(diagnostics, 'zero-init', after + 1).range), /zeros/);
  });
});
