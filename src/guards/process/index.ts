import type { Guard } from '../guard';
import { patchChildProcesses } from './child-processes';
import { patchThreads } from './threads';

/** The process guard's installed patches, so install is idempotent and uninstall exact. */
const installed: { removers?: Array<() => void> } = {};

/**
 * The ProcessGuard: a small test starts no child process and no worker thread. Both are stopped at Node's own
 * start points, before anything exists; see docs/architecture/adr-003-process-isolation.md.
 */
export const processGuard: Guard = {
  name: 'process',
  install(): void {
    if (installed.removers) return;
    installed.removers = [...patchChildProcesses(), ...patchThreads()];
  },
  uninstall(): void {
    if (!installed.removers) return;
    for (const remove of installed.removers.reverse()) remove();
    installed.removers = undefined;
  },
};
