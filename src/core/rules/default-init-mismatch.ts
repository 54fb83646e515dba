// default-init-mismatch: no initializer written, and the framework's default does not fit.

import { mismatchFindings } from './mismatch';
import type { Rule } from './types';

export const defaultInitMismatch: Rule = {
  id: 'default-init-mismatch',
  meta: {
    description: "No kernel initializer given, and the framework's default (Keras: Glorot uniform) does not fit the layer's activation.",
    defaultSeverity: 'information',
    fix: 'unsafe',
    messages: {
      mismatch: "Layer '{{layer}}' keeps the default '{{initializer}}' ({{scaling}}) but feeds {{activation}}{{via}}, which {{need}}.",
      mismatchThroughNormalization:
        "Layer '{{layer}}' keeps the default '{{initializer}}' ({{scaling}}) but feeds {{activation}}{{via}}, which {{need}}. A normalization layer in between rescales the signal, so this matters less.",
      activationHere: 'the {{activation}} activation the default initializer does not fit',
      useInitializer: "Set {{parameter}} '{{initializer}}' (fits {{activation}})",
      useTorchInit: 'Use {{initializer}} (fits {{activation}})',
      addTorchInit: 'Initialize {{layers}} {{where}} ({{initializer}} for this one, fits {{activation}})',
    },
  },
  check(model, context) {
    return mismatchFindings(model, context, false, 'information', 'mismatch');
  },
};
