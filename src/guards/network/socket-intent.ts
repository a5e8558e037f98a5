import net = require('node:net');

import type { NetworkTarget } from '../../core/network-target';
import type { TestScope } from '../../scope/test-scope';
import { builtinLoads } from '../builtin-loads';
import { applyPatch } from '../patch';
import { isNetworkAllowedNow } from '../verdict';
import { type CallSiteInfo, captureCallSite, rememberRefusedSite } from './call-site';
import { targetOfConnect } from './connect-args';
import { isRestricted, scopeNow } from './judge';

/**
 * What a test asked a socket to connect to, before DNS: the layers below (DNS, native handle)
 * only see a name or an address, and judge on this instead so that the report names what the
 * caller wrote and points at the caller's line.
 */
export interface ConnectIntent {
  readonly target: NetworkTarget;
  readonly scope: TestScope;
  /** Whether the scope's size lets it reach the target: the handle connect that follows need not judge it again. */
  readonly allowed: boolean;
  /** Captured only when the target is not allowed, where the attempt starts (fetch connects synchronously inside `fetch()`). */
  readonly info: CallSiteInfo | undefined;
}

const intents = new WeakMap<object, ConnectIntent>();

/** TLSSocket marks itself `encrypted`; asking that spares loading node:tls for every project. */
function isTls(socket: net.Socket): boolean {
  return (socket as net.Socket & { encrypted?: boolean }).encrypted === true;
}

/** The connect running synchronously right now: its DNS lookup is part of the same attempt. */
const connecting: { intent: ConnectIntent | undefined } = { intent: undefined };

export function intentOf(socket: object | undefined): ConnectIntent | undefined {
  return socket === undefined ? undefined : intents.get(socket);
}

export function pendingIntent(): ConnectIntent | undefined {
  return connecting.intent;
}

/**
 * Records intent at `net.Socket.prototype.connect`, which every TCP, TLS, HTTP(S), HTTP/2, fetch,
 * WebSocket and unix-socket client goes through. It decides nothing: nock 15 calls it for mocked
 * requests too, which never reach the handle layer where decisions are made.
 */
export function patchSocketConnect(): () => void {
  return applyPatch<(this: any, ...args: unknown[]) => net.Socket>(
    net.Socket.prototype,
    'connect',
    (real) =>
      function connect(this: net.Socket, ...args: unknown[]): net.Socket {
        const scope = scopeNow();
        const target = isRestricted(scope) ? targetOfConnect(args) : undefined;
        if (!target) {
          intents.delete(this);
          return real.apply(this, args);
        }
        // Node loads `dns` (where no hook sees it) to look up a named host, in this call: its patches come first.
        builtinLoads.loadNow('dns');
        const allowed = isNetworkAllowedNow(target, scope);
        const info = allowed ? undefined : captureCallSite(isTls(this));
        if (info) rememberRefusedSite(scope!, target, info.callSite);
        const intent: ConnectIntent = { target, scope: scope!, allowed, info };
        intents.set(this, intent);
        const outer = connecting.intent;
        connecting.intent = intent;
        try {
          return real.apply(this, args);
        } finally {
          connecting.intent = outer;
        }
      },
  );
}
