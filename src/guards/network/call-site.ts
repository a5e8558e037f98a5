import type { NetworkTarget } from '../../core/network-target';
import type { TestScope } from '../../scope/test-scope';
import { captureStack, userCallSite } from '../call-site';

export { userCallSite };

/** What a raw stack says about where an attempt started. */
export interface CallSiteInfo {
  /** The first frame in the user's code, `test/api.test.js:12:5`, relative to `cwd` when inside it. */
  readonly callSite: string | undefined;
  /** The client the attempt came through, read off the library frames: `http`, `http2`, `websocket`. */
  readonly protocol: string | undefined;
}

/** Reads which client made the attempt from the frames in between, to pick the right advice in the report. */
export function protocolFromStack(stack: string, secure: boolean): string | undefined {
  // Library folders only inside node_modules: a project that lives in a folder named `http2` or `got` is no client.
  if (/node:internal\/http2|node_modules[/\\]http2-wrapper[/\\]/.test(stack)) return 'http2';
  if (/node_modules[/\\]ws[/\\]lib[/\\]|websocket/i.test(stack)) return 'websocket';
  if (/node:_http_|node:internal\/deps\/undici|node_modules[/\\](?:undici|node-fetch|axios|got|superagent)[/\\]/.test(stack)) {
    return secure ? 'https' : 'http';
  }
  return secure ? 'tls' : undefined;
}

/**
 * Captures the stack where an attempt starts. Called only for attempts that may be violations. Never throws: the
 * frame only decorates a verdict, and a user's stack hook must not cancel one.
 */
export function captureCallSite(secure = false): CallSiteInfo {
  const stack = captureStack(captureCallSite);
  return { callSite: userCallSite(stack, process.cwd()), protocol: protocolFromStack(stack, secure) };
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
