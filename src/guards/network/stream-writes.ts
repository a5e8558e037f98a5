import net = require('node:net');

import { isLoopbackHost } from '../../core/network-target';
import { POLICY_TABLE } from '../../core/policy';
import type { TestScope } from '../../scope/test-scope';
import { applyPatch } from '../patch';
import { captureCallSite } from './call-site';
import { connectionOf, failWith, handlePeerName, type OpenConnection } from './handle-layer';
import { isRestricted, judgeOnce, scopeNow } from './judge';
import { type NativePrototype, nativeHandles, ownerOf, UV_ENETUNREACH } from './native-handles';

/** Each handle's peer, found on its first write in a sized test; `null` for handles that are not network use. */
const peers = new WeakMap<object, OpenConnection | null>();

/** The process's own stdio and IPC channel (Mocha's --parallel workers talk to it there): never a test's network use. */
function isOwnChannel(handle: { fd?: number }): boolean {
  const fd = handle.fd;
  return (typeof fd === 'number' && fd >= 0 && fd <= 2) || handle === (process as { channel?: unknown }).channel;
}

/** A connection hermetic saw connect is its own record, so what its connect earned carries over to its writes. */
function peerOf(handle: object, tcp: object, pipe: object, tlsWrap: object | undefined): OpenConnection | null | undefined {
  const proto = Object.getPrototypeOf(handle);
  // A TLS socket's wrap writes to the handle under it from C++; that handle's peer is the wrap's.
  if (proto === tlsWrap) {
    const parent = (handle as { _parent?: unknown })._parent;
    return typeof parent === 'object' && parent !== null ? peerOf(parent, tcp, pipe, undefined) : null;
  }
  const recorded = connectionOf(handle);
  if (proto === tcp) {
    if (recorded) return recorded;
    const out: { address?: string; port?: number } = {};
    if (handlePeerName.tcp?.call(handle, out) !== 0 || out.address === undefined) return undefined;
    return { target: { transport: 'tcp', host: out.address, port: out.port }, local: undefined, allowedFor: undefined };
  }
  if (proto === pipe) {
    if (isOwnChannel(handle)) return null;
    return recorded ?? { target: { transport: 'unix' }, local: true, allowedFor: undefined };
  }
  // TTYs, JavaScript streams (whose own socket is judged on its handle), HTTP/2 streams.
  return null;
}

/**
 * Why the running sized test may not write on this handle, if it may not: its peer is off this machine for a medium
 * test, or any peer for a small one. Judged by the test writing, whoever opened the connection, once per connection and
 * test: a pooled keep-alive connection is judged again for each test that writes on it.
 */
function refusal(handle: object, scope: TestScope, tcp: object, pipe: object, tlsWrap: object | undefined): Error | undefined {
  let peer = peers.get(handle);
  if (peer === undefined) {
    peer = peerOf(handle, tcp, pipe, tlsWrap);
    if (peer === undefined) return undefined;
    peers.set(handle, peer);
  }
  if (peer === null || peer.allowedFor === scope) return undefined;
  if (POLICY_TABLE[scope.size!].network !== 'none' && isLocal(peer)) {
    peer.allowedFor = scope;
    return undefined;
  }
  const verdict = judgeOnce(peer.target, scope, () => captureCallSite());
  if (verdict.allowed) {
    peer.allowedFor = scope;
    return undefined;
  }
  failWith(ownerOf(handle), verdict.error);
  return verdict.error;
}

function isLocal(peer: OpenConnection): boolean {
  if (peer.local === undefined) {
    const host = peer.target.host;
    peer.local = peer.target.transport === 'unix' || (host !== undefined && isLoopbackHost(host));
  }
  return peer.local;
}

type StartMethod = (this: any) => unknown;
type WriteMethod = (this: any, req: object, data: unknown, extra: unknown) => number;
type StreamWrite = (this: any, chunk: unknown, encoding: unknown, callback: (err?: Error | null) => void) => void;
type StreamWritev = (this: any, chunks: unknown, callback: (err?: Error | null) => void) => void;

/** The StreamBase methods every stream write ends in (`writeGeneric`, `writevGeneric`, IPC, `_writeGeneric`). */
const WRITE_METHODS = ['writeBuffer', 'writev', 'writeUtf8String', 'writeAsciiString', 'writeLatin1String', 'writeUcs2String'];

/**
 * Judges every write on a stream with a network peer, below the stream layer where every write path meets: a socket
 * opened before hermetic loaded or by a large test's hook, a pooled keep-alive connection, `_writeGeneric`,
 * `tls.connect({ socket })`, `new net.Socket({ handle })`. A socket's own `_write` judges first, so that its caller's
 * callback gets the violation (Node turns a refused native write into its own errno error); the native write then
 * skips the check it already had. Outside sized tests, the reporter's stdout among them, a write costs one scope read.
 */
export function patchStreamWrites(): Array<() => void> {
  const { tcp, pipe } = nativeHandles();
  const streamWrap = Object.getPrototypeOf(tcp) as NativePrototype;
  const tlsWrap = tlsWrapPrototype();
  /** True while a socket's `_write` that already judged this write runs down to its native write. */
  const judged = { now: false };
  const refusalNow = (stream: { _handle?: object | null }): Error | undefined => {
    const scope = scopeNow();
    const handle = stream._handle;
    return isRestricted(scope) && handle ? refusal(handle, scope, tcp, pipe, tlsWrap) : undefined;
  };
  const guard = (real: WriteMethod): WriteMethod =>
    // Named parameters, not a rest array: every write of the process passes here.
    function write(req, data, extra) {
      if (!judged.now) {
        const scope = scopeNow();
        if (isRestricted(scope) && refusal(this, scope, tcp, pipe, tlsWrap) !== undefined) return UV_ENETUNREACH;
      }
      return real.call(this, req, data, extra);
    };
  const guardStreamWrite = (real: StreamWrite): StreamWrite =>
    function _write(chunk, encoding, callback) {
      const error = refusalNow(this);
      if (error) return callback(error);
      judged.now = true;
      try {
        real.call(this, chunk, encoding, callback);
      } finally {
        judged.now = false;
      }
    };
  const guardStreamWritev = (real: StreamWritev): StreamWritev =>
    function _writev(chunks, callback) {
      const error = refusalNow(this);
      if (error) return callback(error);
      judged.now = true;
      try {
        real.call(this, chunks, callback);
      } finally {
        judged.now = false;
      }
    };
  const removers: Array<() => void> = [
    applyPatch<StreamWrite>(net.Socket.prototype, '_write', guardStreamWrite),
    applyPatch<StreamWritev>(net.Socket.prototype, '_writev', guardStreamWritev),
  ];
  // A TLS client's handshake is written from C++ as the wrap starts: `tls.connect({ socket })` over a socket opened earlier.
  if (tlsWrap && typeof tlsWrap.start === 'function') {
    removers.push(
      applyPatch<StartMethod>(
        tlsWrap,
        'start',
        (real) =>
          function start(this: object): unknown {
            const scope = scopeNow();
            const error = isRestricted(scope) ? refusal(this, scope, tcp, pipe, tlsWrap) : undefined;
            if (error === undefined) return real.call(this);
            const owner = ownerOf(this) as { destroy?(err: Error): void } | undefined;
            process.nextTick(() => owner?.destroy?.(error));
            return undefined;
          },
      ),
    );
  }
  for (const proto of tlsWrap ? [streamWrap, tlsWrap] : [streamWrap]) {
    for (const key of WRITE_METHODS) {
      if (typeof proto[key] === 'function') removers.push(applyPatch<WriteMethod>(proto, key, guard, { direct: true }));
    }
  }
  return removers;
}

/** TLS sockets write through their own native wrap; undefined where Node is built without TLS. */
function tlsWrapPrototype(): NativePrototype | undefined {
  try {
    return (process as unknown as { binding(name: string): { TLSWrap?: { prototype: NativePrototype } } }).binding('tls_wrap').TLSWrap
      ?.prototype;
  } catch {
    return undefined;
  }
}
