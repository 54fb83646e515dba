// The properties every input must satisfy, checked through the core's public API: parse →
// extract → rules → fixes → simulate. A violation throws a PropertyViolation naming the property
// and showing the exact input, so fast-check's report (seed, path, counterexample) is enough to
// reproduce it.

import {
  analyze,
  applyEdits,
  compatibleEdits,
  parseSource,
  RULES,
  simulateModel,
  type Analysis,
  type FindingFix,
  type ModelFlow,
  type ModelIR,
  type Span,
  type TextEdit,
} from '../../src/core';
import { hasSyntaxErrors } from '../../src/core/parse';
import { showInput, type FuzzInput } from './inputs';

export class PropertyViolation extends Error {
  constructor(
    readonly property: string,
    detail: string,
    input: FuzzInput,
  ) {
    super(`property "${property}" violated: ${detail}\n  input (${showInput(input)})`);
    this.name = 'PropertyViolation';
  }
}

export interface CheckOptions {
  /** Run the Monte-Carlo estimate too (small settings) on models of at most this many layers; 0: analytic only. */
  monteCarloLayers?: number;
  /** Single fixes re-parsed one by one per case (fix-all and per-rule fix-all are always checked). */
  singleFixLimit?: number;
}

/** What the properties saw, for the summary line: a fuzz run that checked nothing must show it. */
export class Tally {
  cases = 0;
  cleanCases = 0;
  findings = 0;
  fixes = 0;
  fixAllsChecked = 0;
  models = 0;
  simulated = 0;
  notSimulated = 0;
  monteCarlo = 0;

  add(other: Tally): void {
    for (const key of Object.keys(this) as (keyof Tally)[]) if (typeof this[key] === 'number') (this[key] as number) += other[key] as number;
  }

  toString(): string {
    return (
      `${this.cases} cases (${this.cleanCases} parse cleanly), ${this.findings} findings, ${this.fixes} fixes, ${this.fixAllsChecked} fix-alls re-analyzed, ` +
      `${this.models} models: ${this.simulated} simulated (${this.monteCarlo} with Monte Carlo), ${this.notSimulated} not simulated with a reason`
    );
  }
}

const isOffset = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);

function rangeProblem(span: Span | undefined, length: number): string | undefined {
  if (span === undefined) return undefined;
  if (!isOffset(span.from) || !isOffset(span.to)) return `offsets are not integers: ${JSON.stringify(span)}`;
  if (span.from < 0 || span.from > span.to || span.to > length) return `[${span.from}, ${span.to}) is not inside [0, ${length}]`;
  return undefined;
}

/** Every range a user sees: findings, their related places, suppression warnings, and the model/layer/initializer spans the editor turns into CodeLenses, hovers and panel links. */
function* rangesOf(analysis: Analysis): Generator<[string, Span | undefined]> {
  for (const finding of analysis.findings) {
    yield [`${finding.ruleId} finding`, finding.span];
    for (const related of finding.related) yield [`${finding.ruleId} related location`, related.span];
  }
  for (const warning of analysis.suppressionWarnings) yield ['suppression warning', warning.span];
  for (const model of analysis.file.models) {
    yield [`model ${model.name}`, model.span];
    for (const layer of model.layers) {
      const where = `layer ${layer.name} of ${model.name}`;
      yield [where, layer.span];
      yield [`${where}: arguments`, layer.argsSpan];
      yield [`${where}: options`, layer.optionsSpan];
      yield [`${where}: activation`, layer.activation.span];
      const refs = [layer.kernelInitializer, layer.biasInitializer, ...Object.values(layer.extraInitializers ?? {})];
      for (const ref of refs) {
        yield [`${where}: initializer`, ref?.span];
        if (ref && 'nameSpan' in ref.form) yield [`${where}: initializer name`, ref.form.nameSpan];
      }
    }
  }
  for (const binding of analysis.file.imports) if (binding.appendAt !== undefined) yield [`import ${binding.local}`, { from: binding.appendAt, to: binding.appendAt }];
}

/** Two edits of one fix overlap: they share characters, or one inserts strictly inside the other's range, or both replace the same range. */
const overlap = (a: TextEdit, b: TextEdit): boolean => (a.from < b.to && b.from < a.to) || (a.from === b.from && a.to === b.to && a.from !== a.to);

function fixProblem(fix: FindingFix, length: number): string | undefined {
  for (const edit of fix.edits) {
    const problem = rangeProblem(edit, length);
    if (problem) return `edit ${JSON.stringify(edit)}: ${problem}`;
    if (typeof edit.text !== 'string') return `edit ${JSON.stringify(edit)} has no text`;
  }
  for (let i = 0; i < fix.edits.length; i++) {
    for (let j = i + 1; j < fix.edits.length; j++) {
      if (overlap(fix.edits[i], fix.edits[j])) return `edits ${JSON.stringify(fix.edits[i])} and ${JSON.stringify(fix.edits[j])} overlap`;
    }
  }
  return undefined;
}

const fixesOf = (analysis: Analysis, ruleId?: string): FindingFix[] =>
  analysis.findings.flatMap((finding) => (finding.fix && (ruleId === undefined || finding.ruleId === ruleId) ? [finding.fix] : []));

/**
 * Never freeze: analysis time must stay linear in the text's length. The budget is ten times and
 * more what the analysis takes on this 2-core machine, so load does not make it flaky, while a
 * quadratic walk over a long model (hundreds of layers) exceeds it by far.
 */
const ANALYZE_BUDGET = { baseMs: 2000, perMegabyteMs: 20_000 };

/** Passes of the whole fix-all after which the text must have stopped changing. */
const FIX_ALL_PASSES = 4;

function layerNumbers(flow: ModelFlow): [string, number][] {
  return flow.layers.flatMap((layer) => {
    const at = `layer ${layer.index} (${layer.name})`;
    const numbers: [string, number][] = [
      [`${at} fanIn`, layer.fanIn],
      [`${at} fanOut`, layer.fanOut],
      [`${at} initializer variance`, layer.initializer.variance],
      [`${at} analytic.activationRms`, layer.analytic.activationRms],
      [`${at} analytic.gradientRms`, layer.analytic.gradientRms],
    ];
    const mc = layer.monteCarlo;
    if (mc) {
      numbers.push(
        [`${at} monteCarlo.activationRms.mean`, mc.activationRms.mean],
        [`${at} monteCarlo.activationRms.std`, mc.activationRms.std],
        [`${at} monteCarlo.gradientRms.mean`, mc.gradientRms.mean],
        [`${at} monteCarlo.gradientRms.std`, mc.gradientRms.std],
        [`${at} monteCarlo.deadFraction`, mc.deadFraction],
        [`${at} monteCarlo.saturatedFraction`, mc.saturatedFraction],
      );
    }
    return numbers;
  });
}

function simulationProblem(flow: ModelFlow, monteCarlo: boolean): string | undefined {
  if (flow.notSimulated !== undefined) {
    if (typeof flow.notSimulated !== 'string' || flow.notSimulated.trim() === '') return `notSimulated without a reason: ${JSON.stringify(flow.notSimulated)}`;
    if (flow.layers.length > 0) return `notSimulated ("${flow.notSimulated}") but ${flow.layers.length} layers reported`;
    return undefined;
  }
  if (flow.layers.length === 0) return 'simulated, but no layer reported and no notSimulated reason';
  for (const [name, value] of layerNumbers(flow)) {
    if (!Number.isFinite(value)) return `${name} is ${value}`;
    if (value < 0) return `${name} is negative: ${value}`;
  }
  for (const layer of flow.layers) {
    const mc = layer.monteCarlo;
    if (mc && (mc.deadFraction > 1 || mc.saturatedFraction > 1)) return `layer ${layer.index}: a fraction above 1: ${JSON.stringify(mc)}`;
  }
  if (monteCarlo && flow.monteCarloSkipped === undefined && flow.layers.some((layer) => layer.monteCarlo === undefined)) return 'Monte Carlo requested: a layer has no estimate and no monteCarloSkipped reason';
  if (flow.monteCarloSkipped !== undefined && flow.monteCarloSkipped.trim() === '') return 'monteCarloSkipped without a reason';
  return undefined;
}

/** Runs `action`; an exception escaping the core is itself a violation. */
function noThrow<T>(input: FuzzInput, stage: string, action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (error instanceof PropertyViolation) throw error;
    const shown = error instanceof Error ? (error.stack ?? error.message) : String(error);
    throw new PropertyViolation('no exception escapes', `${stage} threw ${shown.split('\n').slice(0, 8).join('\n    ')}`, input);
  }
}

/** Checks every property on one input; throws a PropertyViolation on the first that fails. */
export function checkPipeline(input: FuzzInput, options: CheckOptions = {}, tally: Tally = new Tally()): void {
  const { source, language } = input;
  const fail = (property: string, detail: string): never => {
    throw new PropertyViolation(property, detail, input);
  };
  tally.cases++;

  const tree = noThrow(input, 'parseSource', () => parseSource(source, language));
  const clean = !hasSyntaxErrors(tree);
  if (clean) tally.cleanCases++;
  const started = performance.now();
  const analysis = noThrow(input, 'analyze', () => analyze(source, language, { tree }));
  const elapsed = performance.now() - started;
  const budget = ANALYZE_BUDGET.baseMs + (ANALYZE_BUDGET.perMegabyteMs * source.length) / 2 ** 20;
  if (elapsed > budget) fail('analysis time stays linear in the text', `analyze took ${Math.round(elapsed)} ms, over the ${Math.round(budget)} ms budget for ${source.length} characters`);
  tally.findings += analysis.findings.length;

  // Ranges inside the document.
  for (const [where, span] of rangesOf(analysis)) {
    const problem = rangeProblem(span, source.length);
    if (problem) fail('every range lies inside the document', `${where}: ${problem}`);
  }
  for (const finding of analysis.findings) {
    if (/\{\{\s*\w+\s*\}\}/.test(finding.message)) fail('messages are fully formatted', `${finding.ruleId}: ${JSON.stringify(finding.message)}`);
  }

  // Fix edits well-formed.
  const allFixes = fixesOf(analysis);
  tally.fixes += allFixes.length;
  for (const fix of allFixes) {
    const problem = fixProblem(fix, source.length);
    if (problem) fail("every fix's edits are inside the document and do not overlap", `fix "${fix.title}": ${problem}`);
  }

  // Applying fixes never breaks a file that parsed: each single fix (up to a limit), each rule's fix-all, every pass of the whole fix-all.
  const reanalyzed = new Map<string, Analysis>();
  const analyzeFixed = (text: string, what: string): Analysis => {
    let result = reanalyzed.get(text);
    if (!result) {
      result = noThrow(input, `analyze after ${what}`, () => analyze(text, language));
      reanalyzed.set(text, result);
    }
    return result;
  };
  const stillParses = (text: string, what: string): void => {
    if (clean && noThrow(input, `parseSource after ${what}`, () => hasSyntaxErrors(parseSource(text, language)))) {
      fail('applying a fix never makes a file that parsed start failing to parse', `${what} gives (${showInput({ language, source: text })})`);
    }
  };
  for (const fix of allFixes.slice(0, options.singleFixLimit ?? 8)) stillParses(applyEdits(source, fix.edits), `the fix "${fix.title}"`);

  // Fixing twice is fixing once, for every rule's fix-all (the RuleTester's contract).
  const fixAllOf = (text: string, ruleId: string | undefined, of: Analysis, label: string): string =>
    applyEdits(text, noThrow(input, `compatibleEdits (${label})`, () => compatibleEdits(fixesOf(of, ruleId))));
  for (const rule of RULES) {
    if (rule.meta.fix === 'none' || fixesOf(analysis, rule.id).length === 0) continue;
    const label = `fix-all of ${rule.id}`;
    const fixed = fixAllOf(source, rule.id, analysis, label);
    stillParses(fixed, label);
    tally.fixAllsChecked++;
    const again = fixAllOf(fixed, rule.id, analyzeFixed(fixed, label), label);
    if (again !== fixed) fail('fixing twice is the same as fixing once', `${label} then the same again changes the text once more:\n  once: ${showInput({ language, source: fixed })}\n  twice: ${showInput({ language, source: again })}`);
  }
  // The whole file's fix-all may expose another rule's finding (a model with a constant kernel is
  // judged for gradient flow once that kernel is fixed), and a fix dropped for a conflict waits for
  // the next pass: it must settle within a few passes, never flip between texts.
  if (allFixes.length > 0) {
    const texts = [source];
    let current = analysis;
    for (let pass = 1; ; pass++) {
      const label = `fix-all of every rule, pass ${pass}`;
      const next = fixAllOf(texts[texts.length - 1], undefined, current, label);
      if (next === texts[texts.length - 1]) break;
      stillParses(next, label);
      if (texts.includes(next)) fail('fix-all settles', `${label} brings back the text of pass ${texts.indexOf(next)}: ${showInput({ language, source: next })}`);
      if (pass > FIX_ALL_PASSES) fail('fix-all settles', `still changing after ${FIX_ALL_PASSES} passes: ${showInput({ language, source: next })}`);
      texts.push(next);
      current = analyzeFixed(next, label);
      tally.fixAllsChecked++;
    }
  }

  // The simulation: finite numbers, or an explicit reason. Monte Carlo (real passes, slow) only on
  // small models with small inputs, the analytic estimate on every model.
  for (const model of analysis.file.models) {
    tally.models++;
    const analytic = simulate(input, model, false, tally);
    const inputSize = (analytic.inputShape ?? []).reduce((a, b) => a * b, 1);
    if (analytic.notSimulated === undefined && model.layers.length <= (options.monteCarloLayers ?? 0) && inputSize <= MONTE_CARLO_MAX_INPUT) simulate(input, model, true, tally);
  }
}

/** Elements per example above which a case runs the analytic estimate only (a 300×300×300 input would take seconds). */
const MONTE_CARLO_MAX_INPUT = 4096;

/** Simulates `model` with its current and its recommended initializers; returns the current one's flow. */
function simulate(input: FuzzInput, model: ModelIR, monteCarlo: boolean, tally: Tally): ModelFlow {
  const flows = (['current', 'recommended'] as const).map((init) => {
    const settings = monteCarlo ? { monteCarlo: true, init, batch: 8, passes: 2, maxWidth: 16, seed: 1 } : { monteCarlo: false, init };
    const flow = noThrow(input, `simulateModel(${model.name}, ${JSON.stringify(settings)})`, () => simulateModel(model, settings));
    const problem = simulationProblem(flow, monteCarlo);
    if (problem) throw new PropertyViolation('the simulation returns finite numbers or a reason', `model ${model.name}, ${JSON.stringify(settings)}: ${problem}`, input);
    return flow;
  });
  if (flows[0].notSimulated !== undefined) tally.notSimulated++;
  else if (monteCarlo) tally.monteCarlo++;
  else tally.simulated++;
  return flows[0];
}
