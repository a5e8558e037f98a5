import childProcess = require('node:child_process');

import { currentScope } from '../../scope/test-scope';
import { captureStack } from '../call-site';
import { applyPatch } from '../patch';
import { commandLine } from './command-line';
import { mayStart, refuseStart } from './judge';

/** What Node hands its spawn points: the executable and its full argv (argv[0] included). */
interface SpawnOptions {
  readonly file?: unknown;
  readonly args?: unknown;
}

type SpawnPoint = (this: unknown, options: SpawnOptions) => unknown;

function commandOf(options: SpawnOptions): string {
  const file = typeof options.file === 'string' ? options.file : String(options.file);
  const args = Array.isArray(options.args) ? options.args.map(String) : [];
  return commandLine(file, args);
}

/** A spawn point that refuses a start the running test's size does not allow, before Node creates anything. */
function guarded(real: SpawnPoint): SpawnPoint {
  return function guardedSpawn(this: unknown, options: SpawnOptions): unknown {
    const scope = currentScope();
    if (!mayStart('subprocess', scope) && typeof options === 'object' && options !== null) {
      const error = refuseStart({ kind: 'subprocess', command: commandOf(options) }, scope!, captureStack(guardedSpawn));
      if (error) throw error;
    }
    return real.call(this, options);
  };
}

interface LegacyBinding {
  binding(name: string): { spawn: SpawnPoint };
}

/**
 * Child processes start at two points every public form reaches, whichever name or import it was called by:
 * `ChildProcess.prototype.spawn` (spawn, exec, execFile, fork, cluster.fork), before any pipe is opened, and the
 * `spawn_sync` binding (spawnSync, execSync, execFileSync, which call child_process's module-local spawnSync).
 * No export is replaced, so ESM named imports need no sync. Returns the removers.
 */
export function patchChildProcesses(): Array<() => void> {
  const removers: Array<() => void> = [];
  removers.push(applyPatch<SpawnPoint>(childProcess.ChildProcess.prototype, 'spawn', guarded));
  let spawnSync: { spawn: SpawnPoint } | undefined;
  try {
    spawnSync = (process as unknown as LegacyBinding).binding('spawn_sync');
  } catch {
    // The permission model denies process.binding; it also denies child processes unless --allow-child-process is given.
  }
  if (spawnSync) removers.push(applyPatch<SpawnPoint>(spawnSync, 'spawn', guarded));
  return removers;
}
