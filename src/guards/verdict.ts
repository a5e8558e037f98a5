import { type HermeticityViolationError, violationErrorFor } from '../core/errors';
import { isNetworkAllowed, type NetworkTarget } from '../core/network-target';
import { POLICY_TABLE } from '../core/policy';
import { createViolation } from '../core/violation';
import { attemptScope, type TestScope } from '../scope/test-scope';

/** A guard's answer for one attempt. In warn mode a violation is recorded and the attempt still goes ahead. */
export type Verdict = { readonly allowed: true } | { readonly allowed: false; readonly error: HermeticityViolationError };

const ALLOWED: Verdict = Object.freeze({ allowed: true });

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
  const strict = scope.config.enforcement === 'strict';
  const violation = createViolation({
    kind: 'network',
    testId: scope.testId,
    file: scope.file,
    titlePath: scope.titlePath,
    hook: scope.hook,
    size: scope.size,
    outcome: strict ? 'blocked' : 'warned',
    target,
    // A client that connects from its own timer leaves no user frame on the stack: the test's file is the best pointer left.
    callSite: callSite ?? scope.file,
    late: scope.finished || undefined,
    outsideTest: scope.outsideTest || undefined,
  });
  scope.record(violation);
  return strict ? { allowed: false, error: violationErrorFor(violation) } : ALLOWED;
}
