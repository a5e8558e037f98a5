import { patchesGuard } from '../guard';
import { patchTimers } from './timers';

/**
 * The SleepGuard: a small test waits on no real time. A real timer the test made, at or above the sleep threshold,
 * that fires while the test runs fails it; `Atomics.wait` is refused before it blocks. Fake timers replace these
 * functions while they are installed, so they never come here. ESM named imports (`import { setTimeout } from
 * 'node:timers/promises'`) see the patches once the built-in exports are synced. See docs/architecture/adr-006-sleep.md.
 */
export const sleepGuard = patchesGuard('sleep', patchTimers, true);
