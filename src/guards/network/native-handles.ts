import { constants } from 'node:os';

/**
 * The native handle classes every real network attempt goes through. nock 15 (@mswjs/interceptors)
 * fakes a connect by replacing `handle.connect` on the instance, so the prototypes below are reached
 * only by attempts that would really leave the process.
 */

type NativeMethod = (this: object, ...args: unknown[]) => unknown;
export type NativePrototype = Record<string, NativeMethod>;

export interface NativeHandles {
  readonly tcp: NativePrototype;
  readonly pipe: NativePrototype;
  readonly udp: NativePrototype;
}

interface LegacyBinding {
  binding(name: string): Record<string, { prototype: NativePrototype }>;
}

/** Read once: the handle classes and Node's owner symbol never change in a process. */
const found: { handles?: NativeHandles; ownerSymbol?: symbol } = {};

/** TCP, Pipe and UDP handle prototypes (`process.binding` is deprecated but silent without --pending-deprecation). */
export function nativeHandles(): NativeHandles {
  if (found.handles) return found.handles;
  const proc = process as unknown as LegacyBinding;
  found.handles = {
    tcp: proc.binding('tcp_wrap').TCP!.prototype,
    pipe: proc.binding('pipe_wrap').Pipe!.prototype,
    udp: proc.binding('udp_wrap').UDP!.prototype,
  };
  return found.handles;
}

/** The JS object (net.Socket, dgram.Socket) that owns a native handle, through Node's `owner_symbol`. */
export function ownerOf(handle: object): object | undefined {
  found.ownerSymbol ??= Object.getOwnPropertySymbols(handle).find((s) => s.description === 'owner_symbol');
  if (found.ownerSymbol === undefined) return undefined;
  const owner = (handle as Record<symbol, unknown>)[found.ownerSymbol];
  return typeof owner === 'object' && owner !== null ? owner : undefined;
}

/** The negative errno Node turns into `connect ENETUNREACH host:port`. */
export const UV_ENETUNREACH = -(constants.errno.ENETUNREACH ?? 101);
