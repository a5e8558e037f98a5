import fs = require('node:fs');

import { attemptScope, type TestScope } from '../../scope/test-scope';
import { captureStack } from '../call-site';
import { applyPatch } from '../patch';
import { isTestsOwn } from '../run-tools';
import { type FileAttempt, forbidsFiles, isOwnStream, pathOf, refuseAccess } from './judge';
import { type FileFunction, openOperation, PATH_FUNCTIONS, STREAM_FUNCTIONS } from './operations';

type FsFunction = (this: unknown, ...args: unknown[]) => unknown;

/** How a patched function reports a refusal: thrown by sync and callback forms, a rejection from `fs/promises`. */
type Delivery = 'throw' | 'reject';

/**
 * Sync `fs` functions call one another (`readFileSync` opens with `openSync`): once the outer call has been judged,
 * the inner ones are its own steps, not new attempts.
 */
const judging: { depth: number } = { depth: 0 };

/** The attempt a call makes, or undefined when it names no path (a descriptor) or writes to the process's own output. */
function attemptOf(spec: FileFunction, args: ArrayLike<unknown>): FileAttempt | undefined {
  const path = pathOf(args[0]);
  if (path === undefined || isOwnStream(path)) return undefined;
  const operation = spec.operation === 'open' ? openOperation(args[1]) : spec.operation;
  const toPath = spec.hasDestination ? pathOf(args[1]) : undefined;
  return { operation, path, toPath };
}

function guard(spec: FileFunction, delivery: Delivery): (real: FsFunction) => FsFunction {
  return (real) => {
    function guardedFs(this: unknown): unknown {
      // The cost every call pays is this check: one AsyncLocalStorage read; only a small test's calls go further.
      if (judging.depth === 0) {
        const scope = attemptScope();
        // biome-ignore lint/complexity/noArguments: passed through without allocating, on every fs call of the process.
        if (forbidsFiles(scope)) return judged(real, this, arguments, scope);
      }
      // biome-ignore lint/complexity/noArguments: as above.
      return real.apply(this, arguments as unknown as unknown[]);
    }
    function judged(fn: FsFunction, self: unknown, args: ArrayLike<unknown>, scope: TestScope): unknown {
      judging.depth++;
      try {
        const attempt = attemptOf(spec, args);
        const stack = attempt ? captureStack(guardedFs) : '';
        const error = attempt && isTestsOwn(stack) ? refuseAccess(attempt, scope, stack) : undefined;
        if (error) {
          if (delivery === 'reject') return Promise.reject(error);
          throw error;
        }
        return fn.apply(self, args as unknown[]);
      } finally {
        judging.depth--;
      }
    }
    // `realpathSync.native`, `exists[promisify.custom]`: what callers find on the function stays there.
    for (const key of Reflect.ownKeys(real)) {
      if (!Object.hasOwn(guardedFs, key)) Object.defineProperty(guardedFs, key, Reflect.getOwnPropertyDescriptor(real, key)!);
    }
    return guardedFs;
  };
}

/**
 * Patches every public function that names a file on `fs` (callback and `Sync` forms, streams) and on `fs/promises`.
 * Node's loaders and streams call these same public functions at call time, which is how a load is told apart (by its
 * stack, and only in a small test). Returns the removers.
 */
export function patchFileFunctions(): Array<() => void> {
  const removers: Array<() => void> = [];
  const patch = (owner: object, name: string, spec: FileFunction, delivery: Delivery): void => {
    if (typeof (owner as Record<string, unknown>)[name] !== 'function') return;
    removers.push(applyPatch<FsFunction>(owner, name, guard(spec, delivery), { direct: true }));
  };
  for (const spec of PATH_FUNCTIONS) {
    patch(fs, spec.name, spec, 'throw');
    patch(fs, `${spec.name}Sync`, spec, 'throw');
    // `fs/promises` `watch` returns an async iterator, not a promise: it throws like the others.
    patch(fs.promises, spec.name, spec, spec.name === 'watch' ? 'throw' : 'reject');
  }
  for (const spec of STREAM_FUNCTIONS) patch(fs, spec.name, spec, 'throw');
  return removers;
}
