import { isAbsolute, relative, sep } from 'node:path';
import type { NetworkTarget } from '../../core/network-target';
import { firstUserFrame, OWN_DIRS } from '../../own-code';
import type { TestScope } from '../../scope/test-scope';

/** What a raw stack says about where an attempt started. */
export interface CallSiteInfo {
  /** The first frame in the user's code, `test/api.test.js:12:5`, relative to `cwd` when inside it. */
  readonly callSite: string | undefined;
  /** The client the attempt came through, read off the library frames: `http`, `http2`, `websocket`. */
  readonly protocol: string | undefined;
}

/** The first frame in the user's code as reports show it: `test/api.test.js:12:5`, relative to `cwd` when inside it. */
export function userCallSite(stack: string, cwd: string, ownDirs: readonly string[] = OWN_DIRS): string | undefined {
  const frame = firstUserFrame(stack, ownDirs);
  return frame ? `${displayPath(frame.file, cwd)}:${frame.line}:${frame.column}` : undefined;
}

function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  const shown = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
  return shown.split(sep).join('/');
}

/** Reads which client made the attempt from the frames in between, to pick the right advice in the report. */
export function protocolFromStack(stack: string, secure: boolean): string | undefined {
  if (/node:internal\/http2|[/\\]http2[/\\]/.test(stack)) return 'http2';
  if (/[/\\]ws[/\\]lib[/\\]|websocket/i.test(stack)) return 'websocket';
  if (
    /node:_http_|node:internal\/deps\/undici|[/\\]undici[/\\]|[/\\]node-fetch[/\\]|[/\\]axios[/\\]|[/\\]got[/\\]|[/\\]superagent[/\\]/.test(
      stack,
    )
  ) {
    return secure ? 'https' : 'http';
  }
  return secure ? 'tls' : undefined;
}

/**
 * Captures the stack where an attempt starts. fetch's internals alone fill V8's default ten frames,
 * so the limit is raised while capturing. Called only for attempts that may be violations. Never throws:
 * the frame only decorates a verdict, and a user's stack hook must not cancel one.
 */
export function captureCallSite(secure = false): CallSiteInfo {
  const stack = stackHere(captureCallSite);
  return { callSite: userCallSite(stack, process.cwd()), protocol: protocolFromStack(stack, secure) };
}

/**
 * The stack above `above`, formatted by the user's `Error.prepareStackTrace` when there is one (source-map-support
 * maps TypeScript lines there); when that hook throws or returns no text, by V8's default; else empty.
 */
function stackHere(above: (...args: never[]) => unknown): string {
  const prepare = Error.prepareStackTrace;
  const limit = Error.stackTraceLimit;
  const attempt = (): string => {
    const holder: { stack?: unknown } = {};
    Error.captureStackTrace(holder, above);
    return typeof holder.stack === 'string' ? holder.stack : '';
  };
  try {
    Error.stackTraceLimit = 200;
    try {
      const stack = attempt();
      if (stack !== '' || prepare === undefined) return stack;
    } catch {
      // The user's hook threw: read the frames with V8's own formatting instead.
    }
    (Error as { prepareStackTrace?: unknown }).prepareStackTrace = undefined;
    return attempt();
  } catch {
    return '';
  } finally {
    restore(prepare, limit);
  }
}

/** Puts the user's stack settings back, even when they were made read-only. */
function restore(prepare: typeof Error.prepareStackTrace, limit: number): void {
  try {
    if (Error.prepareStackTrace !== prepare) (Error as { prepareStackTrace?: unknown }).prepareStackTrace = prepare;
    Error.stackTraceLimit = limit;
  } catch {
    // Nothing was changed that could not be changed back.
  }
}

/**
 * Where each refused attempt started, per test and `host:port`. nock 15 judges a request later, from its
 * interceptors' queue, where no user frame is left: the frame captured as the socket connected is kept here.
 */
const refusedSites = new WeakMap<TestScope, Map<string, string>>();

export function rememberRefusedSite(scope: TestScope, target: NetworkTarget, site: string | undefined): void {
  if (site === undefined || target.transport !== 'tcp') return;
  let sites = refusedSites.get(scope);
  if (!sites) {
    sites = new Map();
    refusedSites.set(scope, sites);
  }
  sites.set(`${target.host}:${target.port}`, site);
}

/** The caller's frame of the refused attempt at `host:port` (as nock names it: IPv6 without brackets). */
export function refusedSiteOf(scope: TestScope, hostPort: string): string | undefined {
  return refusedSites.get(scope)?.get(hostPort);
}
