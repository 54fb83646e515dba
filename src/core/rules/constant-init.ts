// constant-init: a non-zero constant kernel is as symmetric as a zero one.

import { isSymmetric, isZero } from '../catalog/initializers';
import { recommendedInitializer } from '../catalog/fit';
import { swapInitializerFix } from './fix-writer';
import { activationToFit } from './graph';
import type { Rule, RuleFinding } from './types';

export const constantInit: Rule = {
  id: 'constant-init',
  meta: {
    description: 'A kernel initialized to one constant for every weight: all units of the layer stay identical.',
    defaultSeverity: 'warning',
    fix: 'safe',
    messages: {
      constantKernel: "Layer '{{layer}}' starts with every weight equal to {{value}}: its units compute the same output and get the same gradient, so they never differ.",
      useInitializer: "Use '{{initializer}}' (fits {{activation}})",
      useTorchInit: 'Use {{initializer}} (fits {{activation}})',
      addTorchInit: 'Initialize {{layers}} {{where}} ({{initializer}} for this one, fits {{activation}})',
    },
  },
  check(model, context) {
    const findings: RuleFinding[] = [];
    model.layers.forEach((layer, index) => {
      const ref = layer.kernelInitializer;
      if (layer.role !== 'kernel' || !ref?.spec || !isSymmetric(ref.spec) || isZero(ref.spec)) return;
      const value = ref.spec.kind === 'constant' ? ref.spec.value : ref.spec.kind === 'absolute' ? ref.spec.mean : undefined;
      const activation = activationToFit(model, index);
      const target = recommendedInitializer(activation, undefined);
      findings.push({
        messageId: 'constantKernel',
        data: { layer: layer.name, value: value ?? 'one constant' },
        span: ref.span ?? layer.span,
        fix: swapInitializerFix(context, layer, target, activation, 'safe'),
      });
    });
    return findings;
  },
};
