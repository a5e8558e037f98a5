import { formatTarget, isAllowedBy, type NetworkTarget } from '../../core/network-target';
import { attemptScope, type TestScope } from '../../scope/test-scope';
import { isNetworkAllowedNow, judgeNetwork, type Verdict } from '../verdict';
import type { CallSiteInfo } from './call-site';

/**
 * The scope a worker thread runs under: set once by the worker preload, so that every attempt in a
 * Worker started by a sized test is judged by that test's size. Undefined on the main thread.
 */
const thread: { scope: TestScope | undefined } = { scope: undefined };

export function setProcessScope(scope: TestScope | undefined): void {
  thread.scope = scope;
}

/**
 * The owner of the code running now: its test; for work no test ever owned (module top level, import-time timers),
 * the test running now; in a worker thread, the test that started the worker.
 */
export function scopeNow(): TestScope | undefined {
  return attemptScope() ?? thread.scope;
}

/** Whether the scope restricts the network at all (sized small or medium). */
export function isRestricted(scope: TestScope | undefined): scope is TestScope {
  return scope !== undefined && scope.size !== undefined && scope.size !== 'large' && scope.size !== 'xlarge';
}

/** Verdicts already given per scope and target, so one attempt seen by several layers is charged once. */
const given = new WeakMap<TestScope, Map<string, Verdict>>();

function keyOf(target: NetworkTarget): string {
  return `${target.transport === 'dns' ? 'dns' : target.transport === 'udp' ? 'udp' : 'conn'} ${formatTarget(target)}`;
}

/**
 * Judges an attempt at most once per test and target: tls over net, DNS inside a connect,
 * happy-eyeballs retries, nock's refusal and a client's retry all name the same target.
 * `where` runs only when the attempt is a violation, since capturing a stack is the costly part.
 */
export function judgeOnce(target: NetworkTarget, scope: TestScope | undefined, where: () => CallSiteInfo | undefined): Verdict {
  if (!isRestricted(scope) || isNetworkAllowedNow(target, scope)) return { allowed: true };
  let verdicts = given.get(scope);
  const key = keyOf(target);
  const earlier = verdicts?.get(key);
  if (earlier) return earlier;
  const info = where();
  const withProtocol = info?.protocol && !target.protocol && target.transport === 'tcp' ? { ...target, protocol: info.protocol } : target;
  const verdict = judgeNetwork(withProtocol, info?.callSite, scope);
  if (!verdicts) {
    verdicts = new Map();
    given.set(scope, verdicts);
  }
  verdicts.set(key, verdict);
  return verdict;
}

/**
 * Judges a native connect or send on what the caller asked for, then on the address it really reaches.
 * A name is local only if its address is: `localhost` answered by a custom `lookup` with 192.0.2.1 is
 * a connection to 192.0.2.1. A name an `allow` entry lists is trusted to wherever it resolves.
 */
export function judgeReached(
  asked: NetworkTarget,
  reached: NetworkTarget,
  scope: TestScope | undefined,
  where: () => CallSiteInfo | undefined,
): Verdict {
  const verdict = judgeOnce(asked, scope, where);
  if (!verdict.allowed || !isRestricted(scope) || reached.host === undefined || reached.host === asked.host) return verdict;
  if (asked.transport !== 'unix' && scope.config.allowRules.some((rule) => isAllowedBy(rule, asked))) return verdict;
  return judgeOnce(reached, scope, where);
}
