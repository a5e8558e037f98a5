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

/** The smallest size whose network rule, process and thread rules, file, database and sleep rules and time limit fit what the test did. */
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

/** A test's observation with what its suites' hooks reached folded in: a suite's hooks run at the suite's size. */
interface Folded {
  readonly reach: Reach;
  readonly example: string | undefined;
  readonly started: string | undefined;
  readonly used: Observation['used'];
}

function foldHooks(o: Observation, hooks: readonly Observation[]): Folded {
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
  return { reach, example, started, used };
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
    const { reach, example, started, used } = foldHooks(o, hooks);
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
        : used !== undefined && reach !== 'outside'
          ? used.what
          : reachReason;
    out.push({ testId: o.testId, declared: o.declared, suggested, reason });
  }
  return out;
}

/** The smallest size a test, or a suite's hooks, fit; `durationOnly` when nothing but the time taken made it more than small. */
export interface Fit {
  readonly fits: TestSize;
  readonly durationOnly: boolean;
}

/**
 * Every observed test's fit (hooks folded in) by test id, and every suite's hooks' fit by suite id: what `npx hermetic tag`
 * needs to size whole suites, which includes the tests that need no change.
 */
export function fitsOf(
  observations: readonly Observation[],
  timeouts: ResolvedConfig['timeouts'],
): { readonly tests: Map<string, Fit>; readonly suites: Map<string, Fit> } {
  const hooks = observations.filter((o) => o.suitePath !== undefined);
  const tests = new Map<string, Fit>();
  const suites = new Map<string, Fit>();
  const widen = (into: Map<string, Fit>, id: string, fit: Fit): void => {
    const before = into.get(id);
    if (!before || TEST_SIZES.indexOf(fit.fits) > TEST_SIZES.indexOf(before.fits)) into.set(id, fit);
  };
  for (const o of observations) {
    const { reach, started, used } = o.suitePath === undefined ? foldHooks(o, hooks) : o;
    const fits = smallestFit(reach, o.durationMs, timeouts, started !== undefined, used);
    const fit = { fits, durationOnly: fits !== 'small' && reach === 'none' && started === undefined && used === undefined };
    widen(o.suitePath === undefined ? tests : suites, o.suitePath ?? o.testId, fit);
  }
  return { tests, suites };
}
