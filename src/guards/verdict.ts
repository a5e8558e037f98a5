import { type HermeticityViolationError, violationErrorFor } from '../core/errors';
import { isNetworkAllowed, type NetworkTarget } from '../core/network-target';
import { POLICY_TABLE } from '../core/policy';
import { createViolation, type Violation } from '../core/violation';
import { attemptScope, type TestScope } from '../scope/test-scope';

/** A guard's answer for one attempt. In warn mode a violation is recorded and the attempt still goes ahead. */
export type Verdict = { readonly allowed: true } | { readonly allowed: false; readonly error: HermeticityViolationError };

const ALLOWED: Verdict = Object.freeze({ allowed: true });

/** What a guard knows of one attempt: its kind and that kind's own fields. The scope supplies who, what size and when. */
export type AttemptDetails = Omit<
  Violation,
  'testId' | 'file' | 'titlePath' | 'hook' | 'size' | 'outcome' | 'callSite' | 'time' | 'late' | 'outsideTest'
>;

/**
 * Charges one attempt the scope's size does not allow to the scope's test, and in strict mode returns the error that stops
 * it (in warn mode the attempt goes ahead). `callSite` is the user's frame; without one (a client's own timer leaves
 * none) the test's file is the best pointer left. Every guard builds its violations here, so each carries the same facts.
 */
export function chargeAttempt(
  scope: TestScope,
  details: AttemptDetails,
  callSite: string | undefined,
): HermeticityViolationError | undefined {
  const { kind, ...fields } = details;
  const violation = createViolation({
    kind,
    testId: scope.testId,
    file: scope.file,
    titlePath: scope.titlePath,
    hook: scope.hook,
    size: scope.size!,
    outcome: scope.config.enforcement === 'strict' ? 'blocked' : 'warned',
    ...fields,
    callSite: callSite ?? scope.file,
    late: scope.finished || undefined,
    outsideTest: scope.outsideTest || undefined,
  });
  scope.record(violation);
  return violation.outcome === 'blocked' ? violationErrorFor(violation) : undefined;
}

/** Whether the running test's size lets it reach `target`, without recording anything. */
export function isNetworkAllowedNow(target: NetworkTarget, scope: TestScope | undefined = attemptScope()): boolean {
  if (!scope || scope.size === undefined) return true;
  return isNetworkAllowed(POLICY_TABLE[scope.size].network, target, scope.config.allowRules);
}

/**
 * Judges one network attempt against the owning test's size. A disallowed attempt becomes a
 * Violation charged to that test (even if the caller later swallows the error); in strict mode
 * the caller gets the error to fail with.
 */
export function judgeNetwork(target: NetworkTarget, callSite?: string, scope: TestScope | undefined = attemptScope()): Verdict {
  if (!scope || scope.size === undefined) return ALLOWED;
  if (isNetworkAllowed(POLICY_TABLE[scope.size].network, target, scope.config.allowRules)) return ALLOWED;
  const error = chargeAttempt(scope, { kind: 'network', target }, callSite);
  return error ? { allowed: false, error } : ALLOWED;
}
