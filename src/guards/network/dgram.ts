import type * as Dgram from 'node:dgram';

import type { NetworkTarget } from '../../core/network-target';
import type { TestScope } from '../../scope/test-scope';
import { builtinLoads } from '../builtin-loads';
import { applyPatch } from '../patch';
import { captureCallSite } from './call-site';
import { targetOfDgramConnect, targetOfDgramSend } from './connect-args';
import { isRestricted, judgeOnce, scopeNow } from './judge';
import { patchBind } from './listen';

/** The last peer a dgram socket was allowed to reach, by the name the caller used, and under which test. */
interface UdpIntent {
  readonly target: NetworkTarget;
  readonly scope: TestScope;
}

const udpIntents = new WeakMap<object, UdpIntent>();

export function udpIntentOf(socket: object | undefined): UdpIntent | undefined {
  return socket === undefined ? undefined : udpIntents.get(socket);
}

type DgramFn = (this: any, ...args: unknown[]) => unknown;

function isConnected(socket: Dgram.Socket): boolean {
  try {
    socket.remoteAddress();
    return true;
  } catch {
    return false;
  }
}

/** Fails like Node fails a send or connect whose lookup failed: the callback, else an 'error' event, on a later tick. */
function fail(socket: Dgram.Socket, args: readonly unknown[], error: Error): void {
  const callback = [...args].reverse().find((a) => typeof a === 'function') as ((err: Error) => void) | undefined;
  process.nextTick(() => (callback ? callback(error) : socket.emit('error', error)));
}

/**
 * UDP is judged where the caller names the peer (before dgram's own lookup of a host name),
 * so a datagram to `stats.example.com` is reported by name and no DNS query goes out.
 */
function guard(kind: 'send' | 'connect'): (real: DgramFn) => DgramFn {
  return (real) =>
    function udp(this: Dgram.Socket, ...args: unknown[]): unknown {
      const scope = scopeNow();
      if (!isRestricted(scope)) return real.apply(this, args);
      const family = (this as unknown as { type: 'udp4' | 'udp6' }).type;
      let target: NetworkTarget | undefined;
      if (kind === 'connect') target = targetOfDgramConnect(args, family);
      else if (!isConnected(this)) target = targetOfDgramSend(args, family);
      if (target === undefined) return real.apply(this, args);
      const verdict = judgeOnce(target, scope, () => captureCallSite());
      if (!verdict.allowed) {
        fail(this, args, verdict.error);
        return undefined;
      }
      udpIntents.set(this, { target, scope });
      return real.apply(this, args);
    };
}

/** Patches `node:dgram` once the user loads it; see BuiltinLoads. */
export function patchDgramWhenUsed(): () => void {
  return builtinLoads.patchWhenUsed('dgram', () => require('node:dgram') as typeof Dgram, patchDgram);
}

function patchDgram(dgram: typeof Dgram): Array<() => void> {
  // A dgram socket takes `dns.lookup` as it is made, where no hook sees dgram load `dns`: its patches come first.
  builtinLoads.loadNow('dns');
  return [
    applyPatch<DgramFn>(dgram.Socket.prototype, 'send', guard('send')),
    applyPatch<DgramFn>(dgram.Socket.prototype, 'connect', guard('connect')),
    patchBind(dgram),
  ];
}
