import net = require('node:net');
import { applyPatch } from '../patch';
import { captureCallSite } from './call-site';
import { connectionOf } from './handle-layer';
import { isRestricted, judgeOnce, scopeNow } from './judge';

type WriteFn = (this: any, ...args: unknown[]) => unknown;

/**
 * A pooled keep-alive socket (http.Agent, fetch's pool, undici Agents) carries a later test's request
 * without any new connect. Each write on a socket that really connected is re-judged when the test
 * writing is not the one that opened it; a refused write fails the stream with the violation, which
 * destroys the socket and so drops it from its pool.
 */
function guardWrite(real: WriteFn): WriteFn {
  return function write(this: net.Socket, ...args: unknown[]): unknown {
    const connection = connectionOf(this);
    if (connection !== undefined) {
      const scope = scopeNow();
      if (scope !== connection.scope && isRestricted(scope)) {
        const verdict = judgeOnce(connection.target, scope, () => captureCallSite());
        if (!verdict.allowed) {
          const callback = args[args.length - 1];
          if (typeof callback === 'function') (callback as (err: Error) => void)(verdict.error);
          return undefined;
        }
      }
    }
    return real.apply(this, args);
  };
}

export function patchKeepAliveWrites(): Array<() => void> {
  return [
    applyPatch<WriteFn>(net.Socket.prototype, '_write', guardWrite),
    applyPatch<WriteFn>(net.Socket.prototype, '_writev', guardWrite),
  ];
}
