// The contract every rule module fulfils.

import type { FileIR, LayerIR, ModelIR, Span } from '../ir';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface TextEdit {
  from: number;
  to: number;
  text: string;
}

export interface Fix {
  /** Key into the rule's `meta.messages`, with `data` for its placeholders. */
  messageId: string;
  data: Record<string, string | number>;
  edits: TextEdit[];
  safety: 'safe' | 'unsafe';
}

export interface RuleFinding {
  messageId: string;
  data: Record<string, string | number>;
  span: Span;
  /** Overrides the rule's default severity for this finding (e.g. escalation). */
  severity?: Severity;
  /** Places that explain the finding (the activation that makes an initializer wrong). */
  related?: { span: Span; messageId: string; data: Record<string, string | number> }[];
  fix?: Fix;
}

export interface RuleOptions {
  /** zero-init: leave a model's output layer alone. */
  exemptOutputLayer: boolean;
  /** gradient-vanishing: report when first/last gradient ratio falls below this. */
  vanishingThreshold: number;
  /** gradient-exploding: report when first/last gradient ratio rises above this. */
  explodingThreshold: number;
}

export interface RuleContext {
  file: FileIR;
  source: string;
  options: RuleOptions;
}

export interface RuleMeta {
  description: string;
  defaultSeverity: Severity;
  fix: 'safe' | 'unsafe' | 'none';
  messages: Record<string, string>;
}

export interface Rule {
  id: string;
  meta: RuleMeta;
  check(model: ModelIR, context: RuleContext): RuleFinding[];
}

export type { FileIR, LayerIR, ModelIR };
