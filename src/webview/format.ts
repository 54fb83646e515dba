// Numbers as the panel prints them: three significant digits, exponents for the very small
// and very large, and explicit words for what a log scale cannot show.

export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e4) return String(Number(value.toPrecision(3)));
  return value.toExponential(2).replace(/\.?0+e/, 'e');
}

export function formatPercent(fraction: number | undefined): string {
  if (fraction === undefined || !Number.isFinite(fraction)) return '—';
  const percent = fraction * 100;
  return `${percent > 0 && percent < 1 ? percent.toFixed(1) : Math.round(percent)} %`;
}

/** A scale-axis label for a power of ten: plain numbers near 1, `10⁻⁹` beyond. */
export function formatDecade(value: number): string | null {
  const exponent = Math.log10(value);
  if (Math.abs(exponent - Math.round(exponent)) > 1e-9) return null;
  const k = Math.round(exponent);
  if (k >= -2 && k <= 3) return String(10 ** k >= 1 ? 10 ** k : Number((10 ** k).toFixed(-k)));
  const superscript: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };
  return `10${[...String(k)].map((c) => superscript[c] ?? c).join('')}`;
}

/** `name` cut to `max` characters with an ellipsis: axis labels only; tables and tooltips show the whole name. */
export function shorten(name: string, max: number): string {
  return name.length <= max ? name : `${name.slice(0, max - 1)}…`;
}
