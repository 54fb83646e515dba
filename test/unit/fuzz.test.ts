// Property-based fuzzing of the whole pipeline (parse → extract → rules → fixes → simulate) on a
// fixed seed: generated Keras and TF.js models, mutated fixtures, deep nesting, very long lines,
// 1 MB files. Properties and inputs live in test/fuzz/ (shared with `npm run fuzz`, which runs
// longer on a fresh seed). A failure prints fast-check's report — seed, path, shrunk recipe — the
// exact input, and the command that replays it.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { families, fixtureMap, runFamily } from '../fuzz/suite';
import { Tally } from '../fuzz/properties';

/** Fixed: the unit tier is reproducible. `npm run fuzz` draws a new seed every run. */
const SEED = 20260407;
const MINIMUM_CASES = 20_000;

describe('fuzz: the pipeline never throws, never corrupts, never reports out of range', () => {
  const fixtures = fixtureMap();
  const all = families([...fixtures.values()]);
  const total = new Tally();
  let runs = 0;

  after(() => {
    console.log(`fuzz: ${runs} cases on seed ${SEED} across ${all.length} families; ${total}`);
  });

  it(`budgets at least ${MINIMUM_CASES} cases`, () => {
    assert.ok(all.reduce((sum, family) => sum + family.unitRuns, 0) >= MINIMUM_CASES);
  });

  for (const family of all) {
    it(`${family.name}: ${family.unitRuns} cases`, () => {
      const started = performance.now();
      const result = runFamily(family, fixtures, { seed: SEED, runs: (f) => f.unitRuns });
      runs += result.runs;
      total.add(result.tally);
      console.log(`fuzz: ${family.name}: ${result.runs} cases, seed ${SEED}, ${((performance.now() - started) / 1000).toFixed(1)} s; ${result.tally}`);
      if (result.failure) assert.fail(`${result.failure}\n\nReplay: ${result.replay}`);
      assert.equal(result.runs, family.unitRuns);
      // A family whose inputs never reach the rules or the simulation would pass vacuously.
      assert.ok(result.tally.cases >= family.unitRuns, `${family.name}: fewer cases checked than run`);
    });
  }
});
