// The core's one entry point: source text in, findings with formatted messages out.

import type { Tree } from '@lezer/common';
import { extractFile } from './extract';
import { LineMap } from './lines';
import { parseSource } from './parse';
import { isSuppressed, readSuppressions } from './suppress';
import type { FileIR, Language, Span } from './ir';
import { formatMessage, RULES, type RuleOptions, type Severity, type TextEdit } from './rules';
import { reuseAnalyticFlows } from './rules/gradient-flow';

export type RuleSetting = Severity | 'off' | 'default';

export interface AnalyzeOptions {
  /** Per rule id; rules not named run at their default severity. */
  rules?: Record<string, RuleSetting>;
  exemptOutputLayer?: boolean;
  /** gradient-vanishing / gradient-exploding thresholds on the first/last gradient ratio. */
  vanishingThreshold?: number;
  explodingThreshold?: number;
  /** A tree already parsed for this text (the editor keeps one per document version). */
  tree?: Tree;
  /**
   * The analysis of the same document before the latest edit: the gradient rules reuse the
   * analytic run of every model the edit left unchanged (apart from where it sits).
   */
  previous?: Analysis;
}

export interface FindingFix {
  title: string;
  edits: TextEdit[];
  safety: 'safe' | 'unsafe';
}

export interface Finding {
  ruleId: string;
  messageId: string;
  data: Record<string, string | number>;
  message: string;
  severity: Severity;
  span: Span;
  related: { span: Span; message: string }[];
  fix?: FindingFix;
}

export interface Analysis {
  file: FileIR;
  findings: Finding[];
  /** Suppression comments that name unknown rule ids. */
  suppressionWarnings: { span: Span; message: string }[];
}

const RULE_IDS: ReadonlySet<string> = new Set(RULES.map((rule) => rule.id));

export function analyze(source: string, language: Language, options: AnalyzeOptions = {}): Analysis {
  const tree = options.tree ?? parseSource(source, language);
  const file = extractFile(source, language, tree);
  if (options.previous?.file.language === language) reuseAnalyticFlows(options.previous.file.models, file.models);
  const lines = new LineMap(source);
  const suppressions = readSuppressions(source, tree, RULE_IDS, lines);
  const ruleOptions: RuleOptions = {
    exemptOutputLayer: options.exemptOutputLayer ?? true,
    vanishingThreshold: options.vanishingThreshold ?? 1e-2,
    explodingThreshold: options.explodingThreshold ?? 1e2,
  };
  const findings: Finding[] = [];
  // A layer built by a loop or a helper appears once per repetition but is written once: one finding per place.
  const reported = new Map<string, Finding>();
  // Repetitions that would fix one place in different ways (a helper called for ReLU and for tanh) get no fix.
  const conflicting = new Set<Finding>();
  const editsKey = (fix: { edits: readonly TextEdit[] } | undefined): string => JSON.stringify(fix?.edits ?? []);
  for (const rule of RULES) {
    const setting = options.rules?.[rule.id] ?? 'default';
    if (setting === 'off') continue;
    for (const model of file.models) {
      for (const found of rule.check(model, { file, source, options: ruleOptions })) {
        if (isSuppressed(suppressions, lines.position(found.span.from).line - 1, rule.id)) continue;
        const place = `${rule.id}:${found.span.from}:${found.span.to}`;
        const earlier = reported.get(place);
        if (earlier) {
          if (editsKey(earlier.fix) !== editsKey(found.fix && found.fix.edits.length > 0 ? found.fix : undefined)) conflicting.add(earlier);
          continue;
        }
        const message = rule.meta.messages[found.messageId];
        if (message === undefined) throw new Error(`rule ${rule.id}: undeclared messageId '${found.messageId}'`);
        const finding: Finding = {
          ruleId: rule.id,
          messageId: found.messageId,
          data: found.data,
          message: formatMessage(message, found.data),
          severity: setting === 'default' ? (found.severity ?? rule.meta.defaultSeverity) : setting,
          span: found.span,
          related: (found.related ?? []).map((item) => ({ span: item.span, message: formatMessage(rule.meta.messages[item.messageId] ?? '', item.data) })),
          ...(found.fix && found.fix.edits.length > 0
            ? { fix: { title: formatMessage(rule.meta.messages[found.fix.messageId] ?? '', found.fix.data), edits: found.fix.edits, safety: found.fix.safety } }
            : {}),
        };
        reported.set(place, finding);
        findings.push(finding);
      }
    }
  }
  for (const finding of conflicting) delete finding.fix;
  findings.sort((a, b) => a.span.from - b.span.from || a.ruleId.localeCompare(b.ruleId));
  return { file, findings, suppressionWarnings: suppressions.warnings };
}

/** Applies non-overlapping edits to a text (later edits first, so offsets stay valid). */
export function applyEdits(source: string, edits: readonly TextEdit[]): string {
  let result = source;
  for (const edit of [...edits].sort((a, b) => b.from - a.from)) result = result.slice(0, edit.from) + edit.text + result.slice(edit.to);
  return result;
}

/** The fixes of many findings whose edits do not overlap, first come first served. */
export function compatibleEdits(fixes: readonly FindingFix[]): TextEdit[] {
  const chosen: TextEdit[] = [];
  const same = (a: TextEdit, b: TextEdit) => a.from === b.from && a.to === b.to && a.text === b.text;
  // Different insertions at one point both apply (two names appended to one import list).
  const conflict = (a: TextEdit, b: TextEdit) => (a.from < b.to && b.from < a.to) || (a.from === b.from && a.to === b.to && a.from !== a.to);
  for (const fix of fixes) {
    // An edit another fix already makes (the same import added twice) is made once.
    const fresh = fix.edits.filter((edit) => !chosen.some((other) => same(edit, other)));
    if (!fresh.some((edit) => chosen.some((other) => conflict(edit, other)))) chosen.push(...fresh);
  }
  return chosen;
}
