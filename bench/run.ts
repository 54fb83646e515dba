// `npm run bench`: the simulation's speed targets, measured side by side in one run and
// printed as figures (never asserted: these machines are shared and noisy).
//   - analytic estimate of a 1,000-layer model (target < 5 ms);
//   - one Monte-Carlo forward+backward pass of a 50-layer, 512-wide ReLU MLP at batch 128,
//     against the same pass in TensorFlow.js's CPU backend (target ≥ 3× faster) and its
//     WASM backend (target within 2×).
// Then the analyzer's targets (bench/analysis.ts): full analysis against the bare parse, and
// incremental re-analysis after a one-character edit.

import { extractFile, simulateModel, SIMULATION_DEFAULTS, type ModelIR } from '../src/core';
import { runAnalysisBench } from './analysis';
import { timeTfjsMlpPass } from './tfjs-timing';

function mlpModel(depth: number, width: number, activation: string, initializer: string): ModelIR {
  const layer = `    layers.Dense(${width}, activation="${activation}", kernel_initializer="${initializer}"),\n`;
  const source = `import keras\nfrom keras import layers\n\nmodel = keras.Sequential([\n    keras.Input(shape=(${width},)),\n${layer.repeat(depth)}])\n`;
  const [model] = extractFile(source, 'python').models;
  if (!model || model.layers.length !== depth + 1) throw new Error('bench: the generated model did not extract');
  return model;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timeMs(run: () => void, repeats: number): number {
  run(); // warm-up: JIT and caches
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  return median(times);
}

const fmt = (ms: number): string => `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;

async function main(): Promise<void> {
  console.log(`initlint bench · node ${process.version} · ${process.arch}`);

  for (const [activation, initializer] of [['relu', 'he_normal'], ['tanh', 'glorot_normal']]) {
    const deep = mlpModel(1000, 256, activation, initializer);
    const ms = timeMs(() => simulateModel(deep, { monteCarlo: false }), 50);
    console.log(`analytic, 1,000-layer ${activation} MLP:              ${fmt(ms).padStart(9)}   (target < 5 ms)`);
  }

  const depth = 50;
  const width = 512;
  const batch = SIMULATION_DEFAULTS.batch;
  const model = mlpModel(depth, width, 'relu', 'he_normal');
  const pass = (maxWidth: number) => () => simulateModel(model, { passes: 1, batch, maxWidth });
  const capped = timeMs(pass(SIMULATION_DEFAULTS.maxWidth), 5);
  const full = timeMs(pass(width), 3);
  const cpu = await timeTfjsMlpPass('cpu', depth, width, batch, 3);
  const wasm = await timeTfjsMlpPass('wasm', depth, width, batch, 5);

  console.log(`\none forward+backward pass, ${depth}-layer ${width}-wide ReLU MLP, batch ${batch}:`);
  console.log(`  initlint Monte Carlo (width capped at ${SIMULATION_DEFAULTS.maxWidth}, the default): ${fmt(capped).padStart(9)}`);
  console.log(`  initlint Monte Carlo (full width ${width}):                ${fmt(full).padStart(9)}`);
  console.log(`  TensorFlow.js CPU backend:                          ${fmt(cpu).padStart(9)}`);
  console.log(`  TensorFlow.js WASM backend:                         ${fmt(wasm).padStart(9)}`);
  console.log(`\n  TF.js CPU / initlint (default):  ${(cpu / capped).toFixed(1)}×   (target ≥ 3×)`);
  console.log(`  initlint (default) / TF.js WASM: ${(capped / wasm).toFixed(2)}×  (target ≤ 2×)`);
  console.log(`  TF.js CPU / initlint (full width): ${(cpu / full).toFixed(1)}×;  initlint (full width) / TF.js WASM: ${(full / wasm).toFixed(2)}×`);

  runAnalysisBench();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
