// The initializer hover, asked for the way VS Code asks: through the hover provider command.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, lineOf, openExample, revertAll } from './helpers';

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n---\n');
}

async function hoverAt(uri: vscode.Uri, position: vscode.Position): Promise<vscode.Hover[]> {
  return (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [];
}

suite('initlint hover', () => {
  suiteSetup(activateExtension);
  teardown(revertAll);

  test('correct_model.py: he_normal on a ReLU layer with 64 inputs has gain 1.00', async () => {
    const document = await openExample('correct_model.py');
    const line = lineOf(document, 'Dense(256', '"he_normal"');
    const column = document.lineAt(line).text.indexOf('"he_normal"') + 3;
    const hovers = await hoverAt(document.uri, new vscode.Position(line, column));
    const text = hoverText(hovers);
    assert.match(text, /he_normal/);
    assert.match(text, /Var\(W\) = 2 \/ fan_in/);
    assert.match(text, /fan-in 64, fan-out 256/);
    assert.match(text, /Gain \*\*1\.00\*\* per layer with relu/);
    const ours = hovers.find((hover) => hoverText([hover]).includes('he_normal'));
    assert.ok(ours?.range, 'the hover names the range it is about');
    assert.equal(document.getText(ours.range), '"he_normal"');
  });

  test("mlp_relu_defaults.py: over a layer's class name, the default Glorot uniform gives 0.60 per ReLU layer", async () => {
    const document = await openExample('mlp_relu_defaults.py');
    const line = lineOf(document, 'Dense(512', 'relu');
    const column = document.lineAt(line).text.indexOf('Dense(512') + 2;
    const text = hoverText(await hoverAt(document.uri, new vscode.Position(line, column)));
    assert.match(text, /glorot_uniform/);
    assert.match(text, /the default/);
    assert.match(text, /Var\(W\) = 2 \/ \(fan_in \+ fan_out\)/);
    assert.match(text, /fan-in 784, fan-out 512/);
    // 784 · 2/(784 + 512) · ½ = 0.605
    assert.match(text, /Gain \*\*0\.60\*\* per layer with relu/);
  });

  test('no initlint hover over an activation argument', async () => {
    const document = await openExample('mlp_relu_defaults.py');
    const line = lineOf(document, 'Dense(512', 'relu');
    const column = document.lineAt(line).text.indexOf('"relu"') + 2;
    const text = hoverText(await hoverAt(document.uri, new vscode.Position(line, column)));
    assert.doesNotMatch(text, /per layer/);
  });
});
