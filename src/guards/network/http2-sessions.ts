import type * as Http2 from 'node:http2';
import type * as Stream from 'node:stream';

import type { NetworkTarget } from '../../core/network-target';
import type { TestScope } from '../../scope/test-scope';
import { builtinLoads } from '../builtin-loads';
import { applyPatch } from '../patch';
import { captureCallSite } from './call-site';
import { isRestricted, judgeReached, scopeNow } from './judge';

/** How Node lists `http2` in `process.moduleLoadList` once something loaded it. */
const LOADED_ENTRY = 'NativeModule http2';

/** The session methods that make nghttp2 send on the session's socket, per prototype level. */
const CLIENT_METHODS = ['request'];
const SESSION_METHODS = ['ping', 'settings'];

type SessionMethod = (this: any, ...args: any[]) => unknown;

/** The peer a session talks to: the authority it was opened for, and the address its socket reached. */
function peersOf(session: object): { asked: NetworkTarget; reached: NetworkTarget } | undefined {
  const socket = (session as { socket?: { remoteAddress?: string; remotePort?: number } }).socket;
  const reached: NetworkTarget = { transport: 'tcp', host: socket?.remoteAddress, port: socket?.remotePort, protocol: 'http2' };
  const authority = authorityOf(session);
  const match = authority === undefined ? null : /^\[?(.*?)\]?:(\d+)$/.exec(authority);
  const asked: NetworkTarget = match ? { transport: 'tcp', host: match[1], port: Number(match[2]), protocol: 'http2' } : reached;
  return asked.host === undefined ? undefined : { asked, reached };
}

/** The `host:port` `http2.connect` stored on a client session (`Symbol(authority)`); undefined on server sessions. */
function authorityOf(session: object): string | undefined {
  for (const key of Object.getOwnPropertySymbols(session)) {
    if (key.description !== 'authority') continue;
    const value = (session as Record<symbol, unknown>)[key];
    return typeof value === 'string' ? value : undefined;
  }
  return undefined;
}

/**
 * HTTP/2 sessions kept across tests. nghttp2 writes to the session's socket from C++, past the native write methods,
 * so a request on a session a `[large]` hook opened is judged where JavaScript last sees it: the session's `request`,
 * `ping` and `settings`, by the test calling them and the session's peer. Loading `node:http2` costs start-up time,
 * and a session exists only once it is loaded: the session prototypes, which every session shares (those opened before
 * hermetic loaded included), are patched as the suite loads `http2`. Where an import can go unseen (Node before 22.15),
 * the first sized test to start after it loaded patches them: until then a sized test's enter reads only the load
 * list's new entries.
 */
export class Http2Sessions {
  private readonly removers: Array<() => void> = [];
  private seen = 0;
  private loaded = false;

  /** Whether each sized test must look for the load as it starts: only where an import can go unseen. */
  get needsEnter(): boolean {
    return !builtinLoads.seesEveryImport;
  }

  /** Patches as `http2` loads, where every load is seen; returns the function that stops waiting. */
  watch(): () => void {
    if (this.needsEnter) return () => {};
    return builtinLoads.whenLoaded(
      'http2',
      () => require('node:http2') as typeof Http2,
      () => {
        if (!this.loaded) this.patchLoaded();
      },
    );
  }

  /** Called as each test or hook starts where `needsEnter`; patches once `http2` has been loaded, then costs one flag read. */
  enter(scope: TestScope): void {
    if (this.loaded || !isRestricted(scope)) return;
    const list = (process as unknown as { moduleLoadList: readonly string[] }).moduleLoadList;
    if (list.length === this.seen) return;
    const from = this.seen;
    this.seen = list.length;
    for (let i = from; i < list.length; i++) {
      if (list[i] === LOADED_ENTRY) {
        this.patchLoaded();
        return;
      }
    }
  }

  uninstall(): void {
    for (const remove of this.removers.splice(0).reverse()) remove();
    this.loaded = false;
    this.seen = 0;
  }

  private patchLoaded(): void {
    this.loaded = true;
    // ClientHttp2Session.prototype, and Http2Session.prototype under it.
    const client = Object.getPrototypeOf(throwawaySession()) as object;
    const session = Object.getPrototypeOf(client) as object;
    for (const [proto, keys] of [
      [client, CLIENT_METHODS],
      [session, SESSION_METHODS],
    ] as const) {
      for (const key of keys) {
        if (typeof (proto as Record<string, unknown>)[key] === 'function')
          this.removers.push(applyPatch<SessionMethod>(proto, key, judged));
      }
    }
  }
}

/** Wraps a session method: a sized test may call it only if its size allows the session's peer; else it throws the violation. */
function judged(real: SessionMethod): SessionMethod {
  return function sessionMethod(this: object): unknown {
    const scope = scopeNow();
    if (isRestricted(scope)) {
      const peers = peersOf(this);
      if (peers) {
        const verdict = judgeReached(peers.asked, peers.reached, scope, () => captureCallSite());
        if (!verdict.allowed) throw verdict.error;
      }
    }
    // biome-ignore lint/complexity/noArguments: passed through as the caller gave them.
    return real.apply(this, arguments as unknown as unknown[]);
  };
}

/**
 * A client session on an in-memory stream, destroyed at once: the session classes are not exported, and a session
 * opened earlier cannot be found from its socket (the link is a private symbol). Its bytes go to the in-memory stream.
 */
function throwawaySession(): object {
  // Already loaded by the user's code: these requires only read the cache.
  const http2 = require('node:http2') as typeof Http2;
  const { Duplex } = require('node:stream') as typeof Stream;
  const stream = new Duplex({
    read() {},
    write(_chunk, _encoding, callback) {
      callback();
    },
  });
  const session = http2.connect('http://localhost', { createConnection: () => stream });
  session.on('error', () => {});
  session.destroy();
  return session;
}
