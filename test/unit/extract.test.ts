// Extraction fixtures: `# name`, source, `==>`, one line per model summarizing its layers.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { extractFile, type LayerIR, type ModelIR } from '../../src/core';

function summarizeLayer(layer: LayerIR, index: number): string {
  const parts = [layer.kind];
  if (layer.units !== undefined) parts.push(String(layer.units));
  if (layer.role === 'kernel') {
    parts.push(layer.activation.name);
    const init = layer.kernelInitializer;
    parts.push(`${init?.spec?.name ?? 'unknown'}${init?.explicit ? '' : '(default)'}`);
  }
  if (layer.kernelSize) parts.push(`k=[${layer.kernelSize.join(',')}]`);
  if (layer.inputShape) parts.push(`in=[${layer.inputShape.join(',')}]`);
  const chained = index === 0 ? layer.inputs.length === 0 : layer.inputs.length === 1 && layer.inputs[0] === index - 1;
  if (!chained) parts.push(`<-[${layer.inputs.join(',')}]`);
  return parts.join(' ');
}

export function summarize(model: ModelIR): string {
  return `${model.name}: ${model.layers.map(summarizeLayer).join(' > ')}`;
}

const folder = path.join(__dirname, '..', '..', '..', 'test', 'unit', 'fixtures', 'extract');

for (const file of fs.readdirSync(folder).filter((name) => name.endsWith('.txt'))) {
  const cases = fs.readFileSync(path.join(folder, file), 'utf8').split(/^# /m).filter((chunk) => chunk.trim() !== '');
  describe(`extract fixtures: ${file}`, () => {
    for (const chunk of cases) {
      const [name, ...rest] = chunk.split('\n');
      const [source, expected] = rest.join('\n').split(/^==>\n/m);
      it(name, () => {
        const models = extractFile(source, 'python').models.map(summarize);
        assert.deepEqual(models, expected.trim() === '' ? [] : expected.trim().split('\n'));
      });
    }
  });
}
