// Builds the package: type declarations with tsc, and the runtime as one bundle per entry with esbuild,
// so that loading `hermetic/mocha` reads one file instead of forty (most of its start-up cost was module loading).
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const esbuild = require('esbuild');

/** Keeps the run summary's `require('./run-end')` a require of dist/run-end.js, so the end of the run stays out of the start-up bundle. */
const runEndApart = {
  name: 'run-end-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/run-end$/ }, () => ({ path: './run-end.js', external: true }));
  },
};

rmSync(join(root, 'dist'), { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json'), '--emitDeclarationOnly'], {
  stdio: 'inherit',
});
await esbuild.build({
  absWorkingDir: root,
  entryPoints: {
    // Everything the two package entries (cjs/index.js, cjs/mocha.js) expose, in one instance.
    hermetic: 'src/hermetic.ts',
    // Runs first in a Worker started by a sized test; a worker is a fresh isolate and needs its own copy.
    'worker-preload': 'src/guards/network/worker-preload.ts',
    // Runs first in a child Node process started by a medium test (through NODE_OPTIONS), with that test's size.
    'child-preload': 'src/guards/process/child-preload.ts',
    // The end of a run (summary, JSON report, job summary), loaded by dist/hermetic.js when a run ends: start-up does not parse it.
    'run-end': 'src/adapters/mocha/run-end.ts',
    // `npx hermetic`: loaded only by the command-line tool, so the plugin's start-up never pays for it.
    cli: 'src/cli/main.ts',
  },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  // The command-line tool's own dependencies, loaded from the package's dependencies when a command needs them.
  external: ['@babel/parser', 'diff'],
  plugins: [runEndApart],
  logLevel: 'warning',
});
