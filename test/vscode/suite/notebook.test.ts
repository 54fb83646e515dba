// Jupyter notebooks in VS Code's notebook editor (the built-in ipynb extension's
// `jupyter-notebook`): the code cells are analyzed as one program, diagnostics land in the cell
// they belong to, quick fixes and fix-all edit the cells, hover and CodeLens work in cells, and
// the gradient-flow panel follows the active cell's notebook. Each test opens its own copy of
// test/fixtures/notebooks/vscode-cells.ipynb:
//   0 code      %pip magic, imports, UNITS = 64
//   1 markdown
//   2 code      model = keras.Sequential([... Dense(UNITS, tanh, he_normal)])  → init-activation-mismatch
//   3 code      %%time; model.add(Dense(UNITS, tanh, "zeros")); model.add(Dense(1)) → zero-init
//   4 code      !ls; model.summary()
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, applyAction, codeActions, initlintDiagnostics, ruleId, waitFor, workspaceFile } from './helpers';

/** out/test/vscode/suite → the repository. */
const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const FIXTURE = path.join(repoRoot, 'test', 'fixtures', 'notebooks', 'vscode-cells.ipynb');
const FIX_ALL_KIND = 'source.fixAll.initlint';
const NOTEBOOK_FIX_ALL_KIND = 'notebook.source.fixAll.initlint';

let copies = 0;

async function openNotebook(): Promise<vscode.NotebookDocument> {
  const uri = workspaceFile(`vscode-cells-${++copies}.ipynb`);
  await vscode.workspace.fs.writeFile(uri, fs.readFileSync(FIXTURE));
  const notebook = await vscode.workspace.openNotebookDocument(uri);
  assert.equal(notebook.notebookType, 'jupyter-notebook');
  await vscode.window.showNotebookDocument(notebook);
  return notebook;
}

/** The cell (index, document) of the first cell whose text contains `needle`. */
function cellWith(notebook: vscode.NotebookDocument, needle: string): vscode.NotebookCell {
  const cell = notebook.getCells().find((candidate) => candidate.document.getText().includes(needle));
  assert.ok(cell, `no cell of ${notebook.uri.path} contains ${needle}`);
  return cell;
}

/** The range of the first `needle` in a cell. */
function rangeOf(cell: vscode.NotebookCell, needle: string): vscode.Range {
  const offset = cell.document.getText().indexOf(needle);
  assert.ok(offset >= 0, `cell ${cell.index} has no ${needle}`);
  return new vscode.Range(cell.document.positionAt(offset), cell.document.positionAt(offset + needle.length));
}

/** Every initlint diagnostic of the notebook as `cell:line:column-line:column rule`, 0-based, in cell order. */
function notebookRows(notebook: vscode.NotebookDocument): string[] {
  return notebook.getCells().flatMap((cell) => initlintDiagnostics(cell.document.uri)
    .sort((a, b) => a.range.start.compareTo(b.range.start))
    .map((d) => `${cell.index}:${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${ruleId(d)}`));
}

function row(cell: vscode.NotebookCell, range: vscode.Range, rule: string): string {
  return `${cell.index}:${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character} ${rule}`;
}

function waitForRows(notebook: vscode.NotebookDocument, what: string, expected: string[]): Promise<string[]> {
  return waitFor(what, () => (JSON.stringify(notebookRows(notebook)) === JSON.stringify(expected) ? expected : undefined))
    .catch((error: Error) => { throw new Error(`${error.message}\n  expected: ${expected.join(' | ') || 'none'}\n  seen:     ${notebookRows(notebook).join(' | ') || 'none'}`); });
}

/** The diagnostics the fixture starts with, computed from its text. */
function initialRows(notebook: vscode.NotebookDocument): string[] {
  const model = cellWith(notebook, 'keras.Sequential(');
  const added = cellWith(notebook, 'model.add(');
  return [row(model, rangeOf(model, '"he_normal"'), 'init-activation-mismatch'), row(added, rangeOf(added, '"zeros"'), 'zero-init')];
}

async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [];
  return hovers.flatMap((hover) => hover.contents).map((content) => (typeof content === 'string' ? content : content.value)).join('\n---\n');
}

async function applyNotebookEdit(notebook: vscode.NotebookDocument, ...edits: vscode.NotebookEdit[]): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.set(notebook.uri, edits);
  assert.ok(await vscode.workspace.applyEdit(edit), 'the notebook edit was not applied');
}

function gradientFlowTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('initlint.gradientFlow'));
}

suite('initlint in Jupyter notebooks', () => {
  suiteSetup(activateExtension);
  // Every test has its own copy, saved after it so that it closes without asking. Editors are
  // closed once, at the end: in the web workbench a notebook shown after all editors closed
  // takes some 30 s to appear (its output webview waits for a service worker).
  teardown(async () => {
    for (const notebook of vscode.workspace.notebookDocuments) if (notebook.isDirty) await notebook.save();
  });
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('diagnostics land in the cell they belong to, at the exact range; markdown and magic cells get none', async () => {
    const notebook = await openNotebook();
    const expected = initialRows(notebook);
    await waitForRows(notebook, 'the fixture\'s two diagnostics', expected);
    const added = cellWith(notebook, 'model.add(');
    assert.equal(added.index, 3);
    const [zero] = initlintDiagnostics(added.document.uri);
    assert.equal(ruleId(zero), 'zero-init');
    assert.equal(zero.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(added.document.getText(zero.range), '"zeros"');
    assert.deepEqual([zero.range.start.line, zero.range.start.character, zero.range.end.line, zero.range.end.character], [1, 68, 1, 75]);
    // The mismatch's related location ("tanh") is in the model's own cell.
    const model = cellWith(notebook, 'keras.Sequential(');
    const [mismatch] = initlintDiagnostics(model.document.uri);
    const related = mismatch.relatedInformation ?? [];
    assert.ok(related.length > 0, 'the mismatch names the activation it is judged against');
    assert.equal(related[0].location.uri.toString(), model.document.uri.toString());
    assert.equal(model.document.getText(related[0].location.range), '"tanh"');
  });

  test('the quick fix on the cell\'s diagnostic rewrites that cell only, and the diagnostic goes away', async () => {
    const notebook = await openNotebook();
    await waitForRows(notebook, 'the fixture\'s diagnostics', initialRows(notebook));
    const before = notebook.getCells().map((cell) => cell.document.getText());
    const added = cellWith(notebook, 'model.add(');
    const [zero] = initlintDiagnostics(added.document.uri);
    const actions = (await codeActions(added.document.uri, zero.range)).filter((a) => a.kind && vscode.CodeActionKind.QuickFix.contains(a.kind));
    const fix = actions.find((a) => a.isPreferred && a.edit);
    assert.ok(fix, `no preferred quick fix; offered: ${actions.map((a) => a.title).join(' | ') || 'none'}`);
    assert.match(fix.title, /^Use 'glorot_uniform'/);
    assert.deepEqual(fix.edit!.entries().map(([uri]) => uri.toString()), [added.document.uri.toString()]);
    await applyAction(fix);
    const after = notebook.getCells().map((cell) => cell.document.getText());
    assert.equal(after[added.index], before[added.index].replace('kernel_initializer="zeros"', 'kernel_initializer="glorot_uniform"'));
    assert.deepEqual(after.filter((_, index) => index !== added.index), before.filter((_, index) => index !== added.index));
    const model = cellWith(notebook, 'keras.Sequential(');
    await waitForRows(notebook, 'zero-init to clear', [row(model, rangeOf(model, '"he_normal"'), 'init-activation-mismatch')]);
  });

  test('"Disable for this line" in a cell suppresses the finding there', async () => {
    const notebook = await openNotebook();
    await waitForRows(notebook, 'the fixture\'s diagnostics', initialRows(notebook));
    const added = cellWith(notebook, 'model.add(');
    const [zero] = initlintDiagnostics(added.document.uri);
    const disable = (await codeActions(added.document.uri, zero.range)).find((a) => a.title === 'Disable zero-init for this line');
    assert.ok(disable);
    const line = added.document.lineAt(zero.range.start.line).text;
    await applyAction(disable);
    assert.equal(added.document.lineAt(zero.range.start.line).text, `${line}  # initlint: disable=zero-init`);
    const model = cellWith(notebook, 'keras.Sequential(');
    await waitForRows(notebook, 'zero-init suppressed', [row(model, rangeOf(model, '"he_normal"'), 'init-activation-mismatch')]);
  });

  test('source.fixAll.initlint fixes each cell\'s own safe fixes; initlint.fixAll fixes the whole notebook', async () => {
    const notebook = await openNotebook();
    await waitForRows(notebook, 'the fixture\'s diagnostics', initialRows(notebook));
    const model = cellWith(notebook, 'keras.Sequential(');
    const added = cellWith(notebook, 'model.add(');
    const modelBefore = model.document.getText();
    const addedBefore = added.document.getText();
    const whole = (cell: vscode.NotebookCell) => new vscode.Range(0, 0, cell.document.lineCount, 0);

    // The mismatch swap changes a working model's scale: not safe, so the model's cell has nothing on save.
    assert.deepEqual((await codeActions(model.document.uri, whole(model), FIX_ALL_KIND)).map((a) => a.title), []);
    const safe = await codeActions(added.document.uri, whole(added), FIX_ALL_KIND);
    assert.equal(safe.length, 1, `expected one ${FIX_ALL_KIND} action, got ${safe.map((a) => a.title).join(', ') || 'none'}`);
    await applyAction(safe[0]);
    assert.equal(added.document.getText(), addedBefore.replace('"zeros"', '"glorot_uniform"'));
    assert.equal(model.document.getText(), modelBefore);

    await waitForRows(notebook, 'only the mismatch left', [row(model, rangeOf(model, '"he_normal"'), 'init-activation-mismatch')]);
    await vscode.window.showNotebookDocument(notebook);
    assert.equal(await vscode.commands.executeCommand('initlint.fixAll'), true);
    assert.equal(model.document.getText(), modelBefore.replace('"he_normal"', '"glorot_normal"'));
    await waitForRows(notebook, 'no diagnostics left', []);
  });

  test('notebook.source.fixAll.initlint, asked of the first cell, fixes every cell: safe fixes by default, all of them in "all" mode', async () => {
    const notebook = await openNotebook();
    await waitForRows(notebook, 'the fixture\'s diagnostics', initialRows(notebook));
    const first = notebook.cellAt(0);
    const model = cellWith(notebook, 'keras.Sequential(');
    const added = cellWith(notebook, 'model.add(');
    const modelBefore = model.document.getText();
    const addedBefore = added.document.getText();
    const ask = () => codeActions(first.document.uri, new vscode.Range(0, 0, first.document.lineCount, 0), NOTEBOOK_FIX_ALL_KIND);
    try {
      const safe = await ask();
      assert.equal(safe.length, 1, `expected one ${NOTEBOOK_FIX_ALL_KIND} action, got ${safe.map((a) => a.title).join(', ') || 'none'}`);
      assert.deepEqual(safe[0].edit!.entries().map(([uri]) => uri.toString()), [added.document.uri.toString()]);
      await applyAction(safe[0]);
      assert.equal(added.document.getText(), addedBefore.replace('"zeros"', '"glorot_uniform"'));
      assert.equal(model.document.getText(), modelBefore);

      await waitForRows(notebook, 'only the mismatch left', [row(model, rangeOf(model, '"he_normal"'), 'init-activation-mismatch')]);
      await vscode.workspace.getConfiguration('initlint').update('codeActionsOnSave.mode', 'all', vscode.ConfigurationTarget.Workspace);
      // The extension host hears of the new setting a moment after update() resolves.
      await waitFor('the "all" mode to arrive', () => vscode.workspace.getConfiguration('initlint', notebook.uri).get('codeActionsOnSave.mode') === 'all');
      const all = await ask();
      assert.equal(all.length, 1);
      assert.deepEqual(all[0].edit!.entries().map(([uri]) => uri.toString()), [model.document.uri.toString()]);
      await applyAction(all[0]);
      assert.equal(model.document.getText(), modelBefore.replace('"he_normal"', '"glorot_normal"'));
    } finally {
      await vscode.workspace.getConfiguration('initlint').update('codeActionsOnSave.mode', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('one program across cells: fan-in comes from another cell; editing or removing a cell re-analyses; removed cells lose their diagnostics', async () => {
    const notebook = await openNotebook();
    await waitForRows(notebook, 'the fixture\'s diagnostics', initialRows(notebook));
    const added = cellWith(notebook, 'model.add(');

    // Dense(1) in cell 3 is fed by Dense(UNITS) of the same cell; UNITS = 64 is set in cell 0.
    const output = added.document.getText().indexOf('Dense(1)');
    const hover = await hoverText(added.document.uri, added.document.positionAt(output + 2));
    assert.match(hover, /fan-in 64, fan-out 1/);

    // Without the imports of cell 0 nothing is a Keras model any more.
    const imports = cellWith(notebook, 'import keras');
    const importLine = imports.document.getText().split('\n').findIndex((line) => line === 'import keras');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(imports.document.uri, new vscode.Range(importLine, 0, importLine, 'import keras'.length), 'import numpy');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitForRows(notebook, 'no model without the import', []);
    const back = new vscode.WorkspaceEdit();
    back.replace(imports.document.uri, new vscode.Range(importLine, 0, importLine, 'import numpy'.length), 'import keras');
    assert.ok(await vscode.workspace.applyEdit(back));
    await waitForRows(notebook, 'the diagnostics back', initialRows(notebook));

    // Removing the cell that creates the model: the layers added later belong to no model.
    const zeroCellUri = added.document.uri;
    const model = cellWith(notebook, 'keras.Sequential(');
    await applyNotebookEdit(notebook, vscode.NotebookEdit.deleteCells(new vscode.NotebookRange(model.index, model.index + 1)));
    await waitForRows(notebook, 'no diagnostics without the model', []);
    assert.deepEqual(initlintDiagnostics(zeroCellUri), []);

    // A removed cell's diagnostics go with it.
    await applyNotebookEdit(notebook, vscode.NotebookEdit.insertCells(2, [new vscode.NotebookCellData(vscode.NotebookCellKind.Code, model.document.getText(), 'python')]));
    await waitForRows(notebook, 'the diagnostics with the model back', initialRows(notebook));
    const flagged = cellWith(notebook, 'model.add(');
    await applyNotebookEdit(notebook, vscode.NotebookEdit.deleteCells(new vscode.NotebookRange(flagged.index, flagged.index + 1)));
    const restored = cellWith(notebook, 'keras.Sequential(');
    await waitForRows(notebook, 'only the mismatch', [row(restored, rangeOf(restored, '"he_normal"'), 'init-activation-mismatch')]);
    assert.deepEqual(initlintDiagnostics(flagged.document.uri), [], 'the removed cell kept its diagnostics');
  });

  test('markdown and magic cells inserted above move the diagnostics to the shifted cells, unchanged', async () => {
    const notebook = await openNotebook();
    await waitForRows(notebook, 'the fixture\'s diagnostics', initialRows(notebook));
    await applyNotebookEdit(notebook, vscode.NotebookEdit.insertCells(1, [
      new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, '## Setup\n`%%bash` below is shell, not Python: (((', 'markdown'),
      new vscode.NotebookCellData(vscode.NotebookCellKind.Code, '%%bash\nfor f in *.py; do echo "$f ((("; done', 'python'),
      new vscode.NotebookCellData(vscode.NotebookCellKind.Code, '!pip list | grep keras\n%matplotlib inline\nkeras.layers?', 'python'),
    ]));
    const expected = initialRows(notebook);
    assert.match(expected[1], /^6:/, 'the zero-init cell is now cell 6');
    await waitForRows(notebook, 'the diagnostics in the shifted cells', expected);
  });

  test('a CodeLens in the model\'s cell, and the gradient-flow panel opened from a cell follows the active notebook', async () => {
    const notebook = await openNotebook();
    await waitForRows(notebook, 'the fixture\'s diagnostics', initialRows(notebook));
    const model = cellWith(notebook, 'keras.Sequential(');
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', model.document.uri)) ?? [];
    const lens = lenses.find((item) => item.command?.command === 'initlint.showGradientFlow');
    assert.ok(lens, 'a gradient-flow CodeLens in the model\'s cell');
    assert.equal(lens.range.start.line, 0);
    assert.equal((lens.command!.arguments![0] as vscode.Uri).toString(), model.document.uri.toString());
    // (Markdown cells are left out: VS Code has no text model for a cell not being edited.)
    for (const cell of notebook.getCells().filter((candidate) => candidate !== model && candidate.kind === vscode.NotebookCellKind.Code)) {
      const others = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', cell.document.uri)) ?? [];
      assert.equal(others.filter((item) => item.command?.command === 'initlint.showGradientFlow').length, 0, `cell ${cell.index} has a lens`);
    }

    const name = path.basename(notebook.uri.path);
    // From a cell's editor, as the palette and the editor-title button run it.
    await vscode.window.showTextDocument(model.document);
    await vscode.commands.executeCommand('initlint.showGradientFlow');
    const [tab] = await waitFor('the gradient-flow tab', () => (gradientFlowTabs().length > 0 ? gradientFlowTabs() : undefined));
    assert.equal(tab.label, `Gradient Flow: ${name}`);

    // Another file comes forward, then the notebook again: the panel follows each.
    const python = await vscode.workspace.openTextDocument(workspaceFile('mlp_relu_defaults.py'));
    await vscode.window.showTextDocument(python, vscode.ViewColumn.One);
    await waitFor('the panel on the .py file', () => gradientFlowTabs()[0]?.label === 'Gradient Flow: mlp_relu_defaults.py');
    await vscode.window.showNotebookDocument(notebook, { viewColumn: vscode.ViewColumn.One });
    await vscode.window.showTextDocument(cellWith(notebook, 'model.add(').document, vscode.ViewColumn.One);
    await waitFor('the panel back on the notebook', () => gradientFlowTabs()[0]?.label === `Gradient Flow: ${name}`);

    // The CodeLens's command opens the same panel on the notebook's model.
    await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []));
    assert.equal(gradientFlowTabs().length, 1);
    assert.equal(gradientFlowTabs()[0].label, `Gradient Flow: ${name}`);
    await vscode.window.tabGroups.close(gradientFlowTabs());
  });
});
