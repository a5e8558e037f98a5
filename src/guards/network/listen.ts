import type * as Dgram from 'node:dgram';

import net = require('node:net');

import type { NetworkTarget } from '../../core/network-target';
import type { TestScope } from '../../scope/test-scope';
import { builtinLoads } from '../builtin-loads';
import { applyPatch } from '../patch';
import { captureCallSite } from './call-site';
import { isRestricted, judgeOnce, scopeNow } from './judge';
import { nativeHandles, ownerOf } from './native-handles';

/** Where a `server.listen(...)` call asks to listen, read as Node's `normalizeArgs` reads it. No host means all addresses. */
function targetOfListen(args: readonly unknown[]): NetworkTarget {
  let [first, second] = args;
  if (typeof first === 'object' && first !== null) {
    const options = first as { path?: unknown; port?: unknown; host?: unknown };
    if (typeof options.path === 'string') return { transport: 'unix', path: options.path, listen: true };
    first = options.port;
    second = options.host;
  }
  if (typeof first === 'string' && !(Number(first) >= 0)) return { transport: 'unix', path: first, listen: true };
  const port = first === undefined || first === null || typeof first === 'function' ? 0 : Number(first);
  const host = typeof second === 'string' && second !== '' ? second : '::';
  return { transport: 'tcp', host, port: Number.isInteger(port) ? port : undefined, listen: true };
}

/** Where `socket.bind(...)` asks a UDP socket to receive. */
function targetOfBind(args: readonly unknown[], family: 'udp4' | 'udp6'): NetworkTarget {
  let [port, address] = args;
  if (typeof port === 'object' && port !== null) ({ port, address } = port as { port?: unknown; address?: unknown });
  const host = typeof address === 'string' && address !== '' ? address : family === 'udp6' ? '::' : '0.0.0.0';
  return { transport: 'udp', host, port: typeof port === 'number' ? port : 0, listen: true };
}

/** dgram binds on its own before a first send or connect; that bind is part of the send, judged there. */
function isImplicitBind(args: readonly unknown[]): boolean {
  const [options, callback] = args as [{ port?: unknown; exclusive?: unknown } | undefined, unknown];
  return args.length === 2 && callback === null && options?.port === 0 && options.exclusive === true;
}

type AnyMethod = (this: any, ...args: unknown[]) => unknown;
type ListenHandle = (this: any, backlog: number) => number;

function judge(target: NetworkTarget, scope: TestScope): void {
  const verdict = judgeOnce(target, scope, () => captureCallSite());
  if (!verdict.allowed) throw verdict.error;
}

/** The servers a sized test's `listen()` was judged on and let go ahead (medium, or warn mode): their handle is not judged again. */
const judgedServers = new WeakMap<object, TestScope>();

/**
 * Stops a small test's server before it listens: `net`, `http`, `https`, `tls` and `http2` servers all listen through
 * `net.Server.prototype.listen`, and UDP sockets receive through `dgram.Socket.prototype.bind` (patchBind, once dgram is loaded). The refusal is thrown
 * at the call, so no server is left half open (supertest's request fails at once, and the run can end by itself).
 * The native `listen` backs it up for handles used directly. Medium tests may listen on any address of this machine.
 */
export function patchListen(): Array<() => void> {
  const { tcp, pipe } = nativeHandles();
  const guardListen = (real: AnyMethod): AnyMethod =>
    function listen(this: net.Server, ...args: unknown[]): unknown {
      const scope = scopeNow();
      if (isRestricted(scope)) {
        judge(targetOfListen(args), scope);
        // Node loads `dns` (where no hook sees it) to look up a named host to listen on: its patches come first.
        builtinLoads.loadNow('dns');
        judgedServers.set(this, scope);
      }
      return real.apply(this, args);
    };
  const guardHandleListen =
    (transport: 'tcp' | 'unix') =>
    (real: ListenHandle): ListenHandle =>
      function listen(this: object, backlog: number): number {
        const scope = scopeNow();
        if (isRestricted(scope) && judgedServers.get(ownerOf(this) ?? this) !== scope) {
          const out: { address?: string; port?: number } = {};
          if (transport === 'tcp') (tcp.getsockname as (this: object, o: object) => number).call(this, out);
          const target: NetworkTarget =
            transport === 'tcp' ? { transport, host: out.address ?? '::', port: out.port, listen: true } : { transport, listen: true };
          const verdict = judgeOnce(target, scope, () => captureCallSite());
          if (!verdict.allowed) throw verdict.error;
        }
        return real.call(this, backlog);
      };
  return [
    applyPatch<AnyMethod>(net.Server.prototype, 'listen', guardListen),
    applyPatch<ListenHandle>(tcp, 'listen', guardHandleListen('tcp')),
    applyPatch<ListenHandle>(pipe, 'listen', guardHandleListen('unix')),
  ];
}

/** `dgram.Socket.prototype.bind`, patched with the rest of dgram once it is loaded. */
export function patchBind(dgram: typeof Dgram): () => void {
  return applyPatch<AnyMethod>(
    dgram.Socket.prototype,
    'bind',
    (real) =>
      function bind(this: Dgram.Socket, ...args: unknown[]): unknown {
        const scope = scopeNow();
        if (isRestricted(scope) && !isImplicitBind(args))
          judge(targetOfBind(args, (this as unknown as { type: 'udp4' | 'udp6' }).type), scope);
        return real.apply(this, args);
      },
  );
}
