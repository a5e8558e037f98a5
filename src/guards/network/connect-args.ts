import type { NetworkTarget } from '../../core/network-target';

/**
 * Turns the many call shapes of `net.Socket.prototype.connect` into the target the caller asked for.
 * `net.connect()`/`tls.connect()` pass one pre-normalised array; direct calls pass `(port, host)`,
 * `(path)` or `(options)`. A `path` makes it IPC whatever host/port say: HTTP over a unix socket
 * arrives as `{ host: 'localhost', port: 80, path }`.
 */
export function targetOfConnect(args: readonly unknown[]): NetworkTarget | undefined {
  const a = Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  const first = a[0];
  if (first !== null && typeof first === 'object') {
    const o = first as { path?: unknown; host?: unknown; hostname?: unknown; port?: unknown };
    if (typeof o.path === 'string' && o.path !== '') return { transport: 'unix', path: o.path };
    const host =
      typeof o.host === 'string' && o.host !== '' ? o.host : typeof o.hostname === 'string' && o.hostname !== '' ? o.hostname : 'localhost';
    return { transport: 'tcp', host: stripBrackets(host), port: portOf(o.port) };
  }
  if (typeof first === 'string' && !/^\s*\d+\s*$/.test(first)) return { transport: 'unix', path: first };
  if (typeof first === 'number' || typeof first === 'string') {
    const host = typeof a[1] === 'string' && a[1] !== '' ? a[1] : 'localhost';
    return { transport: 'tcp', host: stripBrackets(host), port: portOf(first) };
  }
  return undefined;
}

/**
 * The peer of an unconnected `dgram` send: `send(msg, port, address, cb)` or
 * `send(msg, offset, length, port, address, cb)`, with the address defaulting to loopback as Node does.
 */
export function targetOfDgramSend(args: readonly unknown[], family: 'udp4' | 'udp6'): NetworkTarget | undefined {
  const [, offset, length, port6, address6] = args;
  let port: unknown;
  let address: unknown;
  if (address6 || (port6 && typeof port6 !== 'function')) {
    port = port6;
    address = address6;
  } else {
    port = offset;
    address = length;
  }
  if (port === undefined || port === null || typeof port === 'function') return undefined;
  const host = typeof address === 'string' && address !== '' ? address : family === 'udp6' ? '::1' : '127.0.0.1';
  return { transport: 'udp', host: stripBrackets(host), port: portOf(port) };
}

/** The peer of `dgram` `connect(port, address?, cb?)`. */
export function targetOfDgramConnect(args: readonly unknown[], family: 'udp4' | 'udp6'): NetworkTarget {
  const address = typeof args[1] === 'string' && args[1] !== '' ? args[1] : family === 'udp6' ? '::1' : '127.0.0.1';
  return { transport: 'udp', host: stripBrackets(address), port: portOf(args[0]) };
}

/** The answer `dns.lookup` options ask for: family 0/4/6 and whether all addresses are wanted. */
export function lookupOptionsOf(options: unknown): { family: 0 | 4 | 6; all: boolean } {
  if (typeof options === 'number') return { family: options === 4 || options === 6 ? options : 0, all: false };
  if (options === null || typeof options !== 'object') return { family: 0, all: false };
  const o = options as { family?: unknown; all?: unknown };
  const f = o.family === 'IPv4' ? 4 : o.family === 'IPv6' ? 6 : o.family;
  return { family: f === 4 || f === 6 ? f : 0, all: o.all === true };
}

function portOf(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 0 && n <= 65535 ? n : undefined;
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}
