import { isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HermeticityViolationError } from '../../core/errors';
import { POLICY_TABLE } from '../../core/policy';
import type { FileOperation } from '../../core/violation';
import type { TestScope } from '../../scope/test-scope';
import { userCallSite } from '../call-site';
import { chargeAttempt } from '../verdict';

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
  return chargeAttempt(
    scope,
    { kind: 'filesystem', operation: attempt.operation, path, ...(toPath === undefined ? {} : { toPath }) },
    userCallSite(stack, cwd),
  );
}
