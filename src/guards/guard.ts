import type { TestScope } from '../scope/test-scope';

/**
 * Watches one resource (the network now; the filesystem and processes later). A guard installs
 * its patches once per process, decides each attempt by asking the scope, and restores exactly.
 */
export interface Guard {
  readonly name: string;
  /** Idempotent: a second call does nothing. */
  install(): void;
  /** Restores exactly what install patched. */
  uninstall(): void;
  /** Called as each test or hook starts, before its code runs; it must stay O(1), it is on every test's path. */
  enter?(scope: TestScope): void;
}
