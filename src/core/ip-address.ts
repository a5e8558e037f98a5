/**
 * IP literals as plain data, so the core can tell loopback and match CIDR ranges
 * without asking Node. Addresses are 16 bytes; IPv4 is stored IPv4-mapped (::ffff:a.b.c.d).
 */
export type IpBytes = Uint8Array;

/** Parses `127.0.0.1`, `::1`, `[::1]`, `::ffff:127.0.0.1`, `fe80::1%eth0`; undefined when it is not an IP literal. */
export function parseIp(text: string): IpBytes | undefined {
  let s = text;
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  const v4 = parseIpv4(s);
  if (v4) return mapped(v4);
  return s.includes(':') ? parseIpv6(s) : undefined;
}

/** Whether the bytes are an IPv4 address (IPv4-mapped). */
export function isIpv4(ip: IpBytes): boolean {
  for (let i = 0; i < 10; i++) if (ip[i] !== 0) return false;
  return ip[10] === 0xff && ip[11] === 0xff;
}

/** Loopback or "this host": 127.0.0.0/8, 0.0.0.0, ::1 and :: (the last two reach this machine too). */
export function isLoopbackIp(ip: IpBytes): boolean {
  if (isIpv4(ip)) return ip[12] === 127 || (ip[12] === 0 && ip[13] === 0 && ip[14] === 0 && ip[15] === 0);
  for (let i = 0; i < 15; i++) if (ip[i] !== 0) return false;
  return ip[15] === 1 || ip[15] === 0;
}

/** Whether `ip` lies in `network`/`prefix` (prefix counted in the address's own family). */
export function isInRange(ip: IpBytes, network: IpBytes, prefix: number): boolean {
  let bits = isIpv4(network) ? prefix + 96 : prefix;
  for (let i = 0; i < 16 && bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((ip[i]! & mask) !== (network[i]! & mask)) return false;
  }
  return true;
}

function mapped(v4: number[]): IpBytes {
  const out = new Uint8Array(16);
  out[10] = 0xff;
  out[11] = 0xff;
  out.set(v4, 12);
  return out;
}

function parseIpv4(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

function parseIpv6(s: string): IpBytes | undefined {
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const words = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    const groups = part.split(':');
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!;
      if (i === groups.length - 1 && g.includes('.')) {
        const v4 = parseIpv4(g);
        if (!v4) return undefined;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
        out.push(parseInt(g, 16));
      }
    }
    return out;
  };
  const head = words(halves[0]!);
  const tail = halves.length === 2 ? words(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  const out = new Uint8Array(16);
  all.forEach((w, i) => {
    out[i * 2] = w >> 8;
    out[i * 2 + 1] = w & 0xff;
  });
  return out;
}
