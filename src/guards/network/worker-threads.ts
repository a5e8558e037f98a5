import { join } from 'node:path';

import type * as WorkerThreads from 'node:worker_threads';

import { createViolation, type Violation } from '../../core/violation';
import { PACKAGE_ROOT } from '../../own-code';
import type { TestScope } from '../../scope/test-scope';
import { builtinLoads } from '../builtin-loads';
import { type CarriedScope, carryScope } from '../carried-scope';
import { applyPatch } from '../patch';
import { isRestricted, scopeNow } from './judge';

/** Key of the environment data a new Worker copies at construction: the starting test's size and rules. */
export const WORKER_SCOPE_KEY = 'hermetic:worker-scope';
/** Violations found inside workers come back to the test that started them on this channel. */
export const WORKER_VIOLATIONS_CHANNEL = 'hermetic:worker-violations';

/** What a worker needs to judge its own attempts as the test that started it, and the id its violations come back with. */
export interface WorkerScopeData extends CarriedScope {
  readonly id: string;
}

export interface WorkerViolationMessage {
  readonly id: string;
  readonly violation: Violation;
}

/** The bundled preload next to hermetic's bundle in dist/; from source (tests under tsx) too, since a worker starts plain Node. */
function preloadPath(): string {
  return join(PACKAGE_ROOT, 'dist', 'worker-preload.js');
}

/** The tests that started Workers, by the id each Worker's violations come back with. */
const workers: { owners: Map<string, WeakRef<TestScope>>; channel?: WorkerThreads.BroadcastChannel; nextId: number } = {
  owners: new Map(),
  nextId: 0,
};

function listen(workerThreads: typeof WorkerThreads): void {
  if (workers.channel) return;
  const channel = new workerThreads.BroadcastChannel(WORKER_VIOLATIONS_CHANNEL);
  workers.channel = channel;
  channel.unref();
  channel.onmessage = (event: unknown) => {
    const { id, violation } = (event as { data: WorkerViolationMessage }).data;
    const scope = workers.owners.get(id)?.deref();
    if (scope) scope.record(createViolation({ ...violation, late: scope.finished || violation.late }));
  };
}

type WorkerCtor = new (filename: string | URL, options?: WorkerThreads.WorkerOptions) => WorkerThreads.Worker;

/**
 * Patches live per isolate, so a Worker would run unguarded. A Worker started by a small or medium
 * test gets hermetic's preload (through execArgv) and that test's size (through environment data,
 * copied when the Worker is constructed); large and unsized tests start Workers untouched.
 */
export function patchWorkersWhenUsed(): () => void {
  return builtinLoads.patchWhenUsed('worker_threads', () => require('node:worker_threads') as typeof WorkerThreads, patchWorkers, true);
}

function patchWorkers(workerThreads: typeof WorkerThreads): Array<() => void> {
  return [
    applyPatch<WorkerCtor & ((...args: unknown[]) => unknown)>(
      workerThreads,
      'Worker',
      (real) =>
        function Worker(this: unknown, filename: string | URL, options?: WorkerThreads.WorkerOptions): WorkerThreads.Worker {
          const scope = scopeNow();
          if (!new.target || !isRestricted(scope))
            return Reflect.construct(real, [filename, options], new.target ?? real) as WorkerThreads.Worker;
          listen(workerThreads);
          const id = `${process.pid}.${workerThreads.threadId}.${workers.nextId++}`;
          workers.owners.set(id, new WeakRef(scope));
          const data: WorkerScopeData = { id, ...carryScope(scope) };
          const execArgv = [...(options?.execArgv ?? process.execArgv), '--require', preloadPath()];
          const previous = workerThreads.getEnvironmentData(WORKER_SCOPE_KEY);
          workerThreads.setEnvironmentData(WORKER_SCOPE_KEY, JSON.stringify(data));
          try {
            return Reflect.construct(real, [filename, { ...options, execArgv }], new.target) as WorkerThreads.Worker;
          } finally {
            workerThreads.setEnvironmentData(WORKER_SCOPE_KEY, previous as string | undefined);
          }
        } as unknown as WorkerCtor & ((...args: unknown[]) => unknown),
    ),
  ];
}
