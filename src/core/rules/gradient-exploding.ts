// gradient-exploding: the first layer's predicted gradient is many times the last one's.

import { gradientFlowFinding } from './gradient-flow';
import type { Rule } from './types';

export const gradientExploding: Rule = {
  id: 'gradient-exploding',
  meta: {
    description: "The model's predicted gradients grow with depth: the first layer's gradient is above the threshold multiple of the last layer's.",
    defaultSeverity: 'warning',
    fix: 'unsafe',
    messages: {
      exploding:
        "Gradients explode in '{{model}}': at initialization the first layer's gradient is predicted at {{ratio}}× the last layer's (threshold {{threshold}}). Most of the growth happens at {{layers}}.",
      useInitializer: 'Use the recommended initializer in {{count}} layer(s)',
    },
  },
  check(model, context) {
    return gradientFlowFinding(model, context, 'exploding');
  },
};
