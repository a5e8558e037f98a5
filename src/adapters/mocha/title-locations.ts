import { fileURLToPath } from 'node:url';
import type { MochaClasses } from './mocha-internals';

/** Where a `describe` or `it` was called in its test file: 1-based line and column, after source maps. */
export interface TitleLocation {
  readonly line: number;
  readonly column: number;
}

/** The interface functions that create a suite or a test, in every UI Mocha ships (bdd, tdd, qunit). */
const CREATORS = ['describe', 'context', 'it', 'specify', 'suite', 'test'] as const;
/** Their variants that still create a suite or test: `.only` runs, `.skip` is recorded as pending. */
const VARIANTS = ['only', 'skip'] as const;
/** Deep enough for a class decorator's call (testdeck's own frames sit between it and the test file). */
const STACK_DEPTH = 40;

type Creator = ((this: unknown, ...args: unknown[]) => unknown) & Record<string, unknown>;

/**
 * Suggest mode only: remembers where each suite and test of the run was declared, for the report that `npx hermetic tag`
 * reads. The interface's functions are wrapped as each file is required (Mocha's `pre-require`), so ordinary runs never
 * pay for it; the stack is read through `Error.prepareStackTrace`, which tsx's and ts-node's source maps rewrite to TS positions.
 */
export class TitleLocations {
  private readonly where = new WeakMap<object, TitleLocation>();

  /** Wraps every UI Mocha knows, so whichever `--ui` the project chose registers its titles here. */
  watch(mocha: MochaClasses): void {
    const interfaces = (mocha as unknown as { interfaces?: Record<string, (suite: PreRequireEmitter) => unknown> }).interfaces;
    if (!interfaces) return;
    for (const [name, bind] of Object.entries(interfaces)) {
      if (typeof bind !== 'function') continue;
      const bindWithLocations = (suite: PreRequireEmitter) => {
        const bound = bind(suite);
        // Registered after the interface's own listener: the context already holds its functions when this runs.
        suite.on('pre-require', (context: Record<string, unknown>, file: string) => this.wrapContext(context, file));
        return bound;
      };
      // `mocha --list-interfaces` reads each interface's description.
      interfaces[name] = Object.assign(bindWithLocations, bind);
    }
  }

  /** Where `suiteOrTest` was declared, if it was declared in a file this run required. */
  of(suiteOrTest: object): TitleLocation | undefined {
    return this.where.get(suiteOrTest);
  }

  private wrapContext(context: Record<string, unknown>, file: string): void {
    for (const name of CREATORS) {
      const original = context[name];
      if (typeof original !== 'function') continue;
      const wrapped = this.wrap(original as Creator, file);
      for (const variant of VARIANTS) {
        const inner = (original as Creator)[variant];
        if (typeof inner === 'function') wrapped[variant] = this.wrap(inner as Creator, file);
      }
      for (const key of Object.keys(original)) if (!(key in wrapped)) wrapped[key] = (original as Creator)[key];
      context[name] = wrapped;
    }
  }

  private wrap(original: Creator, file: string): Creator {
    const where = this.where;
    const wrapped = function (this: unknown, ...args: unknown[]): unknown {
      const created = original.apply(this, args);
      if (typeof created === 'object' && created !== null) {
        const location = callerIn(file, wrapped);
        if (location) where.set(created, location);
      }
      return created;
    } as Creator;
    return wrapped;
  }
}

interface PreRequireEmitter {
  on(event: 'pre-require', listener: (context: Record<string, unknown>, file: string) => void): unknown;
}

/** The first frame of the stack in `file` (a path, or a file: URL for ES modules), as the source maps in force print it. */
function callerIn(file: string, above: Creator): TitleLocation | undefined {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = STACK_DEPTH;
  try {
    Error.captureStackTrace(holder, above);
  } finally {
    Error.stackTraceLimit = limit;
  }
  for (const line of (holder.stack ?? '').split('\n')) {
    const text = line.trim();
    if (!text.startsWith('at ')) continue;
    // `at fn (/path/a.ts:3:5)` or `at /path/a.ts:3:5`.
    const place = text.endsWith(')') ? text.slice(text.lastIndexOf('(') + 1, -1) : text.slice(3);
    const frame = /^(.+):(\d+):(\d+)$/.exec(place);
    if (!frame) continue;
    if (samePath(frame[1]!, file)) return { line: Number(frame[2]), column: Number(frame[3]) };
  }
  return undefined;
}

function samePath(framePath: string, file: string): boolean {
  if (!framePath.startsWith('file://')) return framePath === file;
  try {
    return fileURLToPath(framePath) === file;
  } catch {
    return false;
  }
}
