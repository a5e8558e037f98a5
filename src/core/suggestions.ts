import type { ResolvedConfig } from './config';
import { POLICY_TABLE } from './policy';
import type { Observation, Reach } from './run-results';
import { TEST_SIZES, type TestSize } from './size';

/** One test whose declared size is not the smallest it fits. */
export interface Suggestion {
  readonly testId: string;
  readonly declared: TestSize | null;
  readonly suggested: TestSize;
  readonly reason: string;
}

const RANK: Readonly<Record<Reach, number>> = { none: 0, local: 1, outside: 2 };

/** The smallest size whose network rule, process and thread rules, database and sleep rules and time limit fit what the test did. */
export function smallestFit(
  reach: Reach,
  durationMs: number,
  timeouts: ResolvedConfig['timeouts'],
  started = false,
  used?: Observation['used'],
): TestSize {
  for (const size of TEST_SIZES) {
    const policy = POLICY_TABLE[size];
    const network = policy.network;
    const fitsNetwork = reach === 'none' || (reach === 'local' && network !== 'none') || network === 'any';
    const fitsStarts = !started || (policy.subprocess === 'allowed' && policy.threads === 'allowed');
    const fitsUse = used === undefined || policy[used.kind] === 'allowed';
    if (fitsNetwork && fitsStarts && fitsUse && durationMs <= timeouts[size]) return size;
  }
  return 'xlarge';
}

/**
 * Per test, the smallest size it would fit, folding in what its suites' hooks reached. Only tests whose
 * declared size differs (unsized ones included) are returned, in run order.
 */
export function suggestSizes(observations: readonly Observation[], timeouts: ResolvedConfig['timeouts']): Suggestion[] {
  const hooks = observations.filter((o) => o.suitePath !== undefined);
  const out: Suggestion[] = [];
  for (const o of observations) {
    if (o.suitePath !== undefined) continue;
    let reach = o.reach;
    let example = o.example;
    let started = o.started;
    let used = o.used;
    for (const h of hooks) {
      if (o.testId !== h.suitePath && !o.testId.startsWith(`${h.suitePath} > `)) continue;
      if (RANK[h.reach] > RANK[reach]) {
        reach = h.reach;
        example = h.example === undefined ? undefined : `${h.example} in a hook`;
      }
      if (started === undefined && h.started !== undefined) started = `${h.started} in a hook`;
      if (used === undefined && h.used !== undefined) used = { kind: h.used.kind, what: `${h.used.what} in a hook` };
    }
    const suggested = smallestFit(reach, o.durationMs, timeouts, started !== undefined, used);
    if (suggested === o.declared) continue;
    const reachReason =
      reach === 'none'
        ? `no network, ${o.durationMs} ms`
        : `${reach === 'local' ? 'reached only this machine' : 'reached outside'}${example ? `: ${example}` : ''}`;
    // Reaching outside says more than a start (it needs large); otherwise the start is why it is not small.
    const reason =
      started !== undefined && reach !== 'outside'
        ? `started a ${started}`
        : used !== undefined && reach === 'none'
          ? used.what
          : reachReason;
    out.push({ testId: o.testId, declared: o.declared, suggested, reason });
  }
  return out;
}
