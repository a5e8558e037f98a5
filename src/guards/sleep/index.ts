import { Module } from '../../node-module';
import type { Guard } from '../guard';
import { patchTimers } from './timers';

/** The sleep guard's installed patches, so install is idempotent and uninstall exact. */
const installed: { removers?: Array<() => void> } = {};

/**
 * The SleepGuard: a small test waits on no real time. A real timer the test made, at or above the sleep threshold,
 * that fires while the test runs fails it; `Atomics.wait` is refused before it blocks. Fake timers replace these
 * functions while they are installed, so they never come here. See docs/architecture/adr-006-sleep.md.
 */
export const sleepGuard: Guard = {
  name: 'sleep',
  install(): void {
    if (installed.removers) return;
    installed.removers = patchTimers();
    // ESM named imports (`import { setTimeout } from 'node:timers/promises'`) are snapshots until synced.
    Module.syncBuiltinESMExports();
  },
  uninstall(): void {
    if (!installed.removers) return;
    for (const remove of installed.removers.reverse()) remove();
    installed.removers = undefined;
    Module.syncBuiltinESMExports();
  },
};
