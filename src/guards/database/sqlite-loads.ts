import type * as DiagnosticsChannel from 'node:diagnostics_channel';

import { Module } from '../../node-module';
import { applyPatch } from '../patch';

type Load = (this: unknown, request: string, ...rest: unknown[]) => unknown;
type GetBuiltin = (this: unknown, id: string) => unknown;
type ResolveHook = (specifier: string, context: unknown, next: (specifier: string, context: unknown) => unknown) => unknown;
type RegisterHooks = (hooks: { resolve: ResolveHook }) => { deregister(): void };

/** How Node lists a builtin it has loaded in `process.moduleLoadList`. */
const LOADED_ENTRY = 'NativeModule sqlite';

/**
 * Patches `node:sqlite` when the user loads it, never before: loading it costs start-up time, and prints an
 * ExperimentalWarning on Node 22. Node tells no one when a builtin loads, so each way in is watched where it passes:
 * `require` (Module._load) and `process.getBuiltinModule`, after which `process.moduleLoadList` says whether sqlite is
 * in (only its new entries are read). An ESM named import is bound when its file links, and `syncBuiltinESMExports`
 * skips `node:`-only builtins, so it must find the patch already made: while an `import()` is in flight (the
 * `module.import` tracing channel), a resolve hook (`module.registerHooks`) patches sqlite as it is resolved, before
 * it is linked. The hook lives only while ESM files load, where its cost per resolution is paid. Node 22.15 and later.
 */
export class SqliteLoads {
  private readonly removers: Array<() => void> = [];
  private seen = 0;
  private done = false;

  constructor(private readonly patch: (sqlite: Record<string, unknown>) => void) {}

  watch(): void {
    if (!Module.isBuiltin('node:sqlite')) return; // Node 20, or --no-experimental-sqlite.
    if (this.check()) return;
    const check = (): void => {
      this.check();
    };
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

  /** Resolves `node:sqlite` patched while any `import()` is in flight; see the class's note. */
  private watchImports(): void {
    const registerHooks = (Module as unknown as { registerHooks?: RegisterHooks }).registerHooks;
    if (typeof registerHooks !== 'function') return;
    const inFlight = new Set<object>();
    let hooks: { deregister(): void } | undefined;
    const resolve: ResolveHook = (specifier, context, next) => {
      if (specifier === 'node:sqlite') this.patchNow();
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
    // Loaded here, not at the top: only a Node that has node:sqlite pays for it (Node 22 and later load it at start anyway).
    const diagnosticsChannel = require('node:diagnostics_channel') as typeof DiagnosticsChannel;
    const imports = diagnosticsChannel.tracingChannel('module.import');
    imports.subscribe(subscriber as unknown as DiagnosticsChannel.TracingChannelSubscribers<object>);
    this.removers.push(() => {
      imports.unsubscribe(subscriber as unknown as DiagnosticsChannel.TracingChannelSubscribers<object>);
      hooks?.deregister();
      hooks = undefined;
    });
  }

  unwatch(): void {
    for (const remove of this.removers.splice(0).reverse()) remove();
  }

  /** Patches sqlite if it has been loaded since the last look; true once it is patched. */
  private check(): boolean {
    if (this.done) return true;
    const list = (process as unknown as { moduleLoadList: readonly string[] }).moduleLoadList;
    if (list.length === this.seen) return false;
    const from = this.seen;
    this.seen = list.length;
    for (let i = from; i < list.length; i++) {
      if (list[i] !== LOADED_ENTRY) continue;
      this.patchNow();
      return true;
    }
    return false;
  }

  /** Loads (the user is loading it now) and patches sqlite once; then nothing is left to watch. */
  private patchNow(): void {
    if (this.done) return;
    this.done = true;
    this.patch(process.getBuiltinModule('node:sqlite') as Record<string, unknown>);
    // Deferred: this may run inside the resolve hook, which is deregistered only once that resolution is done.
    queueMicrotask(() => this.unwatch());
  }
}
