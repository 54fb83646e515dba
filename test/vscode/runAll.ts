// Runs both real-VS-Code tiers one after the other (each with its own server) and ends
// with both tiers' counts. Expects scripts/setup-vscode-server.mjs and `node esbuild.js --tests`
// to have run (npm run test:vscode does both).
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

async function main(): Promise<void> {
  const integration = await tier('integration', runIntegration);
  const e2e = await tier('e2e', runE2e);
  console.log(`\n${summaryLine('integration', integration.passed, integration.failed)}`);
  console.log(summaryLine('e2e', e2e.passed, e2e.failed));
  const ok = integration.failed === 0 && e2e.failed === 0 && integration.passed > 0 && e2e.passed > 0;
  process.exit(ok ? 0 : 1);
}

void main();
