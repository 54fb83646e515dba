// The analytic half of the panel, on the page's own thread (it takes milliseconds), and the
// what-if: the file's model with kernel initializers swapped before it is simulated.

import { kerasSpec } from '../core/catalog';
import type { ModelIR } from '../core/ir';
import { recommendedModel, simulateModel, type InitChoice, type ModelFlow } from '../core/simulate';
import type { PanelControls } from '../protocol/panel';

/** The layers a what-if can change: those that own a kernel, by index into the model's layers. */
export function kernelLayers(ir: ModelIR): { layerIndex: number; name: string }[] {
  return ir.layers.flatMap((layer, layerIndex) => (layer.role === 'kernel' ? [{ layerIndex, name: layer.name }] : []));
}

/** The controls with a what-if scope that names no kernel layer of `ir` widened to all layers. */
export function fitControls(controls: PanelControls, ir: ModelIR): PanelControls {
  const valid = controls.whatIfLayer === -1 || kernelLayers(ir).some((layer) => layer.layerIndex === controls.whatIfLayer);
  return valid ? controls : { ...controls, whatIfLayer: -1 };
}

/** `ir` with the what-if initializer in place of the kernel initializer of every kernel layer, or of the chosen one. */
export function applyWhatIf(ir: ModelIR, controls: PanelControls): ModelIR {
  const spec = controls.whatIf ? kerasSpec(controls.whatIf) : undefined;
  if (!spec) return ir;
  return {
    ...ir,
    layers: ir.layers.map((layer, index) => {
      if (layer.role !== 'kernel' || (controls.whatIfLayer !== -1 && controls.whatIfLayer !== index)) return layer;
      const ref = layer.kernelInitializer ?? { explicit: true, form: { kind: 'other' as const }, spec };
      return { ...layer, kernelInitializer: { ...ref, spec } };
    }),
  };
}

/** True when the rules would change some initializer of `ir` (what "Apply recommended initializers" would do). */
export function hasRecommendations(ir: ModelIR): boolean {
  const recommended = recommendedModel(ir);
  return recommended.layers.some((layer, index) => layer !== ir.layers[index]);
}

export interface SimulationTask {
  key: 'current' | 'recommended';
  ir: ModelIR;
  init: InitChoice;
}

/** The two series the panel shows: the file's model (with the what-if applied) and the recommended one. */
export function simulationTasks(ir: ModelIR, controls: PanelControls): SimulationTask[] {
  return [
    { key: 'current', ir: applyWhatIf(ir, controls), init: 'current' },
    { key: 'recommended', ir, init: 'recommended' },
  ];
}

export interface FlowPair {
  current: ModelFlow;
  recommended: ModelFlow;
}

export function analyticFlows(tasks: readonly SimulationTask[], controls: PanelControls): FlowPair {
  const run = (task: SimulationTask): ModelFlow => simulateModel(task.ir, { monteCarlo: false, init: task.init, batch: controls.batch, maxWidth: controls.maxWidth });
  const [current, recommended] = [tasks[0], tasks[1]].map(run);
  return { current, recommended };
}
