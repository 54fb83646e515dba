// What the Keras and the PyTorch interpreters compute alike, whatever values they carry: the
// value each parameter of a called function takes, and the numbers `range(…)` yields.

import type { SyntaxNode } from '@lezer/common';
import type { Parameter } from './syntax';

/**
 * The value each parameter takes at a call, in order: the next positional argument, else the
 * keyword argument of its name, else its default (`evaluateDefault`, when given); undefined for
 * none. `*args` and `**kwargs` take none.
 */
export function parameterValues<V>(
  params: readonly Parameter[],
  positional: readonly V[],
  keywords: ReadonlyMap<string, V>,
  evaluateDefault?: (node: SyntaxNode) => V,
): (V | undefined)[] {
  let position = 0;
  return params.map((param) => {
    if (param.kind === 'variadic') return undefined;
    const value = param.kind === 'plain' && position < positional.length ? positional[position++] : keywords.get(param.name);
    return value ?? (param.default && evaluateDefault ? evaluateDefault(param.default) : undefined);
  });
}

/**
 * The numbers `range(*bounds)` yields; undefined when a bound is not a known integer, there are
 * not one to three of them, or it would yield more than `limit` numbers.
 */
export function rangeValues(bounds: readonly (number | undefined)[], limit: number): number[] | undefined {
  if (bounds.length === 0 || bounds.length > 3 || bounds.some((bound) => bound === undefined || !Number.isInteger(bound))) return undefined;
  const [start, stop, step] = bounds.length === 1 ? [0, bounds[0]!, 1] : [bounds[0]!, bounds[1]!, bounds[2] ?? 1];
  if (step === 0 || Math.abs((stop - start) / step) > limit) return undefined;
  const values: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) values.push(i);
  return values;
}
