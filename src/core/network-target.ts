import { type IpBytes, isInRange, isLoopbackIp, parseIp } from './ip-address';
import type { NetworkAccess } from './policy';

/** How an attempt tried to leave the process. */
export type Transport = 'tcp' | 'udp' | 'unix' | 'dns';

/**
 * What a test tried to reach, as the caller asked for it (the name before DNS, not the address after).
 * `protocol` is a hint from the layer that saw it (`http`, `https`, `http2`, `websocket`, `tls`), used to group reports.
 */
export interface NetworkTarget {
  readonly transport: Transport;
  readonly host?: string;
  readonly port?: number;
  readonly path?: string;
  readonly protocol?: string;
  /** Set when the test tried to accept rather than reach: a server's `listen()` or a UDP socket's `bind()` on this address. */
  readonly listen?: true;
}

/** One `allow` entry, parsed: a host name (optionally `*.` wildcard), an IP or CIDR range, or a unix socket path; each with an optional port. */
export type AllowRule =
  | { readonly kind: 'name'; readonly source: string; readonly name: string; readonly wildcard: boolean; readonly port?: number }
  | { readonly kind: 'ip'; readonly source: string; readonly network: IpBytes; readonly prefix: number; readonly port?: number }
  | { readonly kind: 'unix'; readonly source: string; readonly path: string; readonly prefixMatch: boolean };

/** Parses one `allow` entry, or returns the reason it is malformed. */
export function parseAllowRule(text: string): AllowRule | { readonly error: string } {
  const source = text;
  const s = text.trim();
  if (s === '') return { error: 'an empty entry' };
  if (s.startsWith('unix:')) {
    const path = s.slice('unix:'.length);
    if (!path.startsWith('/') && !/^\\\\[.?]\\pipe\\/.test(path))
      return { error: 'a unix socket path must be absolute, e.g. unix:/tmp/app.sock' };
    const prefixMatch = path.endsWith('/*');
    return { kind: 'unix', source, path: prefixMatch ? path.slice(0, -1) : path, prefixMatch };
  }
  let hostPart = s;
  let port: number | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (bracketed) {
    hostPart = bracketed[1]!;
    if (bracketed[2] !== undefined) port = Number(bracketed[2]);
  } else if ((s.match(/:/g) ?? []).length === 1) {
    const i = s.indexOf(':');
    hostPart = s.slice(0, i);
    const p = s.slice(i + 1);
    if (!/^\d+$/.test(p)) return { error: `the port "${p}" is not a number` };
    port = Number(p);
  }
  if (port !== undefined && (port < 1 || port > 65535)) return { error: `the port ${port} is outside 1-65535` };
  const slash = hostPart.indexOf('/');
  if (slash >= 0) {
    const network = parseIp(hostPart.slice(0, slash));
    const prefixText = hostPart.slice(slash + 1);
    if (!network) return { error: `"${hostPart.slice(0, slash)}" is not an IP address (CIDR ranges look like 10.0.0.0/8)` };
    const max = hostPart.includes(':') ? 128 : 32;
    if (!/^\d+$/.test(prefixText) || Number(prefixText) > max)
      return { error: `the prefix "/${prefixText}" must be a number from 0 to ${max}` };
    return withPort({ kind: 'ip', source, network, prefix: Number(prefixText) }, port);
  }
  const ip = parseIp(hostPart);
  if (ip) return withPort({ kind: 'ip', source, network: ip, prefix: hostPart.includes(':') ? 128 : 32 }, port);
  const wildcard = hostPart.startsWith('*.');
  const name = normalizeName(wildcard ? hostPart.slice(2) : hostPart);
  // No top-level domain is a number, so a name ending in one was meant as an IP address (`300.1.1.1`, `10.0.1`).
  if (/(^|\.)(\d+|0x[0-9a-f]*)$/.test(name)) {
    return { error: `"${hostPart}" is not an IP address: write four numbers from 0 to 255, e.g. 10.0.0.7` };
  }
  if (!/^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/.test(name)) {
    return { error: `"${hostPart}" is not a host name, IP address, CIDR range or unix:/path` };
  }
  return withPort({ kind: 'name', source, name, wildcard }, port);
}

function withPort<T extends AllowRule>(rule: T, port: number | undefined): T {
  return port === undefined ? rule : { ...rule, port };
}

function normalizeName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/** The spellings nearly every loopback connection uses, answered without parsing: a medium test's requests ask for these. */
const COMMON_LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '::ffff:127.0.0.1']);

/** `localhost` and loopback literals: names whose lookups never need to leave the process. */
export function isLoopbackHost(host: string): boolean {
  if (COMMON_LOOPBACK.has(host)) return true;
  const name = normalizeName(host);
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  const ip = parseIp(name);
  return ip !== undefined && isLoopbackIp(ip);
}

/** Whether an `allow` rule covers the target. */
export function isAllowedBy(rule: AllowRule, target: NetworkTarget): boolean {
  if (rule.kind === 'unix') {
    if (target.transport !== 'unix' || target.path === undefined) return false;
    return rule.prefixMatch ? target.path.startsWith(rule.path) : target.path === rule.path;
  }
  if (target.host === undefined || target.transport === 'unix') return false;
  if (rule.port !== undefined && target.port !== undefined && rule.port !== target.port) return false;
  if (rule.kind === 'ip') {
    const ip = parseIp(target.host);
    return ip !== undefined && isInRange(ip, rule.network, rule.prefix);
  }
  const name = normalizeName(target.host);
  return rule.wildcard ? name.endsWith(`.${rule.name}`) : name === rule.name;
}

/**
 * The one network rule: may a test with this access reach this target?
 * `allow` entries count as local, so they open medium tests, never small ones.
 */
export function isNetworkAllowed(access: NetworkAccess, target: NetworkTarget, allow: readonly AllowRule[]): boolean {
  if (access === 'any') return true;
  if (access === 'none') return false;
  // A server can only listen on this machine's own addresses (`::` and `0.0.0.0` included): local by nature.
  if (target.listen) return true;
  if (target.transport === 'unix') return true;
  if (target.host !== undefined && isLoopbackHost(target.host)) return true;
  return allow.some((rule) => isAllowedBy(rule, target));
}

/** The target as reports print it: `api.example.com:443`, `[::1]:80`, `unix:/tmp/app.sock`. */
export function formatTarget(target: NetworkTarget): string {
  if (target.transport === 'unix') return `unix:${target.path ?? '?'}`;
  const host = target.host ?? '?';
  const shown = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return target.port === undefined ? shown : `${shown}:${target.port}`;
}
