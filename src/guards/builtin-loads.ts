import type * as DiagnosticsChannel from 'node:diagnostics_channel';

import { Module } from '../node-module';
import { runOutsideScope } from '../scope/test-scope';
import { esmExports } from './esm-exports';
import { applyPatch } from './patch';

type Load = (this: unknown, request: string, ...rest: unknown[]) => unknown;
type GetBuiltin = (this: unknown, id: string) => unknown;
type ResolveHook = (specifier: string, context: unknown, next: (specifier: string, context: unknown) => unknown) => unknown;
type RegisterHooks = (hooks: { resolve: ResolveHook }) => { deregister(): void };

/** A guard waiting for a builtin: its id (`dgram`), how to reach its exports, and what to patch on them. */
interface Waiter {
  readonly id: string;
  readonly load: () => object;
  readonly patch: (exports: object) => void;
}

function moduleLoadList(): readonly string[] {
  return (process as unknown as { moduleLoadList: readonly string[] }).moduleLoadList;
}

/**
 * Patches a builtin when the user loads it, never before: loading dgram, worker_threads or node:sqlite at start costs
 * start-up time for every run, used or not. Node tells no one when a builtin loads, so each way in is watched where it
 * passes: `require` (Module._load) and `process.getBuiltinModule`, after which `process.moduleLoadList` says what came
 * in (only its new entries are read). An ESM named import is bound when its file links, so it must find the patch made:
 * while an `import()` is in flight (the `module.import` tracing channel), a resolve hook (`module.registerHooks`, Node
 * 22.15 and later) patches the builtin as it is resolved, before it is linked. The hook lives only while ESM files load.
 * One watcher serves every guard, and is removed once nothing is waiting.
 */
export class BuiltinLoads {
  private readonly waiters: Waiter[] = [];
  private readonly removers: Array<() => void> = [];
  private seen = 0;

  /** Whether an ESM import can be seen before it links: without it, a guard that must see every import patches at once. */
  get seesEveryImport(): boolean {
    return typeof (Module as unknown as { registerHooks?: RegisterHooks }).registerHooks === 'function';
  }

  /**
   * Calls `patch` with the builtin's exports once it is loaded: at once if it already is. Returns the function that
   * stops waiting (the guard's uninstall).
   */
  whenLoaded<T extends object>(id: string, load: () => T, patch: (exports: T) => void): () => void {
    if (moduleLoadList().includes(`NativeModule ${id}`)) {
      patch(load());
      return () => {};
    }
    const waiter: Waiter = { id, load, patch: patch as (exports: object) => void };
    this.waiters.push(waiter);
    if (this.removers.length === 0) this.watch();
    return () => this.forget(waiter);
  }

  /**
   * Patches a builtin's exports for a guard once the user loads it, where every import is seen; elsewhere (Node 20, 22
   * before 22.15) at once, as an ESM import could bind the unpatched exports unseen. Returns one remover that stops
   * waiting and removes what was patched. `synced` re-syncs ESM named imports of the builtin once patched late.
   */
  patchWhenUsed<T extends object>(id: string, load: () => T, patch: (exports: T) => Array<() => void>, synced = false): () => void {
    const removers: Array<() => void> = [];
    let stop = (): void => {};
    if (this.seesEveryImport) {
      stop = this.whenLoaded(id, load, (exports) => {
        removers.push(...patch(exports));
        if (synced) esmExports.sync();
      });
    } else {
      // The guard's install syncs these with the rest of its patches.
      removers.push(...patch(load()));
    }
    return () => {
      stop();
      for (const remove of removers.splice(0).reverse()) remove();
    };
  }

  /**
   * Loads and patches now a builtin a guard waits for: for Node's own code about to load it where no hook sees it
   * (`net` loads `dns` when a connection names a host, and calls its `lookup` in the same call).
   */
  loadNow(id: string): void {
    // Looked up before filtering: this runs on every connect and listen of a sized test.
    if (this.waiters.some((waiter) => waiter.id === id)) this.patchNow(id);
  }

  private forget(waiter: Waiter): void {
    const i = this.waiters.indexOf(waiter);
    if (i >= 0) this.waiters.splice(i, 1);
    if (this.waiters.length === 0) this.unwatch();
  }

  private watch(): void {
    this.seen = moduleLoadList().length;
    const check = (): void => this.check();
    this.removers.push(
      applyPatch<Load>(
        Module,
        '_load',
        (real) =>
          function _load(this: unknown): unknown {
            // biome-ignore lint/complexity/noArguments: passed through on every require in the process.
            const exports = real.apply(this, arguments as unknown as [string]);
            check();
            return exports;
          },
      ),
    );
    if (typeof process.getBuiltinModule === 'function') {
      this.removers.push(
        applyPatch<GetBuiltin>(
          process,
          'getBuiltinModule',
          (real) =>
            function getBuiltinModule(this: unknown, id: string): unknown {
              const exports = real.call(this, id);
              check();
              return exports;
            },
        ),
      );
    }
    this.watchImports();
  }

  /** Resolves a waited-for builtin patched while any `import()` is in flight; see the class's note. */
  private watchImports(): void {
    const registerHooks = (Module as unknown as { registerHooks?: RegisterHooks }).registerHooks;
    if (typeof registerHooks !== 'function') return;
    const inFlight = new Set<object>();
    let hooks: { deregister(): void } | undefined;
    const resolve: ResolveHook = (specifier, context, next) => {
      // A bare name counts only where it is a builtin's (`dgram`), not a package's (`sqlite`).
      const id = specifier.startsWith('node:') ? specifier.slice(5) : Module.isBuiltin(specifier) ? specifier : undefined;
      if (id !== undefined) this.patchNow(id);
      return next(specifier, context);
    };
    const settled = (context: object): void => {
      inFlight.delete(context);
      if (inFlight.size === 0) {
        hooks?.deregister();
        hooks = undefined;
      }
    };
    const subscriber = {
      start: (context: object) => {
        inFlight.add(context);
        hooks ??= registerHooks({ resolve });
      },
      // A synchronous throw ends the trace here; otherwise asyncEnd follows when the import settles.
      end: (context: object & { error?: unknown }) => {
        if (context.error !== undefined) settled(context);
      },
      asyncEnd: settled,
    };
    // Loaded here, not at the top: only a Node that can hook imports pays for it (and loads it at start anyway).
    const diagnosticsChannel = require('node:diagnostics_channel') as typeof DiagnosticsChannel;
    const imports = diagnosticsChannel.tracingChannel('module.import');
    imports.subscribe(subscriber as unknown as DiagnosticsChannel.TracingChannelSubscribers<object>);
    this.removers.push(() => {
      imports.unsubscribe(subscriber as unknown as DiagnosticsChannel.TracingChannelSubscribers<object>);
      hooks?.deregister();
      hooks = undefined;
    });
  }

  private unwatch(): void {
    for (const remove of this.removers.splice(0).reverse()) remove();
  }

  /** Patches what has been loaded since the last look. */
  private check(): void {
    const list = moduleLoadList();
    if (list.length === this.seen) return;
    const from = this.seen;
    this.seen = list.length;
    for (let i = from; i < list.length && this.waiters.length > 0; i++) {
      const entry = list[i]!;
      if (!entry.startsWith('NativeModule ')) continue;
      this.patchNow(entry.slice(13));
    }
  }

  /**
   * Loads (the user is loading it now) and patches one builtin for every guard waiting for it, in the order they asked, owned by no test: a guard's own work is never an attempt.
   * The watch ends once nothing waits; deferred, as this may run inside the resolve hook, deregistered only once that
   * resolution is done.
   */
  private patchNow(id: string): void {
    const due = this.waiters.filter((w) => w.id === id);
    if (due.length === 0) return;
    this.waiters.splice(0, this.waiters.length, ...this.waiters.filter((w) => w.id !== id));
    runOutsideScope(() => {
      for (const waiter of due) waiter.patch(waiter.load());
    });
    if (this.waiters.length === 0) queueMicrotask(() => this.waiters.length === 0 && this.unwatch());
  }
}

/** The one watcher every guard asks. */
export const builtinLoads = new BuiltinLoads();
