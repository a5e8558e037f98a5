/**
 * Runs first in a Worker started by a small or medium test (see worker-threads.ts): every attempt in
 * the worker is judged by that test's size, and its violations are sent back to that test.
 */
import { BroadcastChannel, getEnvironmentData, isMainThread } from 'node:worker_threads';
import { carriedScope } from '../carried-scope';
import { networkGuard } from './index';
import { setProcessScope } from './judge';
import { WORKER_SCOPE_KEY, WORKER_VIOLATIONS_CHANNEL, type WorkerScopeData, type WorkerViolationMessage } from './worker-threads';

const raw = isMainThread ? undefined : getEnvironmentData(WORKER_SCOPE_KEY);
if (typeof raw === 'string') {
  const data = JSON.parse(raw) as WorkerScopeData;
  const channel = new BroadcastChannel(WORKER_VIOLATIONS_CHANNEL);
  channel.unref();
  setProcessScope(
    carriedScope(data, 'worker', (violation) => channel.postMessage({ id: data.id, violation } satisfies WorkerViolationMessage)),
  );
  networkGuard.install();
}
