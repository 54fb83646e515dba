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
import { measureTfjs, type OracleProfile } from './tfjs-measure';

const TFJS_SEEDS = [0, 1, 2];
const LIMITS = { monteCarlo: 0.1, analytic: 0.15, worst: 0.5 };

/** |log10(a) − log10(b)|, where two exact zeros agree and a zero against a non-zero never does. */
function decades(a: number, b: number): number {
  if (a === 0 || b === 0) return a === b ? 0 : Infinity;
  return Math.abs(Math.log10(a) - Math.log10(b));
}

/** Gradients relative to the last layer's; when that is exactly zero, the absolute values. */
function relative(gradients: readonly number[]): number[] {
  const last = gradients[gradients.length - 1];
  return last === 0 ? [...gradients] : gradients.map((value) => value / last);
}

function errors(estimate: OracleProfile, oracle: OracleProfile): number[] {
  const gradient = relative(estimate.gradientRms);
  const reference = relative(oracle.gradientRms);
  return [
    ...gradient.slice(0, -1).map((value, l) => decades(value, reference[l])),
    ...estimate.activationRms.map((value, l) => decades(value, oracle.activationRms[l])),
  ];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

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
      const analytic = errors(
        { activationRms: flow.layers.map((l) => l.analytic.activationRms), gradientRms: flow.layers.map((l) => l.analytic.gradientRms) },
        oracle,
      );
      const monteCarlo = errors(
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
      assert.ok(median(monteCarlo) <= LIMITS.monteCarlo, `${arch.id}: Monte-Carlo median error ${fmt(median(monteCarlo))} > ${LIMITS.monteCarlo}${detail}`);
      assert.ok(Math.max(...monteCarlo) <= LIMITS.worst, `${arch.id}: a Monte-Carlo value is off by more than ${LIMITS.worst} decades${detail}`);
      assert.ok(median(analytic) <= LIMITS.analytic, `${arch.id}: analytic median error ${fmt(median(analytic))} > ${LIMITS.analytic}${detail}`);
      assert.ok(Math.max(...analytic) <= LIMITS.worst, `${arch.id}: an analytic value is off by more than ${LIMITS.worst} decades${detail}`);
    });
  }
});
