// Every rule, sorted by id. A meta-test checks this list against the rule files and their docs.

import { constantInit } from './constant-init';
import { defaultInitMismatch } from './default-init-mismatch';
import { gradientExploding } from './gradient-exploding';
import { gradientVanishing } from './gradient-vanishing';
import { initActivationMismatch } from './init-activation-mismatch';
import { initScale } from './init-scale';
import type { Rule } from './types';
import { zeroInit } from './zero-init';

export const RULES: readonly Rule[] = [constantInit, defaultInitMismatch, gradientExploding, gradientVanishing, initActivationMismatch, initScale, zeroInit];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((rule) => rule.id === id);
}

/**
 * A message template split once at its `{{name}}` placeholders: `texts` has one more entry than
 * `keys`, and `placeholders[i]` is the placeholder as written (kept when the data lacks its key).
 */
interface CompiledTemplate {
  texts: string[];
  keys: string[];
  placeholders: string[];
}

/** Templates by their text: a file's findings share a few dozen messages, each filled hundreds of times. */
const compiledTemplates = new Map<string, CompiledTemplate>();

function compiledTemplate(template: string): CompiledTemplate {
  let compiled = compiledTemplates.get(template);
  if (!compiled) {
    compiled = { texts: [], keys: [], placeholders: [] };
    const placeholder = /\{\{\s*(\w+)\s*\}\}/g;
    let last = 0;
    for (let match = placeholder.exec(template); match; match = placeholder.exec(template)) {
      compiled.texts.push(template.slice(last, match.index));
      compiled.keys.push(match[1]);
      compiled.placeholders.push(match[0]);
      last = match.index + match[0].length;
    }
    compiled.texts.push(template.slice(last));
    compiledTemplates.set(template, compiled);
  }
  return compiled;
}

/** Fills `{{name}}` placeholders of a rule message. */
export function formatMessage(template: string, data: Record<string, string | number>): string {
  const { texts, keys, placeholders } = compiledTemplate(template);
  let text = texts[0];
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    text += (key in data ? String(data[key]) : placeholders[i]) + texts[i + 1];
  }
  return text;
}

export * from './types';
