// Seeded sampling: every number the simulation draws comes from a seedrandom generator
// passed in, so the same seed gives the same numbers on every machine and in the browser.

import seedrandom from 'seedrandom';
import type { Fans, MatrixShape } from '../catalog/variance';
import { fanFor, varianceScalingStddev } from '../catalog/variance';
import type { InitializerSpec, RandomDistribution } from '../catalog/initializers';
import type { Framework } from '../ir';

export type Rng = () => number;

export function seededRng(seed: number | string): Rng {
  // Alea: seedrandom's fast generator (several times ARC4's speed); sampling dominates small passes.
  return seedrandom.alea(String(seed));
}

type Buffer = Float64Array | Float32Array;

/** Standard normal deviates by Box–Muller, two per pair of uniforms. */
export function fillNormal<T extends Buffer>(out: T, rng: Rng): T {
  for (let i = 0; i < out.length; i += 2) {
    const u = 1 - rng(); // in (0, 1]: log stays finite
    const radius = Math.sqrt(-2 * Math.log(u));
    const angle = 2 * Math.PI * rng();
    out[i] = radius * Math.cos(angle);
    if (i + 1 < out.length) out[i + 1] = radius * Math.sin(angle);
  }
  return out;
}

/** One standard normal deviate redrawn until it lies within ±2, as the frameworks truncate. */
function truncatedNormal(rng: Rng): number {
  for (;;) {
    const u = 1 - rng();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
    if (z >= -2 && z <= 2) return z;
  }
}

function fillDistribution(out: Buffer, distribution: RandomDistribution, mean: number, stddev: number, rng: Rng): void {
  if (distribution === 'normal') {
    fillNormal(out, rng);
    for (let i = 0; i < out.length; i++) out[i] = mean + stddev * out[i];
  } else if (distribution === 'truncated_normal') {
    for (let i = 0; i < out.length; i++) out[i] = mean + stddev * truncatedNormal(rng);
  } else {
    const limit = stddev * Math.sqrt(3); // a uniform on ±limit has this stddev
    for (let i = 0; i < out.length; i++) out[i] = mean + limit * (2 * rng() - 1);
  }
}

/**
 * A kernel of `fans.fanIn × fans.fanOut` elements (row-major, one row per input) drawn from
 * `spec` as `framework` draws it.
 */
export function sampleKernel(spec: InitializerSpec, fans: Fans, framework: Framework, rng: Rng): Float64Array {
  const matrix = { rows: fans.fanIn, cols: fans.fanOut };
  return sampleMatrix(new Float64Array(fans.fanIn * fans.fanOut), spec, fans, matrix, matrix, framework, rng);
}

/**
 * Fills `out` (`size.rows × size.cols`, row-major) with elements distributed as those of
 * the real kernel (`fans`, flattened to `real`): a width-capped layer keeps the real
 * element variance, so only its fan counts differ.
 */
export function sampleMatrix<T extends Buffer>(out: T, spec: InitializerSpec, fans: Fans, real: MatrixShape, size: MatrixShape, framework: Framework, rng: Rng): T {
  const { rows, cols } = size;
  switch (spec.kind) {
    case 'variance_scaling':
      fillDistribution(out, spec.distribution, 0, varianceScalingStddev(spec.scale, fanFor(fans, spec.mode), framework, spec.distribution === 'truncated_normal'), rng);
      return out;
    case 'absolute':
      fillDistribution(out, spec.distribution, spec.mean, spec.stddev, rng);
      return out;
    case 'constant':
      out.fill(spec.value ?? 0);
      return out;
    case 'identity':
      out.fill(0);
      for (let i = 0; i < Math.min(rows, cols); i++) out[i * cols + i] = spec.gain;
      return out;
    case 'orthogonal': {
      const q = orthogonal(rows, cols, spec.gain, rng);
      const rescale = Math.sqrt(Math.max(rows, cols) / Math.max(real.rows, real.cols));
      for (let i = 0; i < q.length; i++) out[i] = q[i] * rescale;
      return out;
    }
  }
}

/**
 * A (rows × cols) matrix with orthonormal columns (or rows, when wider than tall): QR of a
 * Gaussian matrix by modified Gram–Schmidt, each column's sign set by R's diagonal, times gain.
 */
function orthogonal(rows: number, cols: number, gain: number, rng: Rng): Float64Array {
  const tall = rows >= cols;
  const n = tall ? rows : cols; // length of each basis vector
  const k = tall ? cols : rows; // number of vectors
  const basis = Array.from({ length: k }, () => fillNormal(new Float64Array(n), rng));
  for (let j = 0; j < k; j++) {
    const v = basis[j];
    for (let p = 0; p < j; p++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += basis[p][i] * v[i];
      for (let i = 0; i < n; i++) v[i] -= dot * basis[p][i];
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += v[i] * v[i];
    norm = Math.sqrt(norm) || 1; // R's diagonal is this norm, positive: the sign correction keeps q as is
    for (let i = 0; i < n; i++) v[i] /= norm;
  }
  const out = new Float64Array(rows * cols);
  for (let j = 0; j < k; j++) {
    for (let i = 0; i < n; i++) {
      if (tall) out[i * cols + j] = gain * basis[j][i];
      else out[j * cols + i] = gain * basis[j][i];
    }
  }
  return out;
}
