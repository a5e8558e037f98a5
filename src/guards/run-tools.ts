import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OWN_DIRS } from '../own-code';

/**
 * Packages that work on the test's behalf but never for it (reading files, waiting on a loader's thread): the test framework, TypeScript loaders and the
 * compiler they drive, source-map readers and coverage tools. What one of them does is not the test's.
 */
const TOOLS = new Set([
  'mocha',
  'hermetic',
  'tsx',
  'ts-node',
  'typescript',
  // The compilers the loaders run: esbuild's synchronous transform waits on its service with Atomics.wait.
  'esbuild',
  '@swc/core',
  '@swc/register',
  '@swc-node/register',
  '@babel/register',
  'esbuild-register',
  'pirates',
  'source-map-support',
  '@cspotcode/source-map-support',
  'c8',
  'nyc',
  'append-transform',
  'istanbul-lib-hook',
  'istanbul-lib-instrument',
  'istanbul-lib-coverage',
  '@istanbuljs/load-nyc-config',
  'test-exclude',
  'v8-to-istanbul',
]);

/** `(/abs/node_modules/@scope/pkg/x.js:1:2)` → `@scope/pkg`: the innermost package a frame's file belongs to. */
function packageOf(file: string): string | undefined {
  const marker = `${sep}node_modules${sep}`;
  const at = file.lastIndexOf(marker);
  if (at < 0) return undefined;
  const parts = file.slice(at + marker.length).split(sep);
  return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

/** A frame's place: `node:internal/modules/cjs/loader`, or an absolute file path. */
const FRAME_PLACE = /(?:\(|at )((?:node:|file:\/\/|\/|[A-Za-z]:\\)[^()]*?)(?::\d+:\d+)?\)?$/;

/** A frame of stack formatting: source-map-support's hook, or Node's own `prepareStackTraceCallback`. */
const FORMATTING = / at (?:\S+\.)?prepareStackTrace(?:Callback)? \(/;

/**
 * Whether an attempt with this stack is the test's own doing. Node's module loader (`require`, `import`, JSON
 * modules, `require.resolve`), stack formatting (source maps read while an error is shown), hermetic and the known
 * tools are not: the first frame past Node's own (`fs`, `Atomics`) decides, so a file read at the top level of a module
 * a test requires stays the test's. Node's other internals (streams opening their file later, timers) are passed
 * over to the code that called them.
 */
export function isTestsOwn(stack: string): boolean {
  if (FORMATTING.test(stack)) return false;
  for (const line of stack.split('\n')) {
    const m = FRAME_PLACE.exec(line.trimEnd());
    if (!m) continue;
    let place = m[1]!;
    if (place.startsWith('node:')) {
      if (place.startsWith('node:internal/modules/') || place.startsWith('node:internal/source_map/')) return false;
      continue;
    }
    if (place.startsWith('file://')) {
      try {
        place = fileURLToPath(place);
      } catch {
        continue;
      }
    }
    if (OWN_DIRS.some((dir) => place.startsWith(dir))) return false;
    const pkg = packageOf(place);
    return pkg === undefined || !TOOLS.has(pkg);
  }
  return true;
}
