import { isLoopbackHost, type NetworkTarget } from '../../core/network-target';
import type { TestScope } from '../../scope/test-scope';
import { applyPatch } from '../patch';
import { captureCallSite } from './call-site';
import { udpIntentOf } from './dgram';
import { isRestricted, judgeReached, scopeNow } from './judge';
import { nativeHandles, ownerOf, UV_ENETUNREACH } from './native-handles';
import { intentOf } from './socket-intent';

/**
 * Who a stream handle writes to, judged once per connection and test rather than on every write: a connection that really
 * left the process (recorded at its connect), or the peer of one opened before hermetic or elsewhere (found on its first write).
 */
export interface OpenConnection {
  readonly target: NetworkTarget;
  /** Whether the peer is on this machine (loopback or a unix socket); found when first needed. */
  local: boolean | undefined;
  /** The test last found allowed to write here: its further writes are not judged again; any other test's are. */
  allowedFor: TestScope | undefined;
}

const connections = new WeakMap<object, OpenConnection>();
const udpPeers = new WeakMap<object, NetworkTarget>();

/** What the native stream handle connected to, as hermetic saw it connect; undefined for handles connected before it or elsewhere. */
export function connectionOf(handle: object): OpenConnection | undefined {
  return connections.get(handle);
}

/**
 * Node reports a failed handle connect with its own errno error; the socket is told to use ours
 * instead, on the one `destroy` call that follows (after every happy-eyeballs address failed).
 */
export function failWith(socket: object | undefined, error: Error): void {
  if (socket === undefined || Object.hasOwn(socket, 'destroy')) return;
  Object.defineProperty(socket, 'destroy', {
    configurable: true,
    writable: true,
    value: function destroy(this: { destroy(err?: Error): unknown }, err?: Error): unknown {
      delete (this as { destroy?: unknown }).destroy;
      return this.destroy(err === undefined || err === null ? err : error);
    },
  });
}

/**
 * What a later test's write on this connection is judged as: the name the caller used, unless that name
 * is a loopback name answered with an address off this machine (a custom `lookup`): then the address.
 */
function peerOf(asked: NetworkTarget, reached: NetworkTarget): NetworkTarget {
  if (reached.host === undefined || reached.host === asked.host || asked.host === undefined) return asked;
  return isLoopbackHost(asked.host) && !isLoopbackHost(reached.host) ? reached : asked;
}

type StreamConnect = (this: any, req: object, address: string, port?: number, ...rest: unknown[]) => number;

function guardStreamConnect(transport: 'tcp' | 'unix'): (real: StreamConnect) => StreamConnect {
  return (real) =>
    function connect(this: object, ...args: Parameters<StreamConnect>): number {
      const [, address, port] = args;
      const owner = ownerOf(this);
      const scope = scopeNow();
      // The owner is found through a property a test can set: its intent counts only if it was recorded under this same scope.
      const recorded = intentOf(owner);
      const intent = recorded?.scope === scope ? recorded : undefined;
      const reached: NetworkTarget = transport === 'unix' ? { transport, path: address } : { transport, host: address, port };
      const target = intent?.target ?? reached;
      // The socket's connect already judged the name it was given; only an address other than that name is judged again.
      const judged = intent?.allowed === true && (reached.host === undefined || reached.host === target.host);
      if (!judged) {
        const verdict = judgeReached(target, reached, scope, () => intent?.info ?? captureCallSite());
        if (!verdict.allowed) {
          failWith(owner, verdict.error);
          return UV_ENETUNREACH;
        }
      }
      connections.set(this, { target: peerOf(target, reached), local: transport === 'unix' ? true : undefined, allowedFor: scope });
      return real.apply(this, args);
    };
}

type UdpMethod = (this: any, ...args: unknown[]) => number;
type PeerName = (this: object, out: { address?: string; port?: number }) => number;

/** The peer a UDP socket connected outside any sized test sends to, read from the kernel through the real `getpeername`. */
function udpPeerOf(handle: object): NetworkTarget | undefined {
  const out: { address?: string; port?: number } = {};
  if (handlePeerName.udp === undefined || handlePeerName.udp.call(handle, out) !== 0 || out.address === undefined) return undefined;
  return { transport: 'udp', host: out.address, port: out.port };
}

/** The real `getpeername` of each handle class, taken at install, so a test replacing it on the prototype changes nothing judged. */
export const handlePeerName: { tcp?: PeerName; udp?: PeerName } = {};

/**
 * UDP is judged by name in `dgram` (see dgram.ts); the handle check judges the address the name led to,
 * and catches what bypasses dgram: a send on a socket connected by an earlier test, or a handle used directly.
 */
function guardUdp(kind: 'send' | 'connect'): (real: UdpMethod) => UdpMethod {
  return (real) =>
    function udp(this: object, ...args: unknown[]): number {
      const scope = scopeNow();
      if (!isRestricted(scope)) {
        if (kind === 'connect') udpPeers.delete(this);
        return real.apply(this, args);
      }
      let target: NetworkTarget | undefined;
      if (kind === 'connect') target = { transport: 'udp', host: String(args[0]), port: Number(args[1]) };
      else if (args.length >= 5) target = { transport: 'udp', host: String(args[4]), port: Number(args[3]) };
      else target = udpPeers.get(this) ?? udpPeerOf(this);
      if (target === undefined) return real.apply(this, args);
      const intent = udpIntentOf(ownerOf(this));
      const asked = intent?.scope === scope ? intent.target : target;
      const verdict = judgeReached(asked, target, scope, () => captureCallSite());
      if (!verdict.allowed) return UV_ENETUNREACH;
      if (kind === 'connect') udpPeers.set(this, peerOf(asked, target));
      return real.apply(this, args);
    };
}

/** Patches the native TCP, Pipe and UDP handle prototypes: the last step before a syscall. */
export function patchHandles(): Array<() => void> {
  const { tcp, pipe, udp } = nativeHandles();
  handlePeerName.tcp = tcp.getpeername as PeerName;
  handlePeerName.udp = udp.getpeername as PeerName;
  const removers: Array<() => void> = [];
  for (const key of ['connect', 'connect6']) {
    if (typeof tcp[key] === 'function') removers.push(applyPatch<StreamConnect>(tcp, key, guardStreamConnect('tcp')));
  }
  removers.push(applyPatch<StreamConnect>(pipe, 'connect', guardStreamConnect('unix')));
  for (const key of ['send', 'send6']) {
    if (typeof udp[key] === 'function') removers.push(applyPatch<UdpMethod>(udp, key, guardUdp('send')));
  }
  for (const key of ['connect', 'connect6']) {
    if (typeof udp[key] === 'function') removers.push(applyPatch<UdpMethod>(udp, key, guardUdp('connect')));
  }
  return removers;
}
