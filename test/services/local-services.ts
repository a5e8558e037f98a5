/**
 * Where the PostgreSQL and Redis that `scripts/services/start.sh` started are listening. These tests need
 * the real servers: without them they fail and say how to start them, rather than skip.
 */
export interface LocalServices {
  readonly postgres: {
    readonly port: number;
    readonly user: string;
    readonly database: string;
    /** The directory of PostgreSQL's unix socket; the socket itself is `.s.PGSQL.<port>` inside it. */
    readonly socketDir: string;
  };
  readonly redis: { readonly url: string; readonly port: number };
}

const START_HINT = 'start them with: eval "$(scripts/services/start.sh)"';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the service tests need a local PostgreSQL and Redis; ${START_HINT}`);
  return value;
}

/** Reads the servers' addresses from the environment and insists that they are on this machine. */
export function localServices(): LocalServices {
  const host = required('PGHOST');
  if (host !== '127.0.0.1') throw new Error(`PGHOST is ${host}; the service tests expect 127.0.0.1 (${START_HINT})`);
  const redisUrl = new URL(required('REDIS_URL'));
  if (redisUrl.hostname !== '127.0.0.1') throw new Error(`REDIS_URL points at ${redisUrl.hostname}; expected 127.0.0.1`);
  return {
    postgres: {
      port: Number(required('PGPORT')),
      user: required('PGUSER'),
      database: required('PGDATABASE'),
      socketDir: required('PG_SOCKET_DIR'),
    },
    redis: { url: redisUrl.href, port: Number(redisUrl.port || 6379) },
  };
}
