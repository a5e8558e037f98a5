import net = require('node:net');

import { applyPatch } from '../patch';
import { captureCallSite } from './call-site';
import { connectionOf } from './handle-layer';
import { isRestricted, judgeOnce, scopeNow } from './judge';

type WriteFn = (this: any, chunk: unknown, encoding: unknown, callback: (err?: Error | null) => void) => void;
type WritevFn = (this: any, chunks: unknown, callback: (err?: Error | null) => void) => void;

/**
 * A pooled keep-alive socket (http.Agent, fetch's pool, undici Agents) carries a later test's request
 * without any new connect. Each write on a socket that really connected is re-judged when the test
 * writing is not the one that opened it; a refused write fails the stream with the violation, which
 * destroys the socket and so drops it from its pool.
 */
function refusal(socket: net.Socket): Error | undefined {
  const connection = connectionOf(socket);
  if (connection === undefined) return undefined;
  const scope = scopeNow();
  if (scope === connection.scope || !isRestricted(scope)) return undefined;
  const verdict = judgeOnce(connection.target, scope, () => captureCallSite());
  return verdict.allowed ? undefined : verdict.error;
}

// Named parameters, not a rest array: every write on every socket passes here, the reporter's to stdout too.
const guardWrite = (real: WriteFn): WriteFn =>
  function _write(chunk, encoding, callback) {
    const error = refusal(this);
    if (!error) real.call(this, chunk, encoding, callback);
    else if (typeof callback === 'function') callback(error);
  };

const guardWritev = (real: WritevFn): WritevFn =>
  function _writev(chunks, callback) {
    const error = refusal(this);
    if (!error) real.call(this, chunks, callback);
    else if (typeof callback === 'function') callback(error);
  };

export function patchKeepAliveWrites(): Array<() => void> {
  return [
    applyPatch<WriteFn>(net.Socket.prototype, '_write', guardWrite),
    applyPatch<WritevFn>(net.Socket.prototype, '_writev', guardWritev),
  ];
}
