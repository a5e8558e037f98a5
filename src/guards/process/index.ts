import { patchesGuard } from '../guard';
import { patchChildProcesses } from './child-processes';
import { patchThreads } from './threads';

/**
 * The ProcessGuard: a small test starts no child process and no worker thread. Both are stopped at Node's own
 * start points, before anything exists; see docs/architecture/adr-003-process-isolation.md.
 */
export const processGuard = patchesGuard('process', () => [...patchChildProcesses(), ...patchThreads()]);
