import dgram = require('node:dgram');
import http = require('node:http');
import http2 = require('node:http2');
import https = require('node:https');
import net = require('node:net');

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';

const TLS_DIR = join(__dirname, 'fixtures', 'tls');

/** Real servers on 127.0.0.1 (and ::1 for UDP), each counting what it accepted, for fixtures to reach. */
export interface LocalServers {
  /** Ports and paths, as environment variables for the fixture run. */
  readonly env: Record<string, string>;
  /** Connections (or datagrams) each server accepted so far. */
  readonly accepted: Record<string, number>;
  /** Bytes the sink server (SINK_PORT) received, on connections it keeps open. */
  readonly received: { readonly sink: number };
  total(): number;
  close(): Promise<void>;
}

function listen(server: net.Server, host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve) => server.listen(0, host, () => resolve((server.address() as net.AddressInfo).port)));
}

export async function startLocalServers(): Promise<LocalServers> {
  const cert = readFileSync(join(TLS_DIR, 'cert.pem'));
  const key = readFileSync(join(TLS_DIR, 'key.pem'));
  const accepted: Record<string, number> = { http: 0, https: 0, http2: 0, tcp: 0, udp4: 0, udp6: 0, unix: 0, ws: 0 };
  const received = { sink: 0 };
  const count = (name: string) => () => void accepted[name]!++;

  const httpServer = http.createServer((_req, res) => res.end('ok'));
  httpServer.on('connection', count('http'));
  const httpsServer = https.createServer({ cert, key }, (_req, res) => res.end('ok'));
  httpsServer.on('secureConnection', count('https'));
  const h2Server = http2.createSecureServer({ cert, key }, (_req, res) => res.end('ok'));
  h2Server.on('secureConnection', count('http2'));
  // Accepts and closes at once: database and broker clients get a prompt protocol error, not a hang.
  const tcpServer = net.createServer((socket) => {
    accepted.tcp!++;
    socket.destroy();
  });
  // Keeps each connection open and counts the bytes that arrive: a write on a connection opened earlier shows here.
  const sinkServer = net.createServer((socket) => socket.on('data', (chunk) => (received.sink += chunk.length)));
  const wsHttp = http.createServer();
  const wss = new WebSocketServer({ server: wsHttp });
  wss.on('connection', (socket) => {
    accepted.ws!++;
    socket.send('ok');
  });
  const dir = mkdtempSync(join(tmpdir(), 'hermetic-net-'));
  const unixPath = join(dir, 'http.sock');
  const unixServer = http.createServer((_req, res) => res.end('ok'));
  unixServer.on('connection', count('unix'));
  const udp4 = dgram.createSocket('udp4').on('message', count('udp4'));
  const udp6 = dgram.createSocket('udp6').on('message', count('udp6'));

  const ports = {
    HTTP_PORT: await listen(httpServer),
    HTTPS_PORT: await listen(httpsServer),
    HTTP2_PORT: await listen(h2Server),
    TCP_PORT: await listen(tcpServer),
    WS_PORT: await listen(wsHttp),
    SINK_PORT: await listen(sinkServer),
  };
  await new Promise<void>((resolve) => unixServer.listen(unixPath, resolve));
  await new Promise<void>((resolve) => udp4.bind(0, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => udp6.bind(0, '::1', resolve));
  const env: Record<string, string> = {
    ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
    UDP4_PORT: String(udp4.address().port),
    UDP6_PORT: String(udp6.address().port),
    UNIX_PATH: unixPath,
    TLS_CERT: join(TLS_DIR, 'cert.pem'),
  };
  const closeServer = (s: net.Server | http.Server): Promise<void> =>
    new Promise((resolve) => {
      (s as http.Server).closeAllConnections?.();
      s.close(() => resolve());
    });
  return {
    env,
    accepted,
    received,
    total: () => Object.values(accepted).reduce((a, b) => a + b, 0),
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await Promise.all([httpServer, httpsServer, tcpServer, wsHttp, unixServer].map(closeServer));
      sinkServer.close();
      await new Promise<void>((resolve) => h2Server.close(() => resolve()));
      udp4.close();
      udp6.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts the servers before the enclosing suite's tests and closes them after; call it inside a `describe`.
 * The object it returns reads through to the servers once they are up.
 */
export function useLocalServers(): LocalServers {
  let started: LocalServers | undefined;
  before(async () => {
    started = await startLocalServers();
  });
  after(() => started?.close());
  const servers = (): LocalServers => {
    if (!started) throw new Error('the local servers are not started yet: use them inside a test or hook');
    return started;
  };
  return {
    get env() {
      return servers().env;
    },
    get accepted() {
      return servers().accepted;
    },
    get received() {
      return servers().received;
    },
    total: () => servers().total(),
    close: () => servers().close(),
  };
}
