// Runs both real-VS-Code tiers one after the other (each with its own server) and ends
// with every tier's counts (the unit tier's from out/unit-counts.json, when it ran) and their total. Expects scripts/setup-vscode-server.mjs and `node esbuild.js --tests`
// to have run (npm run test:vscode does both).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { summaryLine } from './results';
import { runE2e } from './e2e';
import { runIntegration, type TierResult } from './runIntegration';

async function tier(name: string, run: () => Promise<TierResult>): Promise<TierResult> {
  console.log(`\n${name}`);
  try {
    return await run();
  } catch (error) {
    console.log(`${name} could not run: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    console.log(summaryLine(name, 0, 1));
    return { passed: 0, failed: 1 };
  }
}

/** The unit tier's counts, written by scripts/count-reporter.mjs when `npm run test:unit` ran first. */
function unitCounts(): (TierResult & { ruleCases: Record<string, number> }) | undefined {
  try {
    const file = path.join(__dirname, '..', '..', 'unit-counts.json');
    const counts = JSON.parse(fs.readFileSync(file, 'utf8')) as TierResult & { ruleCases?: Record<string, number> };
    fs.rmSync(file); // read once: a later run on its own must not report stale counts
    return { passed: counts.passed, failed: counts.failed, ruleCases: counts.ruleCases ?? {} };
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const integration = await tier('integration', runIntegration);
  const e2e = await tier('e2e', runE2e);
  const unit = unitCounts();
  console.log('');
  if (unit) {
    const cases = Object.entries(unit.ruleCases).sort(([a], [b]) => a.localeCompare(b));
    const total = cases.reduce((sum, [, count]) => sum + count, 0);
    console.log(`rule cases: ${total} (${cases.map(([key, count]) => `${key} ${count}`).join(', ')})`);
    console.log(summaryLine('unit', unit.passed, unit.failed));
  }
  console.log(summaryLine('integration', integration.passed, integration.failed));
  console.log(summaryLine('e2e', e2e.passed, e2e.failed));
  const tiers = [unit ?? { passed: 0, failed: 0 }, integration, e2e];
  console.log(summaryLine('total', tiers.reduce((sum, t) => sum + t.passed, 0), tiers.reduce((sum, t) => sum + t.failed, 0)));
  const ok = integration.failed === 0 && e2e.failed === 0 && integration.passed > 0 && e2e.passed > 0;
  process.exit(ok ? 0 : 1);
}

void main();
