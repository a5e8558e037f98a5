import type { TestSize } from './size';

/**
 * How far a test may reach over the network.
 * - `none`: nothing at all, not even a DNS lookup or localhost.
 * - `loopback`: this machine only (127.0.0.0/8, ::1, `localhost`, unix sockets) plus configured `allow` targets.
 * - `any`: no restriction.
 */
export type NetworkAccess = 'none' | 'loopback' | 'any';

/**
 * Whether a test may start something that runs beside it: a child process (`child_process`, `cluster.fork`) or a
 * `worker_threads` Worker. `none`: it is stopped before it starts; `allowed`: no restriction.
 */
export type StartAccess = 'none' | 'allowed';

/**
 * Whether a test may open an embedded database (`node:sqlite`, better-sqlite3, sqlite3), on disk or in memory.
 * `none`: it is stopped before the database is opened; `allowed`: no restriction.
 */
export type DatabaseAccess = 'none' | 'allowed';

/**
 * Whether a test may wait on real time: a real timer it created firing while it runs, or `Atomics.wait`.
 * `none`: the test fails (Atomics.wait is refused before it blocks); `allowed`: no restriction.
 */
export type SleepAccess = 'none' | 'allowed';

/** What one size may do. The filesystem's row will join these. */
export interface SizePolicy {
  readonly size: TestSize;
  readonly network: NetworkAccess;
  /** Child processes: spawn, exec, execFile, fork, their Sync forms, cluster.fork. */
  readonly subprocess: StartAccess;
  /** `worker_threads` Workers the test starts. */
  readonly threads: StartAccess;
  /** Files through `fs` (reading, writing, listing, stat-ing, watching); module loading is never counted. */
  readonly filesystem: StartAccess;
  /** Embedded databases the test opens itself. */
  readonly database: DatabaseAccess;
  /** Real time the test waits on. */
  readonly sleep: SleepAccess;
  /** The default time limit in milliseconds; it becomes the test's Mocha timeout. */
  readonly timeLimitMs: number;
  /** One line for docs and reports. */
  readonly networkSummary: string;
  readonly subprocessSummary: string;
  readonly threadsSummary: string;
  readonly filesystemSummary: string;
  readonly databaseSummary: string;
  readonly sleepSummary: string;
}

/**
 * The single source of truth for what each size may do. Guards, reports and docs read it;
 * nothing else restates these rules.
 */
export const POLICY_TABLE: Readonly<Record<TestSize, SizePolicy>> = Object.freeze({
  small: Object.freeze({
    size: 'small',
    network: 'none',
    subprocess: 'none',
    threads: 'none',
    filesystem: 'none',
    database: 'none',
    sleep: 'none',
    timeLimitMs: 1_000,
    networkSummary: 'none: no connection, no DNS lookup, not even localhost',
    subprocessSummary: 'none: stopped before the process starts',
    threadsSummary: 'none: a Worker is stopped before its thread starts',
    filesystemSummary: 'none: stopped before the file is touched; loading modules is not counted',
    databaseSummary: 'none: stopped before it opens, `:memory:` too',
    sleepSummary: 'none: a real timer of `sleepThreshold` (50 ms) or more that fires while the test runs fails it',
  }),
  medium: Object.freeze({
    size: 'medium',
    network: 'loopback',
    subprocess: 'allowed',
    threads: 'allowed',
    filesystem: 'allowed',
    database: 'allowed',
    sleep: 'allowed',
    timeLimitMs: 300_000,
    networkSummary: 'localhost only: 127.0.0.0/8, ::1, `localhost`, unix sockets',
    subprocessSummary: 'allowed; a child Node process is held to the size, other programs run as they are',
    threadsSummary: "allowed; the Worker is held to the test's size",
    filesystemSummary: 'allowed',
    databaseSummary: 'allowed',
    sleepSummary: 'allowed',
  }),
  large: Object.freeze({
    size: 'large',
    network: 'any',
    subprocess: 'allowed',
    threads: 'allowed',
    filesystem: 'allowed',
    database: 'allowed',
    sleep: 'allowed',
    timeLimitMs: 900_000,
    networkSummary: 'anything',
    subprocessSummary: 'allowed',
    threadsSummary: 'allowed',
    filesystemSummary: 'allowed',
    databaseSummary: 'allowed',
    sleepSummary: 'allowed',
  }),
  xlarge: Object.freeze({
    size: 'xlarge',
    network: 'any',
    subprocess: 'allowed',
    threads: 'allowed',
    filesystem: 'allowed',
    database: 'allowed',
    sleep: 'allowed',
    timeLimitMs: 3_600_000,
    networkSummary: 'anything',
    subprocessSummary: 'allowed',
    threadsSummary: 'allowed',
    filesystemSummary: 'allowed',
    databaseSummary: 'allowed',
    sleepSummary: 'allowed',
  }),
} satisfies Record<TestSize, SizePolicy>);

/** Formats a duration the way limits are spoken of: `1 s`, `5 min`, `250 ms`. */
export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms % 1_000 === 0) return `${ms / 1_000} s`;
  return `${ms} ms`;
}
