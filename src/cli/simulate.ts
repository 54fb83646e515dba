// `initlint simulate <file>`: the gradient-flow report of DESIGN.md's contract, as a
// readable per-layer table or as JSON.

import { simulateModel, SIMULATION_DEFAULTS, type InitChoice, type ModelFlow, type ModelIR } from '../core';
import { printable } from './files';
import type { Placer } from './places';

export const SIMULATE_FORMATS = ['text', 'json'] as const;
export type SimulateFormat = (typeof SIMULATE_FORMATS)[number];

export interface SimulateArguments {
  file: string;
  format: SimulateFormat;
  seed: number;
  batch: number;
  model?: string;
  init: InitChoice;
}

export interface SimulateRun {
  seed: number;
  batch: number;
  passes: number;
  init: InitChoice;
  flows: ModelFlow[];
}

export function simulateModels(models: readonly ModelIR[], args: SimulateArguments): SimulateRun {
  const flows = models.map((model) => simulateModel(model, { seed: args.seed, batch: args.batch, init: args.init }));
  return { seed: args.seed, batch: args.batch, passes: SIMULATION_DEFAULTS.passes, init: args.init, flows };
}

/** Non-finite ratios (a zero last-layer gradient) have no JSON number: they become null. */
const finite = (value: number): number | null => (Number.isFinite(value) ? value : null);

/** Where a model or layer starts: its line, and in a notebook its cell (0-based) and the line within that cell. */
function startOf(placer: Placer, span: { from: number }): { cell?: number; line: number } {
  const place = placer.place(span.from, span.from);
  return place ? { ...(place.cell !== undefined ? { cell: place.cell } : {}), line: place.line } : { line: 0 };
}

export function simulationJson(run: SimulateRun, placer: Placer): object {
  return {
    version: 1,
    seed: run.seed,
    batch: run.batch,
    init: run.init,
    models: run.flows.map((flow) => ({
      name: flow.name,
      ...startOf(placer, flow.span),
      inputShape: flow.inputShape ?? null,
      ...(flow.notSimulated ? { notSimulated: flow.notSimulated } : {}),
      ...(flow.monteCarloSkipped ? { monteCarloSkipped: flow.monteCarloSkipped } : {}),
      ...(flow.gradientRatio
        ? { gradientRatio: { analytic: finite(flow.gradientRatio.analytic), monteCarlo: finite(flow.gradientRatio.monteCarlo ?? Number.NaN) } }
        : {}),
      layers: flow.layers.map((layer) => ({
        index: layer.index,
        name: layer.name,
        type: layer.type,
        ...startOf(placer, layer.span),
        fanIn: layer.fanIn,
        fanOut: layer.fanOut,
        activation: layer.activation,
        initializer: layer.initializer,
        analytic: layer.analytic,
        ...(layer.monteCarlo ? { monteCarlo: layer.monteCarlo } : {}),
      })),
    })),
  };
}

const short = (value: number): string => (value === 0 ? '0' : Math.abs(value) >= 0.01 && Math.abs(value) < 1000 ? value.toPrecision(3) : value.toExponential(2));

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ').trimEnd());
}

export function simulationText(run: SimulateRun, placer: Placer, path: string): string {
  const out: string[] = [];
  for (const flow of run.flows) {
    const start = startOf(placer, flow.span);
    const at = `${start.cell !== undefined ? `cell ${start.cell + 1}:` : ''}${start.line}`;
    out.push(`${printable(path)}:${at}: model '${printable(flow.name)}' · ${run.init} initializers · seed ${run.seed}, batch ${run.batch}, ${run.passes} Monte-Carlo passes`);
    if (flow.notSimulated) {
      out.push(`  not simulated: ${flow.notSimulated}`, '');
      continue;
    }
    out.push(`  input shape [${flow.inputShape?.join(', ')}]`);
    if (flow.monteCarloSkipped) out.push(`  ${flow.monteCarloSkipped}`);
    const header = ['#', 'layer', 'type', 'fan in→out', 'activation', 'initializer (Var W)', 'activation RMS: analytic | MC ± sd', 'gradient RMS: analytic | MC ± sd', 'dead', 'saturated'];
    const rows = flow.layers.map((layer) => {
      const mc = layer.monteCarlo;
      return [
        String(layer.index),
        printable(layer.name),
        layer.type,
        `${layer.fanIn}→${layer.fanOut}`,
        layer.activation,
        `${layer.initializer.name} (${short(layer.initializer.variance)})${layer.analytic.symmetric ? ' symmetric' : ''}`,
        `${short(layer.analytic.activationRms)} | ${mc ? `${short(mc.activationRms.mean)} ± ${short(mc.activationRms.std)}` : '–'}`,
        `${short(layer.analytic.gradientRms)} | ${mc ? `${short(mc.gradientRms.mean)} ± ${short(mc.gradientRms.std)}` : '–'}`,
        mc ? `${Math.round(mc.deadFraction * 100)}%` : '–',
        mc ? `${Math.round(mc.saturatedFraction * 100)}%` : '–',
      ];
    });
    out.push(...table([header, ...rows]).map((row) => `  ${row}`));
    const ratio = flow.gradientRatio;
    if (ratio) {
      const mc = ratio.monteCarlo !== undefined ? `, Monte Carlo ${short(ratio.monteCarlo)}` : '';
      out.push(`  first/last layer gradient ratio: analytic ${short(ratio.analytic)}${mc}`);
    }
    out.push('');
  }
  return out.join('\n').trimEnd();
}
