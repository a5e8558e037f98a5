import { isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type HermeticityViolationError, violationErrorFor } from '../../core/errors';
import { POLICY_TABLE } from '../../core/policy';
import { createViolation, type FileOperation } from '../../core/violation';
import { OWN_DIRS } from '../../own-code';
import type { TestScope } from '../../scope/test-scope';
import { userCallSite } from '../call-site';

/** Whether the scope's size forbids files: code outside any sized test may touch anything. */
export function forbidsFiles(scope: TestScope | undefined): scope is TestScope {
  return scope !== undefined && scope.size !== undefined && POLICY_TABLE[scope.size].filesystem === 'none';
}

/** The path an argument names, or undefined for a descriptor (a number) or anything that is not a path. */
export function pathOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg instanceof URL) {
    try {
      return arg.protocol === 'file:' ? fileURLToPath(arg) : undefined;
    } catch {
      return undefined;
    }
  }
  if (Buffer.isBuffer(arg)) return arg.toString();
  return undefined;
}

/** The process's own output and the null device: writing there touches no file a test could depend on. */
const OWN_STREAMS = new Set(['/dev/null', '/dev/stdout', '/dev/stderr', '/dev/fd/1', '/dev/fd/2', '/proc/self/fd/1', '/proc/self/fd/2']);

export function isOwnStream(path: string): boolean {
  return OWN_STREAMS.has(path) || path.toLowerCase() === '\\\\.\\nul';
}

/**
 * Packages that read files on the test's behalf but never for it: the test framework, TypeScript loaders and the
 * compiler they drive, source-map readers and coverage tools. A file touched from one of them is not the test's.
 */
const TOOLS = new Set([
  'mocha',
  'hermetic',
  'tsx',
  'ts-node',
  'typescript',
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
 * Whether an access with this stack is the test's own doing. Node's module loader (`require`, `import`, JSON
 * modules, `require.resolve`), stack formatting (source maps read while an error is shown), hermetic and the known
 * tools are not: the first frame that is not Node's `fs` itself decides, so a file read at the top level of a module
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

/** A path as reports show it: relative to the project when inside it, with `/` separators; else as it is. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  const shown = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
  return shown.split(sep).join('/');
}

/** One attempt on a file, as the guard saw it. */
export interface FileAttempt {
  readonly operation: FileOperation;
  readonly path: string;
  readonly toPath?: string | undefined;
}

/**
 * Records an access the scope's size forbids and, in strict mode, returns the error that stops it before it happens;
 * in warn mode it returns undefined and the access goes ahead, reported once per test, operation and path.
 */
export function refuseAccess(attempt: FileAttempt, scope: TestScope, stack: string): HermeticityViolationError | undefined {
  const strict = scope.config.enforcement === 'strict';
  const cwd = process.cwd();
  const path = displayPath(attempt.path, cwd);
  const toPath = attempt.toPath === undefined ? undefined : displayPath(attempt.toPath, cwd);
  if (!strict && scope.violations.some((v) => v.kind === 'filesystem' && v.operation === attempt.operation && v.path === path)) {
    return undefined;
  }
  const violation = createViolation({
    kind: 'filesystem',
    testId: scope.testId,
    file: scope.file,
    titlePath: scope.titlePath,
    hook: scope.hook,
    size: scope.size!,
    outcome: strict ? 'blocked' : 'warned',
    operation: attempt.operation,
    path,
    ...(toPath === undefined ? {} : { toPath }),
    callSite: userCallSite(stack, cwd) ?? scope.file,
    late: scope.finished || undefined,
    outsideTest: scope.outsideTest || undefined,
  });
  scope.record(violation);
  return strict ? violationErrorFor(violation) : undefined;
}
