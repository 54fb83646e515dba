// The gradient-flow entry points as VS Code sees them: the CodeLens above each model and the
// command that opens the panel beside the editor.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, lineOf, openExample, revertAll, waitFor } from './helpers';

function gradientFlowTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('initlint.gradientFlow'));
}

suite('initlint gradient-flow entry points', () => {
  suiteSetup(activateExtension);
  teardown(revertAll);

  test('a CodeLens above the model names its predicted first/last gradient ratio and opens the panel on it', async () => {
    const document = await openExample('mlp_relu_defaults.py');
    let lens: vscode.CodeLens | undefined;
    for (let attempt = 0; attempt < 40 && !lens; attempt++) {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
      lens = found?.find((item) => item.command?.command === 'initlint.showGradientFlow');
      if (!lens) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.ok(lens, 'a gradient-flow CodeLens');
    // analytic ratio 0.176 for this model: log10 = −0.75 → 10⁻⁰·⁸
    assert.equal(lens.command!.title, 'Gradient flow · first/last ×10⁻⁰·⁸ · Show');
    assert.equal(lens.range.start.line, lineOf(document, 'keras.Sequential('));
    assert.equal((lens.command!.arguments![0] as vscode.Uri).toString(), document.uri.toString());
    assert.equal(lens.command!.arguments![1], 0);
  });

  test('"Show Gradient Flow" opens one panel beside the editor and reuses it', async () => {
    const document = await openExample('mlp_relu_defaults.py');
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('initlint.showGradientFlow');
    const [tab] = await waitFor('the gradient-flow tab', () => (gradientFlowTabs().length > 0 ? gradientFlowTabs() : undefined));
    assert.equal(tab.label, 'Gradient Flow: mlp_relu_defaults.py');
    assert.notEqual(tab.group.viewColumn, vscode.window.activeTextEditor?.viewColumn ?? vscode.ViewColumn.One);
    await vscode.commands.executeCommand('initlint.showGradientFlow', document.uri, 0);
    assert.equal(gradientFlowTabs().length, 1);
    await vscode.window.tabGroups.close(gradientFlowTabs());
  });
});
