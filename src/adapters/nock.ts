import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { NetworkTarget } from '../core/network-target';
import { captureCallSite, refusedSiteOf, rememberRefusedSite } from '../guards/network/call-site';
import { isRestricted, judgeOnce, scopeNow } from '../guards/network/judge';
import { applyPatch } from '../guards/patch';
import { isNetworkAllowedNow } from '../guards/verdict';
import { Module } from '../node-module';
import type { TestScope } from '../scope/test-scope';

/**
 * nock as an optional peer: never loaded by hermetic unless the user's code loaded it. In small and
 * medium tests nock refuses what the size refuses, and each refusal is recorded as hermetic's
 * violation; in large and unsized tests nock is left as the user set it. The handle layer stays the
 * guarantee: nothing here is needed to keep a small test off the network.
 */

type Matcher = string | RegExp | ((host: string) => boolean);

interface NockApi {
  enableNetConnect(matcher?: Matcher): void;
  disableNetConnect(): void;
  /** nock.back: each call, and each setMode, sets net connect through nock's internals, not through the two above. */
  back?: ((...args: unknown[]) => unknown) & { setMode?: (mode: string) => void };
}

/** The user's own last net-connect call, replayed when a large or unsized test starts after a sized one. */
type UserNetConnect = { readonly kind: 'enable'; readonly args: unknown[] } | { readonly kind: 'disable' };

interface NockState {
  readonly realEnable: NockApi['enableNetConnect'];
  readonly realDisable: NockApi['disableNetConnect'];
  user: UserNetConnect | undefined;
  /** True while nock carries hermetic's matcher rather than the user's setting. */
  sized: boolean;
}

/** Where the project's nock resolves, and what its package.json says. */
interface NockEntry {
  readonly path: string;
  readonly esm: boolean;
  readonly version: string;
  /** `engines.node`: nock 15 declares `>=22.20.0`. */
  readonly nodeRange: string | undefined;
}

interface NockPackage {
  name?: string;
  type?: string;
  version?: string;
  engines?: { node?: string };
}

/** Reads nock's own package.json without loading nock: up from its entry file, which may sit in dist/ or behind a link. */
function locateNock(): NockEntry | null {
  let path: string;
  try {
    path = Module.createRequire(join(process.cwd(), 'package.json')).resolve('nock');
  } catch {
    return null;
  }
  for (let dir = dirname(path); dirname(dir) !== dir; dir = dirname(dir)) {
    let pkg: NockPackage;
    try {
      pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as NockPackage;
    } catch {
      continue;
    }
    if (pkg.name !== 'nock') continue;
    return { path, esm: pkg.type === 'module', version: String(pkg.version), nodeRange: pkg.engines?.node };
  }
  return null;
}

/** `[22, 20, 0]` from `22.20.0` or `>=22.20.0`; undefined for any other range. */
function versionParts(text: string): number[] | undefined {
  const m = /^(?:>=\s*)?v?(\d+)\.(\d+)\.(\d+)$/.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

function isOlder(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}

/** The highest Node that a nock within hermetic's peer range asks for (nock 15.0.6: `>=22.20.0`). On it or later nothing is looked up. */
const NODE_EVERY_NOCK_RUNS_ON = [22, 20, 0] as const;

/** The warning itself, when `nock` declares a newer Node than the `running` one. */
function warnIfOlderThanNockNeeds(nock: NockEntry | null, running: readonly number[]): void {
  const needed = nock?.nodeRange === undefined ? undefined : versionParts(nock.nodeRange);
  if (!nock || !needed || !isOlder(running, needed)) return;
  const minimum = needed.join('.');
  const symptom =
    typeof (Promise as { withResolvers?: unknown }).withResolvers === 'function'
      ? ''
      : ': every HTTP request and fetch it intercepts fails with "TypeError: Promise.withResolvers is not a function"';
  process.stderr.write(
    `hermetic: nock ${nock.version} needs Node ${minimum} or later, and this is Node ${process.versions.node}${symptom}.\n` +
      `  Install nock 14 (npm install --save-dev nock@14), or run the tests on Node ${minimum} or later.\n`,
  );
}

/** @mswjs/interceptors 0.44+ (nock 15) keeps its running interceptors here, whoever imported them. */
function hasActiveInterceptors(): boolean {
  const registry = (globalThis as { __MSW_INTERCEPTORS_REGISTRY?: Map<unknown, unknown> }).__MSW_INTERCEPTORS_REGISTRY;
  return registry !== undefined && registry.size > 0;
}

/**
 * The user's nock, if their code has loaded it. nock 14 (CommonJS) shows in require.cache; nock 15 is
 * ESM-only and leaves no cache entry, so its interceptors' global registry is the sign, and
 * require(esm) then returns the very instance the user imported. Cheap once nock is found or ruled out.
 */
function loadedNock(nock: NockEntry | null): NockApi | undefined {
  if (nock === null) return undefined;
  const cached = require.cache[nock.path];
  let exported: unknown;
  if (cached?.loaded) exported = cached.exports;
  else if (nock.esm && hasActiveInterceptors()) exported = Module.createRequire(nock.path)(nock.path);
  if (exported === undefined) return undefined;
  const api = ((exported as { default?: unknown }).default ?? exported) as NockApi;
  return typeof api.enableNetConnect === 'function' && typeof api.disableNetConnect === 'function' ? api : undefined;
}

/** nock passes `host:port` (an IPv6 host without brackets). */
export function targetOfNockHost(hostPort: string): NetworkTarget {
  const i = hostPort.lastIndexOf(':');
  const port = i > 0 ? Number(hostPort.slice(i + 1)) : NaN;
  if (i > 0 && Number.isInteger(port)) return { transport: 'tcp', host: hostPort.slice(0, i), port };
  return { transport: 'tcp', host: hostPort };
}

interface RequestOptions {
  readonly host?: string | null;
  readonly hostname?: string | null;
  readonly port?: number | string | null;
  readonly socketPath?: string;
}

/** Notes the caller's frame when a restricted test starts an HTTP request that its size refuses. */
function rememberRequestSite(agent: { defaultPort?: number }, options: RequestOptions | undefined): void {
  const scope = scopeNow();
  if (!isRestricted(scope) || !options || options.socketPath) return;
  const host = (options.hostname ?? options.host ?? 'localhost').replace(/^\[|\]$/g, '');
  const port = Number(options.port ?? agent.defaultPort ?? 80);
  const target: NetworkTarget = { transport: 'tcp', host, port };
  if (isNetworkAllowedNow(target, scope)) return;
  rememberRefusedSite(scope, target, captureCallSite().callSite);
}

/**
 * hermetic's matcher: answers for the test that made the request, and records what it refuses. nock asks it
 * later, from its own queue, where no user frame is left; the frame noted where the request started is used.
 */
function sizeMatcher(hostPort: string): boolean {
  const scope = scopeNow();
  if (!isRestricted(scope)) return true;
  const target = targetOfNockHost(hostPort);
  return judgeOnce(target, scope, () => {
    const here = captureCallSite();
    // nock only ever sees HTTP: name it so, for the report's advice and the summary's grouping.
    const protocol = here.protocol ?? (target.port === 443 ? 'https' : 'http');
    return { callSite: here.callSite ?? refusedSiteOf(scope, hostPort), protocol };
  }).allowed;
}

function track(api: NockApi): NockState {
  // Loaded here, not at start-up: only a suite that uses nock pays for node:http, and nock has loaded it already.
  const http = require('node:http') as typeof import('node:http');
  applyPatch<(this: any, req: unknown, options: RequestOptions) => void>(
    http.Agent.prototype,
    'addRequest',
    (real) =>
      function addRequest(this: { defaultPort?: number }, req: unknown, options: RequestOptions): unknown {
        rememberRequestSite(this, options);
        return real.call(this, req, options);
      },
  );
  const tracked: NockState = {
    realEnable: api.enableNetConnect.bind(api),
    realDisable: api.disableNetConnect.bind(api),
    user: undefined,
    sized: false,
  };
  applyPatch<NockApi['enableNetConnect']>(
    api,
    'enableNetConnect',
    (real) =>
      function enableNetConnect(this: unknown, ...args: unknown[]): unknown {
        tracked.user = { kind: 'enable', args };
        tracked.sized = false;
        return (real as (...a: unknown[]) => void).apply(this, args);
      },
  );
  applyPatch<NockApi['disableNetConnect']>(
    api,
    'disableNetConnect',
    (real) =>
      function disableNetConnect(this: unknown): unknown {
        tracked.user = { kind: 'disable' };
        tracked.sized = false;
        return real.apply(this);
      },
  );
  const back = api.back;
  if (typeof back === 'function') {
    const unsize = (): void => {
      tracked.sized = false;
    };
    if (typeof back.setMode === 'function') {
      applyPatch<(mode: string) => void>(
        back,
        'setMode',
        (real) =>
          function setMode(this: unknown, mode: string): unknown {
            try {
              return real.call(this, mode);
            } finally {
              unsize();
            }
          },
      );
    }
    // A proxy, not a copy: `nock.back.fixtures = dir` must still reach nock's own function. Code that took
    // `nock.back` before the run started calls nock's own; the handle layer still blocks what that lets through.
    const proxy = new Proxy(back, {
      apply(target, self, args) {
        try {
          return Reflect.apply(target, self, args);
        } finally {
          unsize();
        }
      },
    });
    if (Object.getOwnPropertyDescriptor(api, 'back')?.configurable !== false) {
      Object.defineProperty(api, 'back', { value: proxy, writable: true, enumerable: true, configurable: true });
    }
  }
  return tracked;
}

/** Puts back the user's last setting, or nock's own default when they never set one (enabled, or disabled in lockdown mode). */
function restoreUser(s: NockState): void {
  if (s.user?.kind === 'disable' || (!s.user && process.env.NOCK_BACK_MODE === 'lockdown')) s.realDisable();
  else (s.realEnable as (...a: unknown[]) => void)(...(s.user?.args ?? []));
}

/**
 * The nock adapter: one per installed plugin, holding where nock resolves and, once the user's code has
 * loaded it, the user's own net-connect setting. The plugin composes it with the guards.
 */
export class NockAdapter {
  /** undefined: not looked for yet; null: nock is not installed where the tests run. */
  private entry: NockEntry | null | undefined = undefined;
  private state: NockState | undefined = undefined;
  /**
   * Puts nock's net-connect rule in line with the runnable starting now: hermetic's matcher for a restricted size,
   * the user's own setting otherwise. Only when it changed: by a size of another kind, or by the user's
   * `enableNetConnect()`, `disableNetConnect()` or `nock.back` since the last runnable. Its own function, made once:
   * it runs for every test.
   */
  readonly enter: (scope: TestScope) => void;

  constructor() {
    this.enter = (scope) => {
      const state = this.state;
      if (!state) return;
      if (isRestricted(scope)) {
        if (state.sized) return;
        state.realEnable(sizeMatcher);
        state.sized = true;
      } else if (state.sized) {
        restoreUser(state);
        state.sized = false;
      }
    };
  }

  private installed(): NockEntry | null {
    if (this.entry === undefined) this.entry = locateNock();
    return this.entry;
  }

  /**
   * Looks for the user's nock once a suite starts (test files load it at their top), rather than as every
   * test starts. Missing it for a while costs nothing but nock's own message: the handle layer still blocks.
   */
  detect(): void {
    if (this.state) return;
    const api = loadedNock(this.installed());
    if (api) this.state = track(api);
  }

  /**
   * Says once, at start-up, when the installed nock needs a newer Node than this one: nock 15 on Node 20
   * fails every request it intercepts with `Promise.withResolvers is not a function`, which names neither
   * nock nor Node. A warning, not a stop: nock may be installed without this run loading it.
   */
  warnIfNeedsNewerNode(): void {
    const running = versionParts(process.versions.node);
    if (!running || !isOlder(running, NODE_EVERY_NOCK_RUNS_ON) || process.env.MOCHA_WORKER_ID !== undefined) return;
    warnIfOlderThanNockNeeds(this.installed(), running);
  }
}

/**
 * Whether an error is nock's refusal (`NetConnectNotAllowedError`, code ENETUNREACH), directly or as
 * the `cause` of fetch's `TypeError('fetch failed')` or inside an AggregateError.
 */
export function isNockRefusal(error: unknown, depth = 0): boolean {
  if (error === null || typeof error !== 'object' || depth > 5) return false;
  const e = error as { name?: unknown; code?: unknown; cause?: unknown; errors?: unknown };
  if (e.name === 'NetConnectNotAllowedError' && e.code === 'ENETUNREACH') return true;
  if (isNockRefusal(e.cause, depth + 1)) return true;
  return Array.isArray(e.errors) && e.errors.some((inner) => isNockRefusal(inner, depth + 1));
}
