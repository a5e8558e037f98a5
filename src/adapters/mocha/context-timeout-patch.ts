import { applyPatch } from '../../guards/patch';
import type { MochaClasses, MochaContext } from './mocha-internals';
import type { RunState } from './run-state';
import { isDebugRun, timeViolation } from './time-limits';

export type ContextProto = MochaClasses['Context']['prototype'];

/**
 * Catches `this.timeout(ms)` in a test or hook body. Mocha calls the runnable's own timeout() many
 * times per test; users go through the context, so only the context's method is patched.
 */
export function patchContextTimeout(proto: ContextProto, state: RunState): void {
  if (!state.claim(proto)) return;
  const { config, running } = state;
  if (config.suggest) return;
  applyPatch<ContextProto['timeout']>(
    proto,
    'timeout',
    (realTimeout) =>
      function timeout(this: MochaContext, ms?: number | string) {
        // biome-ignore lint/complexity/noArguments: Mocha tells timeout() from timeout(undefined) by the count of arguments.
        if (arguments.length === 0) return realTimeout.call(this);
        const result = realTimeout.call(this, ms);
        const runnable = this.runnable();
        const scope = running[running.length - 1];
        if (!scope?.size || scope.runnable !== runnable) return result;
        const limit = config.timeouts[scope.size];
        const now = runnable.timeout();
        if ((now === 0 || now > limit) && !isDebugRun(runnable)) {
          scope.record(timeViolation(scope, { requestedTimeoutMs: now }));
          if (config.enforcement === 'strict') {
            runnable.timeout(limit);
            scope.limitMs = limit;
          }
        }
        return result;
      },
  );
}
