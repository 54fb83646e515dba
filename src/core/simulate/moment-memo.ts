// Exact memoization of the Gaussian integrals the analytic estimate takes per layer. Models
// share many of their moments (the same activation meets the same pre-activation variance,
// he_normal's 2 or a normalized 1, in model after model, and the backward pass asks again for
// the forward pass's slopes), and a quadrature costs microseconds where a lookup costs tens of
// nanoseconds. Keys are the exact inputs, so a hit returns exactly what the computation would.

import type { SimActivation } from './activation-math';

/** Entries kept before the memo starts over: a few hundred kilobytes at most. */
const CAPACITY = 20_000;

const isNegativeZero = (x: number): boolean => x === 0 && 1 / x < 0;

/** Keys of activations with no slope or alpha of their own, by framework then name: built once, so a lookup hashes no new string. */
const plainKeys = new Map<string, Map<string, string>>();

/** Distinct for every activation the moment functions tell apart (a number's shortest round-trip text is unique to it). */
export function activationKey(act: SimActivation): string {
  if (act.negativeSlope === undefined && act.alpha === undefined) {
    let byName = plainKeys.get(act.framework);
    if (!byName) plainKeys.set(act.framework, (byName = new Map()));
    let key = byName.get(act.name);
    if (key === undefined) byName.set(act.name, (key = `${act.name}\u0000${act.framework}\u0000\u0000`));
    return key;
  }
  const text = (x: number | undefined): string => (x === undefined ? '' : isNegativeZero(x) ? '-0' : String(x));
  return `${act.name}\u0000${act.framework}\u0000${text(act.negativeSlope)}\u0000${text(act.alpha)}`;
}

/**
 * Values (never undefined) by a text key and two numbers. −0 is kept out: a Map takes it for
 * +0, and a result's sign of zero can follow it.
 */
export class MomentMemo<T> {
  private readonly tables = new Map<string, Map<number, Map<number, T>>>();
  private entries = 0;

  /** The value stored for (key, a, b), if any (never for −0). `find(…) ?? keep(…, computed)`: no closure per lookup. */
  find(key: string, a: number, b: number): T | undefined {
    if (isNegativeZero(a) || isNegativeZero(b)) return undefined;
    return this.tables.get(key)?.get(a)?.get(b);
  }

  /** Stores `value` for (key, a, b) (unless an argument is −0) and returns it. */
  keep(key: string, a: number, b: number, value: T): T {
    if (isNegativeZero(a) || isNegativeZero(b)) return value;
    let byA = this.tables.get(key);
    if (!byA) this.tables.set(key, (byA = new Map()));
    let byB = byA.get(a);
    if (!byB) byA.set(a, (byB = new Map()));
    if (++this.entries > CAPACITY) {
      this.tables.clear();
      this.entries = 1;
      this.tables.set(key, new Map([[a, new Map([[b, value]])]]));
    } else {
      byB.set(b, value);
    }
    return value;
  }
}
