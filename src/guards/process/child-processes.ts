import { attemptScope } from '../../scope/test-scope';
import { captureStack } from '../call-site';
import { applyPatch } from '../patch';
import { commandLine } from './command-line';
import { mayStart, refuseStart } from './judge';

type SpawnPoint = (this: unknown, ...args: unknown[]) => unknown;

interface LegacyBinding {
  binding(name: 'process_wrap'): { Process: { prototype: { spawn: SpawnPoint } } };
  binding(name: 'spawn_sync'): { spawn: SpawnPoint };
}

/**
 * The command a spawn point was given: Node 20 and 22 pass one options object (`file`, `args`, …) to both points;
 * Node 24 and later pass the async point `(file, args, cwd, envPairs, stdio, flags, uid, gid)`.
 */
function commandOf(args: readonly unknown[]): string | undefined {
  const options = args[0];
  const [file, argv] =
    typeof options === 'object' && options !== null ? [(options as { file?: unknown }).file, (options as { args?: unknown }).args] : args;
  if (typeof file !== 'string') return undefined;
  return commandLine(file, Array.isArray(argv) ? argv.map(String) : []);
}

/** A spawn point that refuses a start the running test's size does not allow, before the OS is asked for a process. */
function guarded(real: SpawnPoint): SpawnPoint {
  return function guardedSpawn(this: unknown, ...args: unknown[]): unknown {
    const scope = attemptScope();
    if (!mayStart('subprocess', scope)) {
      const command = commandOf(args);
      const error = command === undefined ? undefined : refuseStart({ kind: 'subprocess', command }, scope!, captureStack(guardedSpawn));
      if (error) throw error;
    }
    return real.apply(this, args);
  };
}

/**
 * Child processes start at two native points every public form reaches, whichever name or import it was called by:
 * the `process_wrap` handle's `spawn` (spawn, exec, execFile, fork, cluster.fork) and the `spawn_sync` binding's
 * `spawn` (spawnSync, execSync, execFileSync, which call child_process's module-local spawnSync). Both are the
 * objects Node itself uses, reached without loading `child_process`, which a suite that spawns nothing never pays
 * for; no export is replaced, so ESM named imports need no sync. Returns the removers.
 */
export function patchChildProcesses(): Array<() => void> {
  const legacy = process as unknown as LegacyBinding;
  let points: { async: { spawn: SpawnPoint }; sync: { spawn: SpawnPoint } };
  try {
    points = { async: legacy.binding('process_wrap').Process.prototype, sync: legacy.binding('spawn_sync') };
  } catch {
    // The permission model denies process.binding; it also denies child processes unless --allow-child-process is given.
    return [];
  }
  return [applyPatch<SpawnPoint>(points.async, 'spawn', guarded), applyPatch<SpawnPoint>(points.sync, 'spawn', guarded)];
}
