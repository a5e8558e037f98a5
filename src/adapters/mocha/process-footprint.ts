import { realpathSync } from 'node:fs';
import type { Guard } from '../../guards/guard';

/** Every variable hermetic sets for the processes a run starts (`--parallel` workers) begins so. */
const OWN_ENV_PREFIX = '__HERMETIC';

/**
 * What hermetic changes in the process for a run: the guards' patches of Node's modules and the variables it sets
 * for child processes. A run that leaves the process to its owner (a programmatic run, an IDE runner's, each
 * `--watch` run) gives them back when it ends and takes them again when the next run starts.
 */
export class ProcessFootprint {
  /** The variables as they were before hermetic set any; undefined = unset. */
  private readonly envBefore: ReadonlyMap<string, string | undefined>;
  /** hermetic's own values, kept while given back, for the next run. */
  private envOurs = new Map<string, string>();
  private held = true;

  /** `envBefore` is a copy of process.env taken before hermetic set anything. */
  constructor(
    private readonly guards: readonly Guard[],
    envBefore: NodeJS.ProcessEnv,
  ) {
    this.envBefore = new Map(
      Object.keys(envBefore)
        .filter(isOwn)
        .map((name) => [name, envBefore[name]]),
    );
  }

  /** As a run starts: the guards installed again and hermetic's variables set again, if the last run gave them back. */
  take(): void {
    if (this.held) return;
    this.held = true;
    for (const guard of this.guards) guard.install();
    for (const [name, value] of this.envOurs) process.env[name] = value;
  }

  /** As a run that leaves the process to its owner ends: every patch removed exactly, every variable as it was. */
  giveBack(): void {
    if (!this.held) return;
    this.held = false;
    for (const guard of [...this.guards].reverse()) guard.uninstall();
    this.envOurs = new Map();
    for (const name of Object.keys(process.env).filter(isOwn)) {
      const before = this.envBefore.get(name);
      if (process.env[name] === before) continue;
      this.envOurs.set(name, process.env[name]!);
      if (before === undefined) delete process.env[name];
      else process.env[name] = before;
    }
  }
}

function isOwn(name: string): boolean {
  return name.startsWith(OWN_ENV_PREFIX);
}

/**
 * Whether the process ends with this run: Mocha's command line without `--watch`. There the guards stay until the
 * process exits, so work a test left behind is still judged after the run ended, and fails it.
 */
export function runEndsProcess(options: { watch?: unknown } | undefined): boolean {
  if (options?.watch) return false;
  const main = process.argv[1];
  if (!main) return false;
  let path = main;
  try {
    path = realpathSync(main);
  } catch {
    // A main script that is gone: judge by the name given.
  }
  return /[\\/]mocha[\\/](?:bin[\\/]_?mocha(?:\.js)?|lib[\\/]cli[\\/]cli\.js)$/.test(path);
}
