// Bundles the extension, the CLI and the webview page; with --tests also the test suites.
// Usage: node esbuild.js [--production] [--watch] [--tests]
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');

const { version } = require('./package.json');

/** uPlot's stylesheet is a file the page links (no inline styles under the CSP): copy it beside the bundle on every build, watch rebuilds included. */
function copyUplotCss() {
  return {
    name: 'copy-uplot-css',
    setup(build) {
      build.onEnd(() => {
        fs.mkdirSync('dist', { recursive: true });
        fs.copyFileSync(path.join('node_modules', 'uplot', 'dist', 'uPlot.min.css'), path.join('dist', 'uPlot.min.css'));
      });
    },
  };
}

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  metafile: true,
};

const products = [
  { ...common, entryPoints: ['src/vscode/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] },
  // The extension host's analysis worker thread (src/vscode/analysis-worker.ts), started from dist/.
  { ...common, entryPoints: ['src/vscode/analysis-worker.ts'], outfile: 'dist/analysis-worker.js', platform: 'node', format: 'cjs', target: 'node20' },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', target: 'node20', banner: { js: '#!/usr/bin/env node' }, define: { INITLINT_VERSION: JSON.stringify(version) } },
  { ...common, entryPoints: ['src/webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'es2022', plugins: [copyUplotCss()] },
  // The page starts the worker from a blob: URL (the webview's CSP allows no other worker
  // source), where a relative source-map link cannot resolve: inline it in development.
  { ...common, entryPoints: ['src/webview/worker.ts'], outfile: 'dist/worker.js', platform: 'browser', format: 'iife', target: 'es2022', sourcemap: production ? false : 'inline' },
];

function listTests(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true })
    .map((f) => path.join(dir, String(f)))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
}

// Tests and benchmarks keep their folder layout under out/; packages stay external so mocha and
// playwright-core load from node_modules, while `vscode` comes from the extension host.
const testBuilds = tests
  ? [{ ...common, minify: false, sourcemap: 'inline', metafile: false, entryPoints: [...listTests('test'), ...listTests('bench')], outbase: '.', outdir: 'out', platform: 'node', format: 'cjs', target: 'node20', packages: 'external' }]
  : [];

function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

async function main() {
  const builds = tests ? testBuilds : products;
  if (watch) {
    for (const options of builds) (await esbuild.context(options)).watch();
    console.log('[esbuild] watching for changes…');
    return;
  }
  const results = await Promise.all(builds.map((options) => esbuild.build(options)));
  if (!tests) {
    for (const result of results) {
      for (const [file, info] of Object.entries(result.metafile.outputs)) {
        if (!file.endsWith('.map')) console.log(`${file.padEnd(22)} ${kb(info.bytes).padStart(10)}${production ? ' (minified)' : ''}`);
      }
    }
    console.log(`${'dist/uPlot.min.css'.padEnd(22)} ${kb(fs.statSync('dist/uPlot.min.css').size).padStart(10)} (copied)`);
  }
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});
