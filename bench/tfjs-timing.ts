// TensorFlow.js reference timings for the bench: the same forward+backward pass the simulator
// runs, done by a real framework on its pure-JS CPU backend and its WASM backend.

import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-core's Node build registers no gradient functions; tfjs-layers' build registers all of
// them on load (the oracle gets them the same way).
import '@tensorflow/tfjs-layers';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

let wasmPathSet = false;

async function selectBackend(backend: 'cpu' | 'wasm'): Promise<void> {
  // Production mode only silences TF.js's console notes (the "install tfjs-node" banner).
  tf.enableProdMode();
  if (backend === 'wasm' && !wasmPathSet) {
    // In Node the .wasm binaries are read from the package's dist folder.
    const root = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
    setWasmPaths(path.join(root, 'dist') + path.sep);
    wasmPathSet = true;
  }
  if (!(await tf.setBackend(backend))) throw new Error(`TF.js backend '${backend}' failed to initialize`);
  await tf.ready();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Median wall time (ms) of one forward+backward pass (loss as above, gradients of all kernels) of a `depth`-layer, `width`-wide ReLU MLP at `batch`, on TF.js backend 'cpu' or 'wasm', after warm-up. */
export async function timeTfjsMlpPass(backend: 'cpu' | 'wasm', depth: number, width: number, batch: number, repeats: number): Promise<number> {
  await selectBackend(backend);
  // He-normal kernels keep activations O(1) at any depth, so no pass hits denormals or overflow.
  // Seeds start at 1 (TF.js takes a seed of 0 as "unseeded"); tidy frees the sampled tensors,
  // the variables keep their data.
  const kernels = Array.from({ length: depth }, (_, l) =>
    tf.tidy(() => tf.variable(tf.randomNormal([width, width], 0, Math.sqrt(2 / width), 'float32', l + 1))),
  );
  const biases = Array.from({ length: depth }, () => tf.zeros([width]));
  const x = tf.randomNormal([batch, width], 0, 1, 'float32', 1_000_003);
  const g = tf.randomNormal([batch, width], 0, 1, 'float32', 2_000_003);

  const pass = (): void => {
    const { value, grads } = tf.variableGrads(() => {
      let h: tf.Tensor = x;
      // The fused op is what a tfjs-layers Dense(activation: 'relu') runs.
      for (let l = 0; l < depth; l++) h = tf.fused.matMul({ a: h, b: kernels[l], bias: biases[l], activation: 'relu' });
      return tf.div(tf.sum(tf.mul(h, g)), batch) as tf.Scalar;
    }, kernels);
    // CPU and WASM kernels run synchronously, so the pass is complete here; reading the loss
    // is a cheap barrier that does not download the gradients.
    value.dataSync();
    tf.dispose([value, ...Object.values(grads)]);
  };

  try {
    for (let i = 0; i < 2; i++) pass(); // warm-up: JIT, WASM compilation, buffer pools
    const times: number[] = [];
    for (let i = 0; i < Math.max(1, repeats); i++) {
      const start = performance.now();
      pass();
      times.push(performance.now() - start);
    }
    return median(times);
  } finally {
    tf.dispose([...kernels, ...biases, x, g]);
  }
}
