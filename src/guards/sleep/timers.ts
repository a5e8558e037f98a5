import timers = require('node:timers');
import timersPromises = require('node:timers/promises');

import { currentScope, type TestScope } from '../../scope/test-scope';
import { captureStack } from '../call-site';
import { applyPatch } from '../patch';
import { isTestsOwn } from '../run-tools';
import { judgeFiredTimer, refuseBlockingWait, type WatchedTimer } from './judge';

type AnyFunction = (this: unknown, ...args: any[]) => any;

/** Node's `setTimeout` carries the promise form util.promisify hands out; a wrapper must carry it too. */
const kPromisifyCustom = Symbol.for('nodejs.util.promisify.custom');

/**
 * The scope a timer is watched for: a small test's own (work started outside any test is never its sleep), when the
 * delay reaches the test's threshold. Everything else costs this one scope read before the real call.
 */
function watchingScope(delay: unknown): TestScope | undefined {
  const scope = currentScope();
  if (scope?.size !== 'small' || !((delay as number) >= scope.config.sleepThreshold)) return undefined;
  return scope;
}

function watch(scope: TestScope, call: string, delay: unknown, below: AnyFunction): WatchedTimer {
  return { scope, call, delayMs: Number(delay), stack: captureStack(below) };
}

/**
 * `setTimeout` / `setInterval` (global and `node:timers`): the callback is judged as it runs. A timer unref'd by then
 * is housekeeping nothing waits for (a pool's idle check, a cache's sweep), never the test's sleep.
 */
function watchCallbackTimer(call: string): (real: AnyFunction) => AnyFunction {
  return (real) => {
    const wrapper = function (this: unknown, callback: unknown, delay: unknown): unknown {
      const scope = typeof callback === 'function' ? watchingScope(delay) : undefined;
      // biome-ignore lint/complexity/noArguments: passed through without allocating on every timer in the process.
      if (!scope) return real.apply(this, arguments as unknown as unknown[]);
      const timer = watch(scope, call, delay, wrapper);
      // biome-ignore lint/complexity/noArguments: the rare watched path copies them once.
      const args = Array.prototype.slice.call(arguments);
      args[0] = function watchedCallback(this: { hasRef?: () => boolean } | undefined, ...callbackArgs: unknown[]): unknown {
        if (this?.hasRef?.() !== false) judgeFiredTimer(timer);
        return (callback as AnyFunction).apply(this, callbackArgs);
      };
      return real.apply(this, args);
    };
    const custom = Object.getOwnPropertyDescriptor(real, kPromisifyCustom);
    if (custom) Object.defineProperty(wrapper, kPromisifyCustom, custom);
    return wrapper;
  };
}

/** `timers/promises` `setTimeout(delay, value, { ref })` and `scheduler.wait(delay)`: judged as the promise resolves. */
function watchPromiseTimer(call: string, optionsAt: number): (real: AnyFunction) => AnyFunction {
  return (real) =>
    function wait(this: unknown, delay: unknown): unknown {
      const scope = watchingScope(delay);
      // biome-ignore lint/complexity/noArguments: passed through as given.
      const result = real.apply(this, arguments as unknown as unknown[]) as Promise<unknown>;
      // biome-ignore lint/complexity/noArguments: the options' position differs between the two calls.
      if (!scope || (arguments[optionsAt] as { ref?: unknown } | undefined)?.ref === false) return result;
      const timer = watch(scope, call, delay, wait);
      return result.then((value) => {
        judgeFiredTimer(timer);
        return value;
      });
    };
}

/** `timers/promises` `setInterval(delay)`: an async iterator, judged on each tick it yields. */
function watchIntervalIterator(real: AnyFunction): AnyFunction {
  return function setInterval(this: unknown, delay: unknown): unknown {
    const scope = watchingScope(delay);
    // biome-ignore lint/complexity/noArguments: passed through as given.
    const iterator = real.apply(this, arguments as unknown as unknown[]) as AsyncIterator<unknown>;
    // biome-ignore lint/complexity/noArguments: the options come third.
    if (!scope || (arguments[2] as { ref?: unknown } | undefined)?.ref === false) return iterator;
    const timer = watch(scope, 'timers/promises setInterval', delay, setInterval);
    const next = iterator.next;
    iterator.next = function (this: unknown, ...args: unknown[]) {
      return (next.apply(this, args as []) as Promise<IteratorResult<unknown>>).then((step) => {
        if (!step.done) judgeFiredTimer(timer);
        return step;
      });
    };
    return iterator;
  };
}

/** `Atomics.wait` blocks the thread at once: refused before it blocks, when it would (the value still matches). */
function refuseAtomicsWait(real: AnyFunction): AnyFunction {
  return function wait(this: unknown, array: Int32Array, index: number, value: number, timeout?: number): unknown {
    const scope = currentScope();
    if (scope?.size === 'small') {
      const ms = timeout === undefined ? Number.POSITIVE_INFINITY : Number(timeout);
      if (!(ms < scope.config.sleepThreshold) && wouldBlock(array, index, value)) {
        const stack = captureStack(wait);
        // Waits of Node (module.register's hooks thread answering a synchronous resolve) and of the loaders that drive it
        // (tsx compiling a module the test requires) are not the test's sleep.
        const error = !isTestsOwn(stack) ? undefined : refuseBlockingWait(scope, Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms, stack);
        if (error) throw error;
      }
    }
    // biome-ignore lint/complexity/noArguments: passed through as given.
    return real.apply(this, arguments as unknown as unknown[]);
  };
}

/** Atomics.wait returns "not-equal" at once when the value differs; bad arguments are the real call's to reject. */
function wouldBlock(array: Int32Array, index: number, value: number): boolean {
  try {
    return Atomics.load(array, index) === Number(value);
  } catch {
    return false;
  }
}

/**
 * Every real timer a test can wait on, patched where Node defines it: the globals and `node:timers` (two properties
 * holding one function), `timers/promises` `setTimeout`/`setInterval` (which make their timers themselves), the
 * `scheduler` it exports (whose `wait` calls the module's own setTimeout), and `Atomics.wait`. Mocha takes its own
 * timer functions when it loads, before any plugin, so its timeouts never come through here. Returns the removers.
 */
export function patchTimers(): Array<() => void> {
  const direct = { direct: true };
  return [
    applyPatch(globalThis, 'setTimeout', watchCallbackTimer('setTimeout'), direct),
    applyPatch(globalThis, 'setInterval', watchCallbackTimer('setInterval'), direct),
    applyPatch(timers, 'setTimeout', watchCallbackTimer('setTimeout'), direct),
    applyPatch(timers, 'setInterval', watchCallbackTimer('setInterval'), direct),
    applyPatch(timersPromises, 'setTimeout', watchPromiseTimer('timers/promises setTimeout', 2), direct),
    applyPatch(timersPromises, 'setInterval', watchIntervalIterator, direct),
    applyPatch(timersPromises.scheduler, 'wait', watchPromiseTimer('scheduler.wait', 1), direct),
    applyPatch(Atomics, 'wait', refuseAtomicsWait, direct),
  ];
}
