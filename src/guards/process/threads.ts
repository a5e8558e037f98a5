import type * as WorkerThreads from 'node:worker_threads';

import { attemptScope } from '../../scope/test-scope';
import { builtinLoads } from '../builtin-loads';
import { captureStack } from '../call-site';
import { applyPatch } from '../patch';
import { mayStart, refuseStart } from './judge';

type StartThread = (this: unknown) => unknown;

/** A flag no Node accepts: the probe Worker is refused before its native half is allocated. */
const PROBE_FLAG = '--hermetic-probe-not-a-flag';

/**
 * The prototype of Node's native Worker handle, whose `startThread` creates the OS thread. The `worker` binding is
 * not reachable, so it is read off a probe Worker: the constructor's `this[kHandle] = new WorkerImpl(…)` is a
 * property set that walks the prototype chain, where a trap notes the handle's prototype. The probe's flag is
 * invalid, so the constructor throws right after, and no thread exists.
 */
function workerHandlePrototype({ Worker }: typeof WorkerThreads): { startThread: StartThread } | undefined {
  const base = Object.getPrototypeOf(Worker.prototype) as object;
  let found: { startThread: StartThread } | undefined;
  const trap = new Proxy(base, {
    set(target, key, value: unknown, receiver: object) {
      const proto = typeof value === 'object' && value !== null ? (Object.getPrototypeOf(value) as Record<string, unknown>) : undefined;
      if (proto && typeof proto.startThread === 'function') found ??= proto as { startThread: StartThread };
      return Reflect.set(target, key, value, receiver);
    },
  });
  Object.setPrototypeOf(Worker.prototype, trap);
  try {
    new Worker('', { eval: true, execArgv: [PROBE_FLAG] });
  } catch {
    // Expected: ERR_WORKER_INVALID_EXEC_ARGV.
  } finally {
    Object.setPrototypeOf(Worker.prototype, base);
  }
  return found;
}

/** The hooks thread of `module.register` and loaders: Node starts it (an InternalWorker, from esm/hooks), not the test. */
const NODE_OWN_THREAD = /node:internal\/modules\/esm\/hooks/;

/**
 * Stops a Worker a small test starts before its thread exists, at the native `startThread` every Worker reaches,
 * including one built from a class reference taken before hermetic loaded (worker_threads is then loaded, and patched
 * at once). Until the user loads worker_threads, no Worker can exist: the probe waits for it. Returns the remover.
 */
export function patchThreads(): Array<() => void> {
  return [builtinLoads.patchWhenUsed('worker_threads', () => require('node:worker_threads') as typeof WorkerThreads, patchStartThread)];
}

function patchStartThread(workerThreads: typeof WorkerThreads): Array<() => void> {
  const handle = workerHandlePrototype(workerThreads);
  if (!handle) return [];
  return [
    applyPatch<StartThread>(
      handle,
      'startThread',
      (real) =>
        function guardedStartThread(this: unknown): unknown {
          const scope = attemptScope();
          if (!mayStart('thread', scope)) {
            const stack = captureStack(guardedStartThread);
            const error = NODE_OWN_THREAD.test(stack) ? undefined : refuseStart({ kind: 'thread' }, scope!, stack);
            if (error) throw error;
          }
          return real.call(this);
        },
    ),
  ];
}
