import { attemptScope, type TestScope } from '../../scope/test-scope';
import { captureStack } from '../call-site';
import { applyPatch } from '../patch';
import { carryMediumSize } from './child-node';
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

/** The asynchronous point's handle: Node calls its `onexit` when the child has exited, before the 'exit' event. */
interface ProcessHandle {
  onexit?: (this: unknown, ...args: unknown[]) => unknown;
}

/**
 * A medium test's child starts with the test's size in its environment; the child's violations are charged to the
 * test when it has exited: after the sync point returns, or in the handle's `onexit` for the asynchronous one.
 */
function startCarryingSize(real: SpawnPoint, handle: unknown, args: unknown[], scope: TestScope, command: string, sync: boolean): unknown {
  const carried = carryMediumSize(args, scope, command);
  if (sync) {
    try {
      return real.apply(handle, carried.args);
    } finally {
      carried.collect();
    }
  }
  const child = handle as ProcessHandle;
  const onexit = child.onexit;
  if (typeof onexit === 'function') {
    child.onexit = function childExited(this: unknown, ...exit: unknown[]): unknown {
      carried.collect();
      return onexit.apply(this, exit);
    };
  }
  return real.apply(handle, carried.args);
}

/**
 * A spawn point that refuses a start the running test's size does not allow, before the OS is asked for a process,
 * and carries a medium test's size into the child.
 */
function guarded(sync: boolean): (real: SpawnPoint) => SpawnPoint {
  return (real) =>
    function guardedSpawn(this: unknown, ...args: unknown[]): unknown {
      const scope = attemptScope();
      if (!mayStart('subprocess', scope)) {
        const command = commandOf(args);
        const error = command === undefined ? undefined : refuseStart({ kind: 'subprocess', command }, scope!, captureStack(guardedSpawn));
        if (error) throw error;
      } else if (scope?.size === 'medium') {
        const command = commandOf(args);
        if (command !== undefined) return startCarryingSize(real, this, args, scope, command, sync);
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
  return [applyPatch<SpawnPoint>(points.async, 'spawn', guarded(false)), applyPatch<SpawnPoint>(points.sync, 'spawn', guarded(true))];
}
