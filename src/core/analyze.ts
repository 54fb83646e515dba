// The core's one entry point: source text in, findings with formatted messages out.

import type { Tree } from '@lezer/common';
import { readProgram, type GroupedProgram, type StatementMemos } from './extract';
import { LineMap } from './lines';
import { parseSource } from './parse';
import { changedRange, lastPosition, movedPosition, withMovedPositions, type ChangedRange } from './positions';
import { isSuppressed, readSuppressions } from './suppress';
import type { FileIR, Language, ModelIR, Span } from './ir';
import { formatMessage, RULES, type RuleContext, type RuleFinding, type RuleOptions, type Severity, type TextEdit } from './rules';
import { carryAnalyticFlow, reuseAnalyticFlows } from './rules/gradient-flow';

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

/**
 * What the next analysis of the same document reuses: each group of top-level statements
 * (GroupedProgram) with its models and their rules' findings, the facts of each statement
 * text, and what every group was analyzed under.
 */
interface ReuseState {
  source: string;
  language: Language;
  /** Rule settings and thresholds: findings hold only under the same. */
  settingsKey: string;
  /** The file's import statements and quote style, which every fix is written with. */
  contextKey: string;
  memos: StatementMemos;
  /** Analyzed groups by the facts object of their first statement. */
  groups: Map<object, AnalyzedGroup[]>;
}

interface AnalyzedGroup {
  /** Its statements' facts objects (one per statement text) and its GroupedProgram.groupSetting. */
  facts: object[];
  setting: string;
  /** Where each of the group's statements starts and ends in the text analyzed. */
  starts: number[];
  ends: number[];
  models: ModelIR[];
  /** Each model's findings by rule index, before suppression comments and de-duplication. */
  found: Map<ModelIR, RuleFinding[][]>;
  /** The last position its models and findings hold (a fix may edit outside the group's statements). */
  reach?: number;
}

const reuseStates = new WeakMap<Analysis, ReuseState>();

export function analyze(source: string, language: Language, options: AnalyzeOptions = {}): Analysis {
  const tree = options.tree ?? parseSource(source, language);
  const ruleOptions: RuleOptions = {
    exemptOutputLayer: options.exemptOutputLayer ?? true,
    vanishingThreshold: options.vanishingThreshold ?? 1e-2,
    explodingThreshold: options.explodingThreshold ?? 1e2,
  };
  const previous = options.previous && reuseStates.get(options.previous);
  const sameLanguage = previous?.language === language ? previous : undefined;
  const memos: StatementMemos = {};
  const { grouped, file } = readProgram(tree, source, language, sameLanguage?.memos, memos);
  if (grouped) return analyzeGroups(source, language, tree, grouped, memos, sameLanguage, options, ruleOptions);
  if (options.previous?.file.language === language) reuseAnalyticFlows(options.previous.file.models, file.models);
  const context: RuleContext = { file, source, options: ruleOptions };
  return report(source, tree, file, options, (model, rule) => RULES[rule].check(model, context));
}

/**
 * A module analyzed group by group: a group whose statements the edit since `previous` left as
 * they were keeps its models and findings, moved to where its statements are now.
 */
function analyzeGroups(
  source: string,
  language: Language,
  tree: Tree,
  program: GroupedProgram,
  memos: StatementMemos,
  previous: ReuseState | undefined,
  options: AnalyzeOptions,
  ruleOptions: RuleOptions,
): Analysis {
  const settingsKey = JSON.stringify([options.rules ?? {}, ruleOptions]);
  const usable = previous?.settingsKey === settingsKey && previous.contextKey === program.contextKey ? previous : undefined;
  const change = usable && changedRange(usable.source, source);
  const state: ReuseState = { source, language, settingsKey, contextKey: program.contextKey, memos, groups: new Map() };
  const analyzed: AnalyzedGroup[] = [];
  const { statements } = program;
  for (const group of program.groups) {
    const facts: object[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    for (const index of group) {
      const { node } = statements[index];
      facts.push(statements[index].facts);
      starts.push(node.from);
      ends.push(node.to);
    }
    const setting = program.groupSetting(group);
    const earlier = change ? usable.groups.get(facts[0])?.find((candidate) => sameGroup(candidate, { facts, setting, starts, ends }, change)) : undefined;
    const entry = (earlier && change && movedGroup(earlier, change, starts, ends)) ?? { facts, setting, starts, ends, models: program.extractGroup(group), found: new Map() };
    analyzed.push(entry);
    const known = state.groups.get(facts[0]);
    if (known) known.push(entry);
    else state.groups.set(facts[0], [entry]);
  }
  const file = program.file(analyzed.flatMap((entry) => entry.models).sort((a, b) => a.span.from - b.span.from));
  const ownerOf = new Map<ModelIR, AnalyzedGroup>();
  for (const entry of analyzed) for (const model of entry.models) ownerOf.set(model, entry);
  const context: RuleContext = { file, source, options: ruleOptions };
  const analysis = report(source, tree, file, options, (model, rule) => {
    const entry = ownerOf.get(model)!;
    let found = entry.found.get(model);
    if (!found) entry.found.set(model, (found = []));
    return (found[rule] ??= RULES[rule].check(model, context));
  });
  reuseStates.set(analysis, state);
  return analysis;
}

/** The same statements, under the same setting, each where the edit moved it. */
function sameGroup(earlier: AnalyzedGroup, now: Pick<AnalyzedGroup, 'facts' | 'setting' | 'starts' | 'ends'>, change: ChangedRange): boolean {
  const { facts, setting, starts, ends } = now;
  if (earlier.setting !== setting || earlier.facts.length !== facts.length) return false;
  return earlier.facts.every((statement, i) => statement === facts[i] && movedPosition(change, earlier.starts[i]) === starts[i] && movedPosition(change, earlier.ends[i]) === ends[i]);
}

/** An analyzed group moved over the edit, or undefined when some position of it touches the changed range. */
function movedGroup(earlier: AnalyzedGroup, change: ChangedRange, starts: number[], ends: number[]): AnalyzedGroup | undefined {
  const move = (position: number) => movedPosition(change, position);
  // A group before the edit is where it was: its results are shared as they are.
  earlier.reach ??= Math.max(lastPosition(earlier.models), lastPosition([...earlier.found.values()]));
  if (earlier.reach < change.from && earlier.ends.every((end) => end < change.from)) {
    return { ...earlier, found: new Map(earlier.found) };
  }
  const copies = new Map<object, unknown>();
  const models = withMovedPositions(earlier.models, move, copies);
  if (!models) return undefined;
  const found = new Map<ModelIR, RuleFinding[][]>();
  for (let i = 0; i < models.length; i++) {
    const moved = withMovedPositions(earlier.found.get(earlier.models[i]) ?? [], move, copies);
    if (!moved) return undefined;
    found.set(models[i], moved);
    carryAnalyticFlow(earlier.models[i], models[i], (flow) => withMovedPositions(flow, move, copies));
  }
  return { facts: earlier.facts, setting: earlier.setting, starts, ends, models, found, reach: movedPosition(change, earlier.reach) };
}

/** Rules in registry order over the models in file order, each finding reported once per place and rule. */
function report(source: string, tree: Tree, file: FileIR, options: AnalyzeOptions, check: (model: ModelIR, rule: number) => RuleFinding[]): Analysis {
  const suppressions = readSuppressions(source, tree, RULE_IDS);
  // Line numbers only matter to suppression comments: most files have none.
  const lines = suppressions.byLine.size > 0 ? new LineMap(source) : undefined;
  const findings: Finding[] = [];
  // A layer built by a loop or a helper appears once per repetition but is written once: one finding per place.
  const reported = new Map<string, Finding>();
  // Repetitions that would fix one place in different ways (a helper called for ReLU and for tanh) get no fix.
  const conflicting = new Set<Finding>();
  const editsKey = (fix: { edits: readonly TextEdit[] } | undefined): string => JSON.stringify(fix?.edits ?? []);
  RULES.forEach((rule, ruleIndex) => {
    const setting = options.rules?.[rule.id] ?? 'default';
    if (setting === 'off') return;
    for (const model of file.models) {
      for (const found of check(model, ruleIndex)) {
        if (lines && isSuppressed(suppressions, lines.position(found.span.from).line - 1, rule.id)) continue;
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
  });
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
