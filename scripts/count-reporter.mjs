// A node:test reporter that writes the unit tier's counts as JSON, so the last lines of
// `npm test` can add up all three tiers. Suites are not counted, only their tests.
// RuleTester cases (tests named `valid: …`, `invalid (typescript): …`) are tallied by language.
export default async function* countReporter(source) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const ruleCases = {};
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    if (event.data.details?.type === 'suite') continue;
    const ruleCase = /^(valid|invalid)(?: \((\w+)\))?: /.exec(event.data.name);
    if (ruleCase) {
      const key = `${ruleCase[2] ?? 'python'} ${ruleCase[1]}`;
      ruleCases[key] = (ruleCases[key] ?? 0) + 1;
    }
    if (event.data.skip || event.data.todo) skipped++;
    else if (event.type === 'test:pass') passed++;
    else failed++;
  }
  yield `${JSON.stringify({ passed, failed, skipped, ruleCases })}\n`;
}
