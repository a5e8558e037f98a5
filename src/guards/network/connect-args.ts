import net = require('node:net');

import type { NetworkTarget } from '../../core/network-target';

/**
 * Turns the many call shapes of `net.Socket.prototype.connect` into the target Node will connect to,
 * read exactly as Node's lib/net.js reads them: `normalizeArgs` (an array Node already normalised,
 * else `(options)`, `(path)` or `(port, host)`), `isPipeName` (a string is a path only when
 * `Number(s) >= 0` fails, so `'0x50'` and `'8e1'` are port 80), and `lookupAndConnect`
 * (`options.host || 'localhost'`, never `hostname`). A truthy `path` makes it IPC whatever host/port
 * say: HTTP over a unix socket arrives as `{ host: 'localhost', port: 80, path }`.
 */
export function targetOfConnect(args: readonly unknown[]): NetworkTarget | undefined {
  const options = normalizedOptions(args);
  if (options.path) return typeof options.path === 'string' ? { transport: 'unix', path: options.path } : undefined;
  const host = typeof options.host === 'string' && options.host !== '' ? options.host : 'localhost';
  return { transport: 'tcp', host: stripBrackets(host), port: portOf(options.port) };
}

interface ConnectOptions {
  readonly path?: unknown;
  readonly host?: unknown;
  readonly port?: unknown;
}

/** The marker Node puts on an argument list it has normalised (`net.connect`, `tls.connect` pass one on). */
const NORMALIZED_ARGS: symbol | undefined = normalizedArgsMarker();

function normalizedArgsMarker(): symbol | undefined {
  const normalize = (net as unknown as { _normalizeArgs?: (args: unknown[]) => object })._normalizeArgs;
  if (typeof normalize !== 'function') return undefined;
  return Object.getOwnPropertySymbols(normalize([])).find((s) => s.description === 'normalizedArgs');
}

/** Whether Node normalised this list already; without Node's marker to ask, any array passed first is taken for one. */
function isNormalized(first: unknown): first is unknown[] {
  if (!Array.isArray(first)) return false;
  return NORMALIZED_ARGS === undefined || (first as unknown as Record<symbol, unknown>)[NORMALIZED_ARGS] === true;
}

/** Node's `normalizeArgs`, keeping only what decides where the socket goes. */
function normalizedOptions(args: readonly unknown[]): ConnectOptions {
  const first = args[0];
  if (isNormalized(first)) {
    const options = first[0] as unknown;
    return typeof options === 'object' && options !== null ? (options as ConnectOptions) : {};
  }
  if (args.length === 0) return {};
  if (typeof first === 'object' && first !== null) return first as ConnectOptions;
  if (isPipeName(first)) return { path: first };
  return typeof args[1] === 'string' ? { port: first, host: args[1] } : { port: first };
}

/** Node's `isPipeName`: a string that `toNumber` (`Number(x) >= 0`) refuses. */
function isPipeName(value: unknown): value is string {
  return typeof value === 'string' && !(Number(value) >= 0);
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

/**
 * A port as Node's `validatePort` accepts it: a number, or a non-blank string, whose `+port` is an
 * integer in 0-65535 (`'0x50'`, `'8e1'` and `' 80 '` all mean 80). Undefined where Node would throw.
 */
function portOf(value: unknown): number | undefined {
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  if (typeof value === 'string' && value.trim() === '') return undefined;
  const n = +value;
  return n === n >>> 0 && n <= 0xffff ? n : undefined;
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}
