// The panel's one-line verdict and the CodeLens figure: a flow report in words.

import type { ModelFlow } from './index';

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '.': '·', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/** `10⁻⁴·⁵` for 10^-4.5: a ratio as a power of ten, one decimal. */
export function powerOfTen(ratio: number): string {
  if (ratio === 0) return '0';
  if (!Number.isFinite(ratio)) return '∞';
  const exponent = Math.round(Math.log10(ratio) * 10) / 10;
  const text = String(exponent === 0 ? 0 : exponent);
  return `10${[...text].map((c) => SUPERSCRIPT[c] ?? c).join('')}`;
}

/** The most common (activation, initializer) pair among the hidden kernel layers, with its count. */
function dominant(flow: ModelFlow): { activation: string; initializer: string; count: number } | undefined {
  const counts = new Map<string, number>();
  for (const layer of flow.layers.slice(0, -1)) {
    const key = `${layer.activation}\u0000${layer.initializer.name}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const best = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
  if (!best) return undefined;
  const [activation, initializer] = best[0].split('\u0000');
  return { activation, initializer, count: best[1] };
}

function trend(ratio: number, what: string, where: string): string {
  if (ratio === 0) return `${what} are exactly zero ${where}`;
  if (Math.abs(Math.log10(ratio)) < 0.5) return `${what} keep their scale ${where}`;
  return `${what} ${ratio < 1 ? 'shrink' : 'grow'} ×${powerOfTen(ratio)} ${where}`;
}

/**
 * "Gradients shrink ×10⁻⁴·⁵ from the last layer to the first; activations …: 8 relu layers on
 * glorot_uniform. he_uniform keeps them within ×10⁰·²."
 */
export function flowVerdict(current: ModelFlow, recommended?: ModelFlow): string {
  if (current.notSimulated) return `Not simulated: ${current.notSimulated}.`;
  const layers = current.layers;
  if (layers.length === 0) return 'No layer with a kernel to simulate.';
  if (layers.some((layer) => layer.analytic.symmetric)) {
    const names = layers.filter((layer) => layer.analytic.symmetric).map((layer) => `'${layer.name}'`).join(', ');
    return `${names} start${names.includes(',') ? '' : 's'} with every unit identical (a zero or constant kernel): no gradient can make them differ.`;
  }
  const gradient = current.gradientRatio?.analytic ?? 1;
  const hidden = layers.length > 1 ? layers.slice(0, -1) : layers;
  const activation = hidden[hidden.length - 1].analytic.activationRms / hidden[0].analytic.activationRms;
  const parts = [trend(gradient, 'Gradients', 'from the last layer to the first'), trend(activation, 'activations', `over ${hidden.length} hidden layer${hidden.length === 1 ? '' : 's'}`)];
  let sentence = `${parts[0]}; ${parts[1]}`;
  const common = dominant(current);
  if (common && common.count > 1) sentence += `: ${common.count} ${common.activation} layers on ${common.initializer}`;
  sentence += '.';
  if (recommended && !recommended.notSimulated && recommended.layers.length === layers.length) {
    const changed = recommended.layers.filter((layer, i) => layer.initializer.name !== layers[i].initializer.name);
    if (changed.length === 0) return `${sentence} The initializers already fit their activations.`;
    const names = [...new Set(changed.map((layer) => layer.initializer.name))].join(' / ');
    const recHidden = recommended.layers.length > 1 ? recommended.layers.slice(0, -1) : recommended.layers;
    const recActivation = recHidden[recHidden.length - 1].analytic.activationRms / recHidden[0].analytic.activationRms;
    const recGradient = recommended.gradientRatio?.analytic ?? 1;
    sentence += ` With ${names}: ${trend(recGradient, 'gradients', 'end to end')}, ${trend(recActivation, 'activations', 'across the hidden layers')}.`;
  }
  return sentence;
}
