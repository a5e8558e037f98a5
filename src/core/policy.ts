import type { TestSize } from './size';

/**
 * How far a test may reach over the network.
 * - `none`: nothing at all, not even a DNS lookup or localhost.
 * - `loopback`: this machine only (127.0.0.0/8, ::1, `localhost`, unix sockets) plus configured `allow` targets.
 * - `any`: no restriction.
 */
export type NetworkAccess = 'none' | 'loopback' | 'any';

/** What one size may do. Rows for the filesystem and processes will join `network` here. */
export interface SizePolicy {
  readonly size: TestSize;
  readonly network: NetworkAccess;
  /** The default time limit in milliseconds; it becomes the test's Mocha timeout. */
  readonly timeLimitMs: number;
  /** One line for docs and reports. */
  readonly networkSummary: string;
}

/**
 * The single source of truth for what each size may do. Guards, reports and docs read it;
 * nothing else restates these rules.
 */
export const POLICY_TABLE: Readonly<Record<TestSize, SizePolicy>> = Object.freeze({
  small: Object.freeze({
    size: 'small',
    network: 'none',
    timeLimitMs: 1_000,
    networkSummary: 'none: no connection, no DNS lookup, not even localhost',
  }),
  medium: Object.freeze({
    size: 'medium',
    network: 'loopback',
    timeLimitMs: 300_000,
    networkSummary: 'localhost only: 127.0.0.0/8, ::1, `localhost`, unix sockets',
  }),
  large: Object.freeze({
    size: 'large',
    network: 'any',
    timeLimitMs: 900_000,
    networkSummary: 'anything',
  }),
  xlarge: Object.freeze({
    size: 'xlarge',
    network: 'any',
    timeLimitMs: 3_600_000,
    networkSummary: 'anything',
  }),
} satisfies Record<TestSize, SizePolicy>);

/** Formats a duration the way limits are spoken of: `1 s`, `5 min`, `250 ms`. */
export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms % 1_000 === 0) return `${ms / 1_000} s`;
  return `${ms} ms`;
}
