// Gaussian integrals for the analytic estimate: the error function, the normal pdf/cdf,
// Gauss–Hermite and Gauss–Legendre rules. Rules are computed once per size and cached, so
// the per-layer cost of a Gaussian expectation is one pass over the nodes.

const SQRT_PI = Math.sqrt(Math.PI);
const SQRT_2 = Math.SQRT2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * erf(x) for |x| < 0.5 by the series 2/√π · e^{−x²} · Σ 2ⁿ x^{2n+1} / (2n+1)!!, whose terms are
 * all positive (no cancellation) and shrink by at least 6× each: ~15 terms to round-off.
 */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = Math.abs(x);
  let sum = term;
  for (let n = 1; n < 40; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return Math.sign(x) * (2 / SQRT_PI) * Math.exp(-x2) * sum;
}

/**
 * Chebyshev coefficients of erfcx(x) = e^{x²}·erfc(x) on x ∈ [0, ∞) in the variable
 * t = (x − 4)/(x + 4) ∈ [−1, 1), fitted for this project at 50 digits with mpmath
 * (Chebyshev interpolation on 120 nodes); the first coefficient is already halved.
 * Relative error below 2e-15 on [0, 8].
 */
const ERFCX_CHEBYSHEV = [
  0.2981017936936576, -0.42908644125580536, 0.18027256568771055, -0.06523752449734899, 0.020367256576744864,
  -0.005449087066459008, 0.0012278515372606755, -0.0002246979421877305, 3.068543113098951e-5, -2.3178234999468535e-6,
  -1.4628356484727578e-7, 6.927830518748949e-8, -6.8831107633628464e-9, -6.858489149445451e-10, 2.4593734989496684e-10,
  -7.814909174028096e-12, -5.889394733817263e-12, 6.869230438567993e-13, 1.255049258010826e-13, -2.8232509502798152e-14,
  -2.6031646343175433e-15, 1.0249960195009234e-15, 5.72841468125685e-17, -3.692875129327215e-17, -1.5725507296420274e-18,
  1.368806273864585e-18,
];

/**
 * erfcx for x ≥ 0: the Chebyshev series (Clenshaw's recurrence) up to 8, then the continued
 * fraction erfc(x) = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), which from x = 8 on
 * reaches round-off in 10 levels.
 */
function erfcxPositive(x: number): number {
  if (x >= 8) {
    let tail = x;
    for (let k = 10; k >= 1; k--) tail = x + k / 2 / tail;
    return 1 / (SQRT_PI * tail);
  }
  const t = (x - 4) / (x + 4);
  let b1 = 0;
  let b2 = 0;
  for (let k = ERFCX_CHEBYSHEV.length - 1; k >= 1; k--) {
    const b0 = 2 * t * b1 - b2 + ERFCX_CHEBYSHEV[k];
    b2 = b1;
    b1 = b0;
  }
  return t * b1 - b2 + ERFCX_CHEBYSHEV[0];
}

/** e^{−h²} for h = i/16, i = 0 … 448, as expMinusSquare computes it ((−h)·h and h·(−h) round alike: one entry serves ±h). */
const HEAD_FACTORS = Float64Array.from({ length: 449 }, (_, i) => Math.exp(-(i / 16) * (i / 16)));

/**
 * e^{−x²} without the rounding of x·x, which for x ≈ 25 alone costs 1e-13 relative: split x
 * into a part with a short mantissa, whose square is exact, and a small remainder.
 */
function expMinusSquare(x: number): number {
  if (!Number.isFinite(x)) return 0;
  const sixteenths = Math.trunc(x * 16);
  const head = sixteenths / 16;
  // e^{−head²} takes few values (past 28 it is 0): read from the table, to the same bits.
  const headFactor = Math.abs(sixteenths) < HEAD_FACTORS.length ? HEAD_FACTORS[Math.abs(sixteenths)] : Math.exp(-head * head);
  return headFactor * Math.exp(-(x - head) * (x + head));
}

/** Scaled complementary error function e^{x²}·erfc(x); finite for large positive x where erfc underflows. */
export function erfcx(x: number): number {
  if (x >= 0) return erfcxPositive(x);
  if (x < 0) return 2 / expMinusSquare(x) - erfcxPositive(-x);
  return NaN;
}

/** erfc(x) = 1 − erf(x), relatively accurate in the upper tail (no 1 − 1 cancellation). */
export function erfc(x: number): number {
  if (x >= 0) return expMinusSquare(x) * erfcxPositive(x);
  if (x < 0) return 2 - expMinusSquare(x) * erfcxPositive(-x);
  return NaN;
}

export function erf(x: number): number {
  if (Math.abs(x) < 0.5) return erfSeries(x);
  if (x > 0) return 1 - erfc(x);
  if (x < 0) return erfc(-x) - 1;
  return NaN;
}

/** Standard normal density. */
export function normalPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

/**
 * Standard normal cdf Φ(x) = erfc(−x/√2)/2, relatively accurate in both tails: ~1e-15 near the
 * centre, ~1e-13 at x = ±30 (where rounding x/√2 alone costs that much).
 */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / SQRT_2);
}

export interface QuadratureRule {
  nodes: Float64Array;
  weights: Float64Array;
}

const MAX_POINTS = 400;

function checkPoints(n: number, fn: string): void {
  if (!Number.isInteger(n) || n < 1 || n > MAX_POINTS) {
    throw new RangeError(`${fn}: n must be an integer from 1 to ${MAX_POINTS}; received ${n}.`);
  }
}

const hermiteCache = new Map<number, QuadratureRule>();

/**
 * Orthonormal Hermite polynomials for the weight e^{−x²}: p₀ = π^{−1/4},
 * p_{j+1} = x·√(2/(j+1))·p_j − √(j/(j+1))·p_{j−1}. Normalised values neither overflow nor
 * underflow at the nodes for the sizes we allow, unlike the textbook Hₙ.
 * Writes p_{n−1}(x), p_n(x) and Σ_{j<n} p_j(x)² to out[0], out[1], out[2].
 */
function hermiteAt(n: number, x: number, out: Float64Array): void {
  let previous = 0;
  let current = Math.pow(Math.PI, -0.25);
  let sumSquares = 0;
  for (let j = 0; j < n; j++) {
    sumSquares += current * current;
    const next = x * Math.sqrt(2 / (j + 1)) * current - Math.sqrt(j / (j + 1)) * previous;
    previous = current;
    current = next;
  }
  out[0] = previous; // p_{n−1}
  out[1] = current; // p_n
  out[2] = sumSquares;
}

/**
 * Number of eigenvalues below x of the Jacobi matrix of the Hermite recurrence (zero diagonal,
 * off-diagonal √(j/2)), by the Sturm sequence of its LDLᵀ pivots. Its eigenvalues are the nodes.
 */
function eigenvaluesBelow(n: number, x: number): number {
  let count = 0;
  let pivot = -x;
  if (pivot < 0) count++;
  for (let j = 1; j < n; j++) {
    const denominator = pivot === 0 ? 1e-300 : pivot;
    pivot = -x - j / 2 / denominator;
    if (pivot < 0) count++;
  }
  return count;
}

/**
 * Gauss–Hermite nodes and weights for ∫ e^{−x²} f(x) dx (physicists' weight), n points, sorted
 * ascending. Nodes by Sturm bisection on the Jacobi matrix then one Newton step on pₙ; weights
 * by the Christoffel formula wᵢ = 1 / Σ_{j<n} p_j(xᵢ)². Cached per n: the arrays are shared, so
 * callers must not write to them.
 */
export function gaussHermite(n: number): QuadratureRule {
  checkPoints(n, 'gaussHermite');
  const cached = hermiteCache.get(n);
  if (cached) return cached;
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  const values = new Float64Array(3);
  const bound = Math.sqrt(2 * n) + 1; // Gershgorin: every eigenvalue lies within ±√(2(n−1))
  const half = Math.ceil(n / 2);
  for (let i = 0; i < half; i++) {
    // The i-th smallest eigenvalue; the upper half follows by symmetry.
    let lo = -bound;
    let hi = 0;
    while (hi - lo > 1e-15 * Math.max(1, Math.abs(lo))) {
      const mid = 0.5 * (lo + hi);
      if (mid === lo || mid === hi) break;
      if (eigenvaluesBelow(n, mid) > i) hi = mid;
      else lo = mid;
    }
    let x = 0.5 * (lo + hi);
    if (n % 2 === 1 && i === half - 1) x = 0;
    else {
      hermiteAt(n, x, values);
      x -= values[1] / (Math.sqrt(2 * n) * values[0]); // pₙ' = √(2n)·p_{n−1}
    }
    hermiteAt(n, x, values);
    nodes[i] = x;
    nodes[n - 1 - i] = -x;
    weights[i] = weights[n - 1 - i] = 1 / values[2];
  }
  const rule = { nodes, weights };
  hermiteCache.set(n, rule);
  return rule;
}

const legendreCache = new Map<number, QuadratureRule>();

/** Gauss–Legendre nodes and weights on [−1, 1] by Newton on the Legendre recurrence; cached per n. */
export function gaussLegendre(n: number): QuadratureRule {
  checkPoints(n, 'gaussLegendre');
  const cached = legendreCache.get(n);
  if (cached) return cached;
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5)); // close to the i-th largest root
    let derivative = 0;
    for (let iteration = 0; iteration < 100; iteration++) {
      let previous = 1;
      let current = x;
      for (let j = 1; j < n; j++) {
        const next = ((2 * j + 1) * x * current - j * previous) / (j + 1);
        previous = current;
        current = next;
      }
      const pn = n === 1 ? x : current;
      const pPrev = n === 1 ? 1 : previous;
      derivative = (n * (x * pn - pPrev)) / (x * x - 1);
      const step = pn / derivative;
      x -= step;
      if (Math.abs(step) < 1e-16) break;
    }
    nodes[n - 1 - i] = x;
    nodes[i] = -x;
    weights[i] = weights[n - 1 - i] = 2 / ((1 - x * x) * derivative * derivative);
  }
  const rule = { nodes, weights };
  legendreCache.set(n, rule);
  return rule;
}

/**
 * E[f(Z)] for Z ~ N(mean, variance) by n-point Gauss–Hermite: (1/√π)·Σ wᵢ f(mean + √(2·variance)·xᵢ).
 * Exact for polynomials of degree ≤ 2n − 1; variance 0 gives f(mean).
 */
export function gaussianExpectation(f: (x: number) => number, mean: number, variance: number, n = 64): number {
  if (!(variance >= 0)) throw new RangeError(`gaussianExpectation: variance must be ≥ 0; received ${variance}.`);
  if (variance === 0) return f(mean);
  const { nodes, weights } = gaussHermite(n);
  const scale = Math.sqrt(2 * variance);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += weights[i] * f(mean + scale * nodes[i]);
  return sum / SQRT_PI;
}

/** P(za < Z < zb) for a standard normal Z, from the nearer tail so that neither side cancels. */
export function normalMass(za: number, zb: number): number {
  if (!(zb > za)) return 0;
  return za > 0 ? normalCdf(-za) - normalCdf(-zb) : normalCdf(zb) - normalCdf(za);
}

/**
 * E[p(h)·1{lo < h < hi}] for h ~ N(mean, sd²) and a polynomial p of degree ≤ 4 given by its
 * coefficients (constant first); lo and hi may be infinite. Uses the truncated moments
 * I_k = ∫_α^β z^k φ(z) dz, I_k = (k−1)·I_{k−2} + α^{k−1}φ(α) − β^{k−1}φ(β), expanded binomially.
 */
export function polynomialMoment(coefficients: ArrayLike<number>, lo: number, hi: number, mean: number, sd: number): number {
  const alpha = (lo - mean) / sd;
  const beta = (hi - mean) / sd;
  if (!(beta > alpha)) return 0;
  // z^{k−1}·φ(z) at the ends, zero at ±∞.
  const pa = Number.isFinite(alpha) ? normalPdf(alpha) : 0;
  const pb = Number.isFinite(beta) ? normalPdf(beta) : 0;
  const a = Number.isFinite(alpha) ? alpha : 0;
  const b = Number.isFinite(beta) ? beta : 0;
  const i0 = normalMass(alpha, beta);
  const i1 = pa - pb;
  const i2 = i0 + a * pa - b * pb;
  const i3 = 2 * i1 + a * a * pa - b * b * pb;
  const i4 = 3 * i2 + a * a * a * pa - b * b * b * pb;
  // Σ_k c_k·E[(mean + sd·z)^k; piece], each power expanded binomially; zero terms skipped so an
  // infinite sd times a vanishing moment does not turn into NaN.
  const m = mean;
  const s = sd;
  const terms = [i0, s * i1, s * s * i2, s * s * s * i3, s * s * s * s * i4];
  let total = 0;
  for (let k = 0; k < coefficients.length; k++) {
    const c = coefficients[k];
    if (c === 0) continue;
    let sum = 0;
    let binomial = 1;
    for (let j = 0; j <= k; j++) {
      if (terms[j] !== 0) sum += binomial * Math.pow(m, k - j) * terms[j];
      binomial = (binomial * (k - j)) / (j + 1);
    }
    total += c * sum;
  }
  return total;
}

/**
 * Visits the nodes and weights of a composite Gauss–Legendre rule with `points` nodes per panel
 * on [lo, hi]: panels start at every point of `breaks` inside the interval (kinks, where the
 * integrand is not smooth), and none is wider than `width(x)` from its left end x.
 */
export function forEachPanelNode(
  lo: number,
  hi: number,
  breaks: readonly number[],
  width: (x: number) => number,
  points: number,
  visit: (x: number, w: number) => void,
): void {
  const { nodes, weights } = gaussLegendre(points);
  forEachPanel(lo, hi, breaks, width, (left, right) => {
    const half = 0.5 * (right - left);
    const centre = 0.5 * (right + left);
    for (let i = 0; i < points; i++) visit(centre + half * nodes[i], half * weights[i]);
  });
}

/** The panels of `forEachPanelNode`, left to right. */
function forEachPanel(lo: number, hi: number, breaks: readonly number[], width: (x: number) => number, visit: (left: number, right: number) => void): void {
  const sorted = breaks.filter((b) => b > lo && b < hi).sort((p, q) => p - q);
  const minimum = (hi - lo) * 1e-9; // never stall on a zero width
  let left = lo;
  let next = 0;
  while (left < hi) {
    const stop = next < sorted.length ? sorted[next] : hi;
    const right = Math.min(stop, left + Math.max(width(left), minimum));
    if (right >= stop) next++;
    visit(left, right);
    left = right;
  }
}

/**
 * The nodes and weights `forEachPanelNode` visits, in the same order and to the same bits, as
 * arrays: a hot integrand then runs as a plain loop instead of a callback per node.
 */
export function panelRule(lo: number, hi: number, breaks: readonly number[], width: (x: number) => number, points: number): QuadratureRule {
  const bounds: number[] = [];
  forEachPanel(lo, hi, breaks, width, (left, right) => bounds.push(left, right));
  const legendre = gaussLegendre(points);
  const nodes = new Float64Array((bounds.length / 2) * points);
  const weights = new Float64Array(nodes.length);
  for (let panel = 0, at = 0; panel < bounds.length; panel += 2) {
    const half = 0.5 * (bounds[panel + 1] - bounds[panel]);
    const centre = 0.5 * (bounds[panel + 1] + bounds[panel]);
    for (let i = 0; i < points; i++, at++) {
      nodes[at] = centre + half * legendre.nodes[i];
      weights[at] = half * legendre.weights[i];
    }
  }
  return { nodes, weights };
}
