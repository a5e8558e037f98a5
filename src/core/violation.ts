import type { NetworkTarget } from './network-target';
import type { TestSize } from './size';

/**
 * What was overstepped. `network` comes from the network guard; `subprocess` and `thread` from the process guard;
 * `time` from a size's time limit; `filesystem`, `database` and `sleep` from the guards of those names.
 */
export type ViolationKind = 'network' | 'time' | 'subprocess' | 'thread' | 'filesystem' | 'database' | 'sleep';

/** What a test did to a file, as the filesystem guard names it: `Attempted write of: test/out/report.csv`. */
export type FileOperation = 'read' | 'write' | 'create' | 'delete' | 'rename' | 'copy' | 'list' | 'stat' | 'watch';

/** Whether the attempt was stopped (`strict`) or only flagged (`warn`). */
export type ViolationOutcome = 'blocked' | 'warned';

/**
 * One attempt that a test's size does not allow, as plain data: the same object feeds the
 * error box, the warn line, the run summary and the JSON report, and crosses worker boundaries as JSON.
 */
export interface Violation {
  readonly kind: ViolationKind;
  /** `test/api.spec.ts > UserApi [small] > fetches user`: the file relative to the project root, then the title path. */
  readonly testId: string;
  /** The test's file relative to the project root, when Mocha knows it. */
  readonly file?: string;
  readonly titlePath: readonly string[];
  /** Set when the attempt happened in a hook rather than the test body, e.g. `"before each" hook`. */
  readonly hook?: string;
  readonly size: TestSize;
  readonly outcome: ViolationOutcome;
  /** For `network`: what was reached for. */
  readonly target?: NetworkTarget;
  /** For `subprocess`: the command and its arguments as one line, trimmed to a readable length (`curl -s https://…`). */
  readonly command?: string;
  /** For `filesystem`: what was done, and the path relative to the project root (absolute when outside it). */
  readonly operation?: FileOperation;
  readonly path?: string;
  /** For a `filesystem` rename or copy: where to. */
  readonly toPath?: string;
  /** Set when the attempt happened in a child Node process the test started: that child's command (`node scripts/fetch.js`). */
  readonly childCommand?: string;
  /** For `time`: the size's limit, and the timeout the test asked for (0 = none, as in Mocha) or the time it took. */
  readonly limitMs?: number;
  readonly requestedTimeoutMs?: number;
  readonly durationMs?: number;
  /** For `database`: what was opened, `sqlite file test/fixtures/app.db` or `sqlite :memory:`. */
  readonly database?: string;
  /** For `database` and `sleep`: the call that opened or waited, `node:sqlite DatabaseSync`, `timers/promises setTimeout`. */
  readonly call?: string;
  /** For `sleep`: the real time the timer waited (or, for `Atomics.wait`, would have blocked), in milliseconds. */
  readonly waitedMs?: number;
  /** The first stack frame in the user's code, `src/users/client.ts:42:11`. */
  readonly callSite?: string;
  /** When it happened, ISO 8601. */
  readonly time: string;
  /** True when the attempt came from work the test started but did not await, after the test had finished. */
  readonly late?: boolean;
  /** True when the attempt came from work started outside any test (module top level, import-time timers), charged to the test running. */
  readonly outsideTest?: boolean;
}

/** Freezes a violation so that no layer can change the record another layer reports. */
export function createViolation(fields: Omit<Violation, 'time'> & { time?: string }): Violation {
  return Object.freeze({ ...fields, time: fields.time ?? new Date().toISOString() });
}
