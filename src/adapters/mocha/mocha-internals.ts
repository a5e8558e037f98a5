import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Module } from '../../node-module';
import { PACKAGE_ROOT } from '../../own-code';

/**
 * The parts of Mocha's runtime objects hermetic reads. Mocha 11 and 12 share them; they are
 * typed here structurally so that no Mocha type leaks into hermetic's public API.
 */
export interface MochaSuite {
  title: string;
  file?: string;
  root: boolean;
  parent?: MochaSuite;
  suites: MochaSuite[];
  tests: MochaTest[];
  timeout(): number;
  titlePath(): string[];
}

export interface MochaRunnable {
  title: string;
  originalTitle?: string;
  file?: string;
  type?: string;
  parent?: MochaSuite;
  state?: string;
  duration?: number;
  timedOut?: boolean;
  isPending(): boolean;
  timeout(ms?: number | string): number;
  titlePath(): string[];
}

export type MochaTest = MochaRunnable;

export interface MochaRunner {
  suite: MochaSuite;
  state?: string;
  fail(test: MochaRunnable, err: unknown, force?: boolean): void;
  on(event: string, listener: (...args: any[]) => void): unknown;
}

/** A Mocha instance, the object `mocha.run()` is called on. */
export interface MochaInstance {
  options?: { parallel?: boolean; watch?: boolean };
  run(fn?: (failures: number) => void): MochaRunner;
  /** Mocha's synchronous file loading, called inside `run()` unless the files were loaded before. */
  loadFiles?(fn?: () => void): unknown;
}

/** What `this` is inside a test or hook body. */
export interface MochaContext {
  runnable(): MochaRunnable;
  timeout(ms?: number | string): unknown;
}

/** The Mocha module: the constructor, with the classes hermetic patches. */
export interface MochaClasses {
  readonly prototype: MochaInstance;
  readonly Runnable: { prototype: MochaRunnable & { run(fn: (err?: unknown) => void): unknown } };
  readonly Context: { prototype: MochaContext };
}

/** hermetic's own version, read when a report needs it rather than at load. */
export function hermeticVersion(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Mocha's version, from the package that was loaded; null if it cannot be read. */
export function mochaVersion(): string | null {
  for (const from of [join(process.cwd(), 'noop.js'), __filename]) {
    try {
      return (Module.createRequire(from)('mocha/package.json') as { version: string }).version;
    } catch {
      // Try the next place.
    }
  }
  return null;
}

/** The folder of the Mocha whose CLI (bin/mocha.js) or `--parallel` worker (lib/nodejs/worker.js) is the main module. */
function runningMochaRoot(): string | undefined {
  const main = require.main?.filename;
  const at = main ? main.search(/[\\/]mocha[\\/](bin|lib[\\/]nodejs)[\\/][^\\/]+$/) : -1;
  return at >= 0 ? main!.slice(0, at + '/mocha'.length) : undefined;
}

/**
 * A module the running Mocha already loaded (`lib/mocha.js`), found by its path: resolving it anew costs file-system
 * lookups at every start. Straight from the main module's Mocha when there is one, else by a look through the cache.
 */
function alreadyLoaded(file: string): unknown {
  const names = [`${file}.js`, `${file}.cjs`];
  const root = runningMochaRoot();
  if (root) {
    for (const name of names) {
      const module = require.cache[join(root, name)];
      if (module?.loaded) return module.exports;
    }
  }
  for (const path in require.cache) {
    const module = require.cache[path];
    const slashed = path.replace(/\\/g, '/');
    if (module?.loaded && names.some((name) => slashed.endsWith(`/mocha/${name}`))) return module.exports;
  }
  return undefined;
}

function asMochaClasses(loaded: unknown): MochaClasses | undefined {
  // Mocha 11 exports the constructor itself; Mocha 12 exports an object whose `Mocha` is the constructor.
  const mocha = typeof loaded === 'function' ? loaded : (loaded as { Mocha?: unknown } | undefined)?.Mocha;
  return typeof mocha === 'function' && (mocha as unknown as Partial<MochaClasses>).Runnable
    ? (mocha as unknown as MochaClasses)
    : undefined;
}

/** Mocha as the running CLI has it: the copy already loaded, else resolved from the project, then from hermetic. */
export function loadMocha(): MochaClasses {
  const running = asMochaClasses(alreadyLoaded('lib/mocha'));
  if (running) return running;
  for (const from of [join(process.cwd(), 'noop.js'), __filename]) {
    try {
      const mocha = asMochaClasses(Module.createRequire(from)('mocha'));
      if (mocha) return mocha;
    } catch {
      // Not resolvable from here; try the next place.
    }
  }
  throw new Error('hermetic: cannot load mocha; install it next to hermetic (npm install --save-dev mocha)');
}

interface MochaConfigModule {
  findConfig(cwd?: string): string | undefined | null;
  loadConfig(path: string): Record<string, unknown>;
}

/** Mocha's own config-file finder and parser (YAML, JSON, JSONC, JS), so `.mocharc.*` is read exactly as Mocha reads it. */
export function loadMochaConfigModule(): MochaConfigModule | undefined {
  const running = alreadyLoaded('lib/cli/config') as MochaConfigModule | undefined;
  if (typeof running?.findConfig === 'function') return running;
  for (const from of [join(process.cwd(), 'noop.js'), __filename]) {
    const req = Module.createRequire(from);
    for (const path of ['mocha/lib/cli/config.cjs', 'mocha/lib/cli/config']) {
      try {
        return req(path) as MochaConfigModule;
      } catch {
        // Mocha 12 names it config.cjs, Mocha 11 config.js.
      }
    }
  }
  return undefined;
}
