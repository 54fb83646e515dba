// The engine against a real framework's autograd: every validation architecture is read from
// its Keras source by the extractor, simulated (analytic and Monte Carlo), and compared layer by
// layer with the same network built and differentiated in TensorFlow.js (CPU backend).
// Compared: log10(gradientRms[l] / gradientRms[last]) and log10(activationRms[l]).
// Tolerances (per architecture): median error ≤ 0.1 decades for Monte Carlo, ≤ 0.15 for the
// analytic estimate, and no single value off by more than half a decade.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { extractFile, simulateModel, type ModelFlow } from '../../../src/core';
import { architectures, type Architecture } from './architectures';
import { assertWithinLimits, median, profileErrors, relative } from './flow-profile';
import { measureTfjs } from './tfjs-measure';

const TFJS_SEEDS = [0, 1, 2];

function simulate(arch: Architecture): ModelFlow {
  const models = extractFile(arch.python, 'python').models;
  assert.equal(models.length, 1, `${arch.id}: one model in the Keras source`);
  const flow = simulateModel(models[0], { batch: arch.batch ?? 128, seed: 0 });
  assert.equal(flow.notSimulated, undefined, `${arch.id}: ${flow.notSimulated}`);
  return flow;
}

const table: string[] = [];
const row = (...cells: string[]): string => cells.map((cell, i) => (i === 0 ? cell.padEnd(30) : cell.padStart(9))).join(' ');

describe('gradient flow agrees with TensorFlow.js autograd', () => {
  after(() => {
    console.log(
      [
        'Engine vs TF.js (CPU backend, seeds 0–2): errors in decades over log10(g[l]/g[last]) and log10(activationRms[l])',
        row('architecture', 'layers', 'MC med', 'MC max', 'AN med', 'AN max'),
        ...table,
      ].join('\n'),
    );
  });

  for (const arch of architectures) {
    it(`${arch.id}: ${arch.description}`, async () => {
      const flow = simulate(arch);
      const oracle = await measureTfjs(arch.tfjs, { batch: arch.batch ?? 128, seeds: TFJS_SEEDS, input: arch.input, training: arch.training });
      assert.equal(flow.layers.length, oracle.gradientRms.length, `${arch.id}: kernel layers`);
      const analytic = profileErrors(
        { activationRms: flow.layers.map((l) => l.analytic.activationRms), gradientRms: flow.layers.map((l) => l.analytic.gradientRms) },
        oracle,
      );
      const monteCarlo = profileErrors(
        { activationRms: flow.layers.map((l) => l.monteCarlo!.activationRms.mean), gradientRms: flow.layers.map((l) => l.monteCarlo!.gradientRms.mean) },
        oracle,
      );
      const fmt = (value: number): string => value.toFixed(3);
      table.push(row(arch.id, String(flow.layers.length), fmt(median(monteCarlo)), fmt(Math.max(...monteCarlo)), fmt(median(analytic)), fmt(Math.max(...analytic))));
      const detail = `\n  TF.js g/g_last  ${relative(oracle.gradientRms).map((v) => v.toExponential(2)).join(' ')}` +
        `\n  MC    g/g_last  ${relative(flow.layers.map((l) => l.monteCarlo!.gradientRms.mean)).map((v) => v.toExponential(2)).join(' ')}` +
        `\n  AN    g/g_last  ${relative(flow.layers.map((l) => l.analytic.gradientRms)).map((v) => v.toExponential(2)).join(' ')}` +
        `\n  TF.js act       ${oracle.activationRms.map((v) => v.toExponential(2)).join(' ')}` +
        `\n  MC    act       ${flow.layers.map((l) => l.monteCarlo!.activationRms.mean.toExponential(2)).join(' ')}` +
        `\n  AN    act       ${flow.layers.map((l) => l.analytic.activationRms.toExponential(2)).join(' ')}`;
      assertWithinLimits(arch.id, monteCarlo, analytic, detail);
    });
  }
});
