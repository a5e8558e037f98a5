import type { Violation } from './violation';

/** The groups the run summary and the JSON report sort violations into, in the order they are printed. */
export const VIOLATION_GROUPS = [
  'HTTP(S)',
  'DNS',
  'PostgreSQL',
  'MySQL',
  'Redis',
  'Memcached',
  'MongoDB',
  'gRPC/HTTP2',
  'SMTP',
  'WebSocket',
  'UDP',
  'Unix socket',
  'Other TCP',
  'Listening',
  'Subprocess',
  'Threads',
  'Database',
  'Sleep',
  'Time limit',
  'Filesystem',
] as const;

export type ViolationGroup = (typeof VIOLATION_GROUPS)[number];

/**
 * The section of docs/troubleshooting.md that shows how a small test avoids each kind of violation, as GitHub
 * slugs its heading. Renaming a heading breaks the reports' links: the docs tests check that each one exists.
 */
export const TROUBLESHOOTING_SECTIONS: Readonly<Record<ViolationGroup, string>> = {
  'HTTP(S)': 'http-and-https',
  DNS: 'dns-lookups',
  PostgreSQL: 'postgresql',
  MySQL: 'mysql',
  Redis: 'redis',
  Memcached: 'memcached',
  MongoDB: 'mongodb',
  'gRPC/HTTP2': 'grpc-and-http2',
  SMTP: 'smtp-and-email',
  WebSocket: 'websocket',
  UDP: 'udp-datagrams',
  'Unix socket': 'unix-sockets',
  'Other TCP': 'other-tcp-connections',
  Listening: 'listening-servers',
  Subprocess: 'subprocesses',
  Threads: 'worker-threads',
  Database: 'embedded-databases',
  Sleep: 'sleeping-on-real-time',
  'Time limit': 'a-test-that-ran-too-long',
  Filesystem: 'files',
};

const BY_PORT: Readonly<Record<number, ViolationGroup>> = {
  80: 'HTTP(S)',
  443: 'HTTP(S)',
  8080: 'HTTP(S)',
  8443: 'HTTP(S)',
  5432: 'PostgreSQL',
  3306: 'MySQL',
  6379: 'Redis',
  11211: 'Memcached',
  27017: 'MongoDB',
  50051: 'gRPC/HTTP2',
  25: 'SMTP',
  465: 'SMTP',
  587: 'SMTP',
};

const BY_PROTOCOL: Readonly<Record<string, ViolationGroup>> = {
  http: 'HTTP(S)',
  https: 'HTTP(S)',
  http2: 'gRPC/HTTP2',
  grpc: 'gRPC/HTTP2',
  websocket: 'WebSocket',
  ws: 'WebSocket',
  wss: 'WebSocket',
};

/** Which group a violation belongs to: the protocol the guard saw first, else the well-known port, else its transport. */
export function groupOf(v: Violation): ViolationGroup {
  if (v.kind === 'time') return 'Time limit';
  if (v.kind === 'subprocess') return 'Subprocess';
  if (v.kind === 'thread') return 'Threads';
  if (v.kind === 'filesystem') return 'Filesystem';
  if (v.kind === 'database') return 'Database';
  if (v.kind === 'sleep') return 'Sleep';
  const t = v.target;
  if (!t) return 'Other TCP';
  if (t.listen) return 'Listening';
  if (t.transport === 'dns') return 'DNS';
  if (t.transport === 'udp') return t.port === 53 ? 'DNS' : 'UDP';
  if (t.transport === 'unix') return 'Unix socket';
  const byProtocol = t.protocol === undefined ? undefined : BY_PROTOCOL[t.protocol];
  if (byProtocol && !(byProtocol === 'HTTP(S)' && t.port !== undefined && BY_PORT[t.port] !== undefined && BY_PORT[t.port] !== 'HTTP(S)')) {
    return byProtocol;
  }
  return (t.port === undefined ? undefined : BY_PORT[t.port]) ?? 'Other TCP';
}
