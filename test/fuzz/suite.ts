// The fuzz families (what inputs, how many of each) and one runner shared by the unit tier's
// fixed-seed budget and the long `npm run fuzz`. A case is a recipe — generated source, or a
// fixture's name plus mutations — so fast-check shrinks and prints the recipe; the property's
// error shows the exact text it produced.

import fc from 'fast-check';
import { kerasSource } from './keras-source';
import { loadFixtures, type Fixture, type FuzzInput } from './inputs';
import { mutate, mutationArbitrary, type Mutation } from './mutators';
import { checkPipeline, Tally, type CheckOptions } from './properties';
import { tfjsSource } from './tfjs-source';

type Recipe =
  | { generated: FuzzInput }
  | { generated: FuzzInput; mutations: Mutation[] }
  | { fixture: string; mutations: Mutation[] }
  /** The fixture repeated (whole copies, one after another) until the text reaches `bytes`. */
  | { fixture: string; repeatedTo: number; mutations: Mutation[] }
  /** A Sequential/`sequential` list of `layers` identical dense layers. */
  | { deepModel: 'python' | 'typescript'; layers: number; initializer: string };

export interface Family {
  name: string;
  /** Cases in the unit tier's fixed-seed run. */
  unitRuns: number;
  /** Share of the long run's cases or minutes. */
  share: number;
  options: CheckOptions;
  recipes: fc.Arbitrary<Recipe>;
}

function deepModelSource(recipe: { deepModel: 'python' | 'typescript'; layers: number; initializer: string }): FuzzInput {
  if (recipe.deepModel === 'python') {
    const layer = `    layers.Dense(64, activation='relu', kernel_initializer='${recipe.initializer}'),\n`;
    return { language: 'python', source: `import keras\nfrom keras import layers\n\nmodel = keras.Sequential([\n    keras.Input(shape=(64,)),\n${layer.repeat(recipe.layers)}])\n` };
  }
  const layer = `    tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: '${recipe.initializer}' }),\n`;
  return { language: 'typescript', source: `import * as tf from '@tensorflow/tfjs';\n\nconst model = tf.sequential({\n  layers: [\n    tf.layers.dense({ units: 64, inputShape: [64] }),\n${layer.repeat(recipe.layers)}  ],\n});\n` };
}

export function materialize(recipe: Recipe, fixtures: ReadonlyMap<string, Fixture>): FuzzInput {
  if ('deepModel' in recipe) return deepModelSource(recipe);
  const base = 'generated' in recipe ? recipe.generated : fixtures.get(recipe.fixture);
  if (!base) throw new Error(`unknown fixture ${JSON.stringify('fixture' in recipe ? recipe.fixture : '')}`);
  let source = base.source;
  if ('repeatedTo' in recipe) {
    const copy = source.endsWith('\n') ? source : `${source}\n`;
    source = copy.repeat(Math.ceil(recipe.repeatedTo / copy.length));
  }
  if ('mutations' in recipe) source = mutate(source, recipe.mutations, base.language === 'python');
  return { language: base.language, source };
}

export function families(fixtures: readonly Fixture[]): Family[] {
  const names = fixtures.map((fixture) => fixture.name);
  const generated = fc.oneof(kerasSource, tfjsSource);
  const mutations = (size: 'small' | 'large', maxLength: number) => fc.array(mutationArbitrary(size), { minLength: 1, maxLength });
  return [
    { name: 'generated Keras models', unitRuns: 5000, share: 0.2, options: {}, recipes: kerasSource.map((input) => ({ generated: input })) },
    { name: 'generated TF.js models', unitRuns: 4000, share: 0.2, options: {}, recipes: tfjsSource.map((input) => ({ generated: input })) },
    { name: 'mutated generated models', unitRuns: 3800, share: 0.2, options: {}, recipes: fc.record({ generated, mutations: mutations('small', 3) }) },
    { name: 'mutated fixtures', unitRuns: 7000, share: 0.3, options: {}, recipes: fc.record({ fixture: fc.constantFrom(...names), mutations: mutations('small', 4) }) },
    { name: 'Monte Carlo on small generated models', unitRuns: 250, share: 0.05, options: { monteCarloLayers: 6 }, recipes: generated.map((input) => ({ generated: input })) },
    {
      name: 'deep nesting and very long lines',
      unitRuns: 24,
      share: 0.02,
      options: {},
      recipes: fc.record({ fixture: fc.constantFrom(...names), mutations: mutations('large', 1) }),
    },
    {
      name: 'models thousands of layers deep',
      unitRuns: 4,
      share: 0.005,
      options: {},
      recipes: fc.record({
        deepModel: fc.constantFrom('python' as const, 'typescript' as const),
        layers: fc.integer({ min: 200, max: 1500 }),
        initializer: fc.constantFrom('he_normal', 'heNormal', 'glorot_uniform', 'zeros', 'ones'),
      }),
    },
    {
      name: '1 MB files',
      unitRuns: 1,
      share: 0.005,
      options: { singleFixLimit: 2 },
      recipes: fc.record({ fixture: fc.constantFrom(...names), repeatedTo: fc.constant(1 << 20), mutations: fc.array(mutationArbitrary('small'), { maxLength: 1 }) }),
    },
  ];
}

export interface FamilyResult {
  family: string;
  /** Cases run (shrinking runs not included). */
  runs: number;
  tally: Tally;
  /** fast-check's report with seed, path and shrunk counterexample, when the property failed. */
  failure?: string;
  /** How to replay this family's failure alone. */
  replay?: string;
}

export interface RunSettings {
  seed: number;
  /** Runs per family; a number overrides the family's own. */
  runs: (family: Family) => number;
  /** Stop each family after this many milliseconds (long runs by time). */
  timeLimitMs?: (family: Family) => number | undefined;
  /** Replays one failing path (from an earlier report). */
  path?: string;
}

export function runFamily(family: Family, fixtures: ReadonlyMap<string, Fixture>, settings: RunSettings): FamilyResult {
  const tally = new Tally();
  const property = fc.property(family.recipes, (recipe) => checkPipeline(materialize(recipe, fixtures), family.options, tally));
  const details = fc.check(property, {
    seed: settings.seed,
    numRuns: settings.runs(family),
    ...(settings.path !== undefined ? { path: settings.path } : {}),
    ...(settings.timeLimitMs?.(family) !== undefined ? { interruptAfterTimeLimit: settings.timeLimitMs(family), markInterruptAsFailure: false } : {}),
  });
  const result: FamilyResult = { family: family.name, runs: details.numRuns, tally };
  if (details.failed) {
    const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    result.failure = `${fc.defaultReportMessage(details) ?? `${family.name} failed`}\n\n${error}`;
    result.replay = `npm run fuzz -- --family ${JSON.stringify(family.name)} --seed ${details.seed} --path ${JSON.stringify(details.counterexamplePath ?? '')}`;
  }
  return result;
}

export function fixtureMap(): Map<string, Fixture> {
  return new Map(loadFixtures().map((fixture) => [fixture.name, fixture]));
}
