// The long fuzz run: `npm run fuzz [-- --cases N | --minutes M] [--seed S] [--family NAME] [--path P]`.
// A fresh seed every run unless one is given; it is printed before anything else, and a failure
// prints fast-check's report (seed, path, shrunk counterexample), the exact input and the command
// that replays it, and exits 1. Exit 2 on bad usage.

import { randomInt } from 'node:crypto';
import { families, fixtureMap, runFamily, type Family } from './suite';
import { Tally } from './properties';

const USAGE = 'usage: npm run fuzz -- [--cases N (default 200000) | --minutes M] [--seed S] [--family NAME] [--path P]';

interface Arguments {
  cases: number;
  minutes?: number;
  seed: number;
  family?: string;
  path?: string;
}

function usage(message: string): never {
  console.error(`fuzz: ${message}\n${USAGE}`);
  process.exit(2);
}

function positive(flag: string, text: string | undefined, integer: boolean): number {
  const value = Number(text);
  if (text === undefined || !Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) usage(`${flag} takes a positive ${integer ? 'integer' : 'number'}, got ${JSON.stringify(text ?? '')}`);
  return value;
}

function parseArguments(argv: readonly string[]): Arguments {
  const parsed: Arguments = { cases: 200_000, seed: randomInt(0, 2 ** 31) };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    switch (flag) {
      case '--cases':
        parsed.cases = positive(flag, value, true);
        break;
      case '--minutes':
        parsed.minutes = positive(flag, value, false);
        break;
      case '--seed':
        if (value === undefined || !/^-?\d+$/.test(value)) usage(`--seed takes an integer, got ${JSON.stringify(value ?? '')}`);
        parsed.seed = Number(value);
        break;
      case '--family':
        if (value === undefined) usage('--family takes a family name');
        parsed.family = value;
        break;
      case '--path':
        if (value === undefined) usage('--path takes a path from a failure report');
        parsed.path = value;
        break;
      case '--help':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        usage(`unknown argument ${JSON.stringify(flag)}`);
    }
    i++;
  }
  return parsed;
}

function main(): void {
  const args = parseArguments(process.argv.slice(2));
  const fixtures = fixtureMap();
  let chosen: Family[] = families([...fixtures.values()]);
  if (args.family !== undefined) {
    chosen = chosen.filter((family) => family.name === args.family);
    if (chosen.length === 0) usage(`unknown family ${JSON.stringify(args.family)}; families: ${families([...fixtures.values()]).map((family) => JSON.stringify(family.name)).join(', ')}`);
  }
  const shares = chosen.reduce((sum, family) => sum + family.share, 0);
  const budget = args.minutes !== undefined ? `${args.minutes} minutes` : `${args.cases} cases`;
  console.log(`fuzz: seed ${args.seed}, ${budget} over ${chosen.length} families (replay with --seed ${args.seed})`);

  const total = new Tally();
  let runs = 0;
  let failures = 0;
  for (const family of chosen) {
    const share = family.share / shares;
    const started = performance.now();
    const result = runFamily(family, fixtures, {
      seed: args.seed,
      runs: () => (args.path !== undefined ? 1 : args.minutes !== undefined ? 1e9 : Math.max(1, Math.round(args.cases * share))),
      timeLimitMs: () => (args.minutes !== undefined ? args.minutes * 60_000 * share : undefined),
      ...(args.path !== undefined ? { path: args.path } : {}),
    });
    runs += result.runs;
    total.add(result.tally);
    console.log(`fuzz: ${family.name}: ${result.runs} cases in ${((performance.now() - started) / 1000).toFixed(1)} s; ${result.tally}`);
    if (result.failure) {
      failures++;
      console.error(`\nfuzz: FAILED: ${family.name} (seed ${args.seed})\n${result.failure}\n\nReplay: ${result.replay}\n`);
    }
  }
  console.log(`fuzz: ${runs} cases on seed ${args.seed}; ${total}`);
  if (failures > 0) {
    console.error(`fuzz: ${failures} of ${chosen.length} families failed on seed ${args.seed}`);
    process.exit(1);
  }
}

main();
