/**
 * Runs first in a Worker started by a small or medium test (see worker-threads.ts): every attempt in
 * the worker is judged by that test's size, and its violations are sent back to that test.
 */
import { BroadcastChannel, getEnvironmentData, isMainThread } from 'node:worker_threads';
import { readObject, resolveConfig } from '../../core/config';
import { documentation } from '../../core/report';
import type { Violation } from '../../core/violation';
import { docsFolderFrom } from '../../docs-folder';
import type { TestScope } from '../../scope/test-scope';
import { networkGuard } from './index';
import { setProcessScope } from './judge';
import { WORKER_SCOPE_KEY, WORKER_VIOLATIONS_CHANNEL, type WorkerScopeData, type WorkerViolationMessage } from './worker-threads';

const raw = isMainThread ? undefined : getEnvironmentData(WORKER_SCOPE_KEY);
if (typeof raw === 'string') {
  const data = JSON.parse(raw) as WorkerScopeData;
  const { config } = resolveConfig([readObject({ enforcement: data.enforcement, allow: [...data.allow] }, 'worker').layer]);
  const channel = new BroadcastChannel(WORKER_VIOLATIONS_CHANNEL);
  channel.unref();
  const violations: Violation[] = [];
  const scope: TestScope = {
    testId: data.testId,
    file: data.file,
    titlePath: data.titlePath,
    hook: data.hook,
    size: data.size,
    config,
    finished: false,
    violations,
    record(violation) {
      violations.push(violation);
      channel.postMessage({ id: data.id, violation } satisfies WorkerViolationMessage);
    },
  };
  setProcessScope(scope);
  documentation.folder = docsFolderFrom(process.cwd());
  networkGuard.install();
}
