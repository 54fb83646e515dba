// Carrying positions over an edit: the one changed range between two versions of a text, and
// copies of analysis results with every position moved past it.

/** `from` is where the texts start to differ; the changed text ends at `toOld` before the edit and at `toNew` after it. */
export interface ChangedRange {
  from: number;
  toOld: number;
  toNew: number;
}

/** The shortest range outside which `before` and `after` are equal; undefined when they are the same text. */
export function changedRange(before: string, after: string): ChangedRange | undefined {
  if (before === after) return undefined;
  const shorter = Math.min(before.length, after.length);
  // Whole blocks first (string comparison is native), then characters within the differing block.
  let from = 0;
  while (from + BLOCK <= shorter && before.substring(from, from + BLOCK) === after.substring(from, from + BLOCK)) from += BLOCK;
  while (from < shorter && before.charCodeAt(from) === after.charCodeAt(from)) from++;
  let tail = 0;
  const room = shorter - from;
  while (tail + BLOCK <= room && before.substring(before.length - tail - BLOCK, before.length - tail) === after.substring(after.length - tail - BLOCK, after.length - tail)) tail += BLOCK;
  while (tail < room && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  return { from, toOld: before.length - tail, toNew: after.length - tail };
}

const BLOCK = 512;

/**
 * Where a position of the old text is in the new one; undefined for a position touching the
 * changed range, where text that moved and text that stayed cannot be told apart.
 */
export function movedPosition(change: ChangedRange, position: number): number | undefined {
  if (position < change.from) return position;
  if (position > change.toOld) return position + change.toNew - change.toOld;
  return undefined;
}

class Unmovable extends Error {}

/**
 * `value` with every `{from, to, …}` object's positions moved through `move`, sharing every part
 * that holds no position and keeping shared parts shared; undefined when a position cannot be
 * moved. Only plain objects and arrays are copied: results are data.
 */
export function withMovedPositions<T>(value: T, move: (position: number) => number | undefined, copies = new Map<object, unknown>()): T | undefined {
  try {
    return movedCopy(value, move, copies);
  } catch (error) {
    if (error instanceof Unmovable) return undefined;
    throw error;
  }
}

/** Objects known to hold no position anywhere inside: results are never changed once made, so this holds for good. */
const positionFree = new WeakSet<object>();

/** A `{from, to}` object directly inside (one level: deeper ones are known position-free by then, or found again). */
function hasPosition(value: object): boolean {
  if (Array.isArray(value)) return value.some((item) => typeof item === 'object' && item !== null && !positionFree.has(item));
  const record = value as Record<string, unknown>;
  if (typeof record.from === 'number' && typeof record.to === 'number') return true;
  for (const key in record) {
    const item = record[key];
    if (typeof item === 'object' && item !== null && !positionFree.has(item)) return true;
  }
  return false;
}

function movedCopy<T>(value: T, move: (position: number) => number | undefined, copies: Map<object, unknown>): T {
  if (typeof value !== 'object' || value === null || positionFree.has(value)) return value;
  const known = copies.get(value);
  if (known !== undefined) return known as T;
  let result: unknown = value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      if (typeof item !== 'object' || item === null) continue;
      const moved = movedCopy(item, move, copies);
      if (moved !== item) (copy ??= [...value])[index] = moved;
    }
    if (copy) result = copy;
  } else if (Object.getPrototypeOf(value) === Object.prototype) {
    const record = value as Record<string, unknown>;
    let copy: Record<string, unknown> | undefined;
    if (typeof record.from === 'number' && typeof record.to === 'number') {
      const from = move(record.from);
      const to = move(record.to);
      if (from === undefined || to === undefined) throw new Unmovable();
      if (from !== record.from || to !== record.to) copy = { ...record, from, to };
    }
    for (const key in record) {
      const item = record[key];
      if (typeof item !== 'object' || item === null) continue;
      const moved = movedCopy(item, move, copies);
      if (moved !== item) (copy ??= { ...record })[key] = moved;
    }
    if (copy) result = copy;
  }
  copies.set(value, result);
  if (result === value && !hasPosition(value)) positionFree.add(value);
  return result as T;
}

/** The largest position anywhere inside `value` (-1 when it holds none). */
export function lastPosition(value: unknown): number {
  if (typeof value !== 'object' || value === null || positionFree.has(value)) return -1;
  let last = -1;
  if (Array.isArray(value)) {
    for (const item of value) last = Math.max(last, lastPosition(item));
    return last;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return -1;
  const record = value as Record<string, unknown>;
  if (typeof record.from === 'number' && typeof record.to === 'number') last = Math.max(record.from, record.to);
  for (const key in record) last = Math.max(last, lastPosition(record[key]));
  return last;
}
