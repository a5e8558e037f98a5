import { strict as assert } from 'node:assert';

import dgram = require('node:dgram');
import dns = require('node:dns');
import http = require('node:http');
import net = require('node:net');

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import * as sinon from 'sinon';
import { HermeticityViolationError } from '../../../src/core/errors';
import { networkGuard } from '../../../src/guards/network';
import { runInScope, runOutsideScope } from '../../../src/scope/test-scope';
import { attempt, syntheticScope } from './synthetic-scope';

function httpGet(url: string, agent?: http.Agent): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        let body = '';
        res
          .setEncoding('utf8')
          .on('data', (d: string) => (body += d))
          .on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}

function rawConnect(options: net.NetConnectOpts): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(options, () => {
      socket.destroy();
      resolve('connected');
    });
    socket.on('error', reject);
  });
}

describe('NetworkGuard in-process, against real sockets on loopback [medium]', () => {
  let server: http.Server;
  let port: number;
  let accepted = 0;
  let unixDir: string;
  let unixServer: net.Server;
  let unixPath: string;

  before(async () => {
    networkGuard.install();
    server = http.createServer((_req, res) => res.end('ok'));
    server.on('connection', () => accepted++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
    unixDir = mkdtempSync(join(tmpdir(), 'hermetic-unix-'));
    unixPath = join(unixDir, 'app.sock');
    unixServer = net.createServer((s) => s.end());
    await new Promise<void>((resolve) => unixServer.listen(unixPath, resolve));
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await new Promise((resolve) => unixServer.close(resolve));
    rmSync(unixDir, { recursive: true, force: true });
  });

  beforeEach(() => (accepted = 0));

  it('blocks a small test connecting to 127.0.0.1 before the SYN, with one violation naming the caller', async () => {
    const scope = syntheticScope('small');
    const { error } = await attempt(scope, () => httpGet(`http://127.0.0.1:${port}/`));
    assert.ok(HermeticityViolationError.isViolationError(error), String(error));
    assert.equal(accepted, 0);
    assert.equal(scope.violations.length, 1);
    const v = scope.violations[0]!;
    assert.deepEqual(
      [v.target?.transport, v.target?.host, v.target?.port, v.size, v.outcome],
      ['tcp', '127.0.0.1', port, 'small', 'blocked'],
    );
    assert.match(v.callSite ?? '', /^test\/integration\/network\/in-process-guard\.test\.ts:\d+:\d+$/);
  });

  it('reports a small test hostname connect as a connection, not a bare DNS lookup', async () => {
    const scope = syntheticScope('small');
    const { error } = await attempt(scope, () => fetch(`http://localhost:${port}/`));
    assert.equal(error?.name, 'TypeError');
    assert.ok(HermeticityViolationError.isViolationError(error.cause));
    assert.equal(scope.violations.length, 1);
    assert.deepEqual([scope.violations[0]!.target?.transport, scope.violations[0]!.target?.host], ['tcp', 'localhost']);
    assert.equal(scope.violations[0]!.target?.protocol, 'http');
    assert.match(scope.violations[0]!.callSite ?? '', /in-process-guard\.test\.ts:/);
    assert.equal(accepted, 0);
  });

  it('lets a medium test reach loopback by address and by localhost', async () => {
    const scope = syntheticScope('medium');
    assert.equal((await attempt(scope, () => httpGet(`http://127.0.0.1:${port}/`))).value, 'ok');
    assert.equal((await attempt(scope, async () => (await fetch(`http://localhost:${port}/`)).text())).value, 'ok');
    assert.deepEqual(scope.violations, []);
    assert.equal(accepted, 2);
  });

  it('blocks a medium test reaching an outside address or name, before DNS', async () => {
    const scope = syntheticScope('medium');
    const lookup = sinon.spy(dns, 'lookup');
    try {
      const byAddress = await attempt(scope, () => rawConnect({ host: '192.0.2.1', port: 443 }));
      const byName = await attempt(scope, () => httpGet('http://api.example.invalid/'));
      assert.ok(HermeticityViolationError.isViolationError(byAddress.error));
      assert.ok(HermeticityViolationError.isViolationError(byName.error));
    } finally {
      lookup.restore();
    }
    assert.deepEqual(
      scope.violations.map((v) => `${v.target?.transport} ${v.target?.host}:${v.target?.port}`),
      ['tcp 192.0.2.1:443', 'tcp api.example.invalid:80'],
    );
  });

  it('opens a medium test to allow-listed targets only', async () => {
    const scope = syntheticScope('medium', { allow: ['127.0.0.1:1'] });
    assert.equal((await attempt(scope, () => httpGet(`http://127.0.0.1:${port}/`))).value, 'ok');
    const small = syntheticScope('small', { allow: ['127.0.0.1'] });
    assert.ok((await attempt(small, () => httpGet(`http://127.0.0.1:${port}/`))).error);
  });

  it('judges unix sockets as local: closed to small tests, open to medium ones', async () => {
    const small = syntheticScope('small');
    const medium = syntheticScope('medium');
    assert.ok(HermeticityViolationError.isViolationError((await attempt(small, () => rawConnect({ path: unixPath }))).error));
    assert.equal(small.violations[0]?.target?.path, unixPath);
    assert.equal((await attempt(medium, () => rawConnect({ path: unixPath }))).value, 'connected');
  });

  it('leaves large tests and code outside any test untouched', async () => {
    const large = syntheticScope('large');
    assert.equal((await attempt(large, () => httpGet(`http://127.0.0.1:${port}/`))).value, 'ok');
    assert.equal(await runOutsideScope(() => httpGet(`http://127.0.0.1:${port}/`)), 'ok');
    assert.deepEqual(large.violations, []);
  });

  it('answers localhost lookups in-process for medium tests and refuses other names', async () => {
    const medium = syntheticScope('medium');
    const all = await attempt(medium, () => dns.promises.lookup('localhost', { all: true }));
    assert.deepEqual(all.value, [
      { address: '127.0.0.1', family: 4 },
      { address: '::1', family: 6 },
    ]);
    const v6 = await attempt(
      medium,
      () => new Promise((resolve, reject) => dns.lookup('localhost', 6, (e, a) => (e ? reject(e) : resolve(a)))),
    );
    assert.equal(v6.value, '::1');
    assert.ok((await attempt(medium, () => dns.promises.lookup('db.example.invalid'))).error);
    assert.deepEqual(
      medium.violations.map((v) => `${v.target?.transport} ${v.target?.host}`),
      ['dns db.example.invalid'],
    );
  });

  it('refuses every c-ares query of a small test: resolve*, reverse, Resolver instances and their promise forms', async () => {
    const small = syntheticScope('small');
    const calls: Array<() => Promise<unknown>> = [
      () => dns.promises.resolve4('a.example.invalid'),
      () => dns.promises.resolveMx('b.example.invalid'),
      () => new dns.promises.Resolver().resolveTxt('c.example.invalid'),
      () => new Promise((resolve, reject) => new dns.Resolver().resolve6('d.example.invalid', (e, a) => (e ? reject(e) : resolve(a)))),
      () => new Promise((resolve, reject) => dns.reverse('192.0.2.7', (e, a) => (e ? reject(e) : resolve(a)))),
      () => dns.promises.lookupService('192.0.2.8', 22),
    ];
    for (const call of calls) assert.ok(HermeticityViolationError.isViolationError((await attempt(small, call)).error));
    assert.deepEqual(
      small.violations.map((v) => v.target?.host),
      ['a.example.invalid', 'b.example.invalid', 'c.example.invalid', 'd.example.invalid', '192.0.2.7', '192.0.2.8'],
    );
  });

  it('judges UDP by the peer the caller named, for IPv4 and IPv6, send and connect', async () => {
    const small = syntheticScope('small');
    const medium = syntheticScope('medium');
    const send = (type: 'udp4' | 'udp6', host: string): Promise<unknown> =>
      new Promise((resolve, reject) => {
        const socket = dgram.createSocket(type);
        socket.send('x', 9999, host, (e) => {
          socket.close();
          if (e) reject(e);
          else resolve('sent');
        });
      });
    const connect = (host: string): Promise<unknown> =>
      new Promise((resolve, reject) => {
        const socket = dgram.createSocket('udp4');
        socket.on('error', (e) => {
          socket.close();
          reject(e);
        });
        // dgram hands a failed connect's error to the connect callback.
        socket.connect(9999, host, ((e?: Error) => {
          socket.close();
          if (e) reject(e);
          else resolve('connected');
        }) as () => void);
      });
    assert.ok((await attempt(small, () => send('udp4', '127.0.0.1'))).error);
    assert.ok((await attempt(small, () => send('udp6', '::1'))).error);
    assert.ok((await attempt(small, () => connect('127.0.0.1'))).error);
    assert.equal((await attempt(medium, () => send('udp6', '::1'))).value, 'sent');
    assert.equal((await attempt(medium, () => connect('127.0.0.1'))).value, 'connected');
    assert.ok((await attempt(medium, () => send('udp4', 'stats.example.invalid'))).error);
    assert.deepEqual(
      small.violations.map((v) => `${v.target?.transport} ${v.target?.host}`),
      ['udp 127.0.0.1', 'udp ::1'],
    );
    assert.deepEqual(
      medium.violations.map((v) => `${v.target?.transport} ${v.target?.host}:${v.target?.port}`),
      ['udp stats.example.invalid:9999'],
    );
  });

  it('does not let a small test reuse a keep-alive connection a medium test opened', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const medium = syntheticScope('medium');
      assert.equal((await attempt(medium, () => httpGet(`http://127.0.0.1:${port}/`, agent))).value, 'ok');
      assert.equal((await attempt(syntheticScope('medium'), () => httpGet(`http://127.0.0.1:${port}/`, agent))).value, 'ok');
      assert.equal(accepted, 1, 'the second medium request reused the pooled socket');
      const small = syntheticScope('small');
      const { error } = await attempt(small, () => httpGet(`http://127.0.0.1:${port}/`, agent));
      assert.ok(HermeticityViolationError.isViolationError(error), String(error));
      assert.equal(small.violations.length, 1);
      assert.equal(accepted, 1);
    } finally {
      agent.destroy();
    }
  });

  it("does not let a small test reuse a connection in fetch's global pool", async () => {
    assert.equal((await attempt(syntheticScope('medium'), async () => (await fetch(`http://127.0.0.1:${port}/`)).text())).value, 'ok');
    const small = syntheticScope('small');
    const { error } = await attempt(small, () => fetch(`http://127.0.0.1:${port}/`));
    assert.ok(error, 'the pooled fetch connection carried a small test request');
    assert.equal(small.violations.length, 1);
  });

  it('records a violation once even when the caller swallows the error, and only flags it in warn mode', async () => {
    const warn = syntheticScope('small', { enforcement: 'warn' });
    assert.equal((await attempt(warn, () => httpGet(`http://127.0.0.1:${port}/`))).value, 'ok');
    assert.deepEqual(
      warn.violations.map((v) => v.outcome),
      ['warned'],
    );
  });

  it('lets sinon stub dns.lookup inside a small test, and stays installed after the stub is restored', async () => {
    const small = syntheticScope('small');
    const stub = sinon
      .stub(dns, 'lookup')
      .callsFake(((_h: string, cb: (e: null, a: string, f: number) => void) => cb(null, '203.0.113.5', 4)) as never);
    const answered = await attempt(small, () => new Promise((resolve) => dns.lookup('api.example.invalid', (_e, a) => resolve(a))));
    stub.restore();
    assert.equal(answered.value, '203.0.113.5');
    assert.deepEqual(small.violations, []);
    assert.ok((await attempt(small, () => dns.promises.lookup('api.example.invalid'))).error);
    const lookup = dns.lookup as unknown as (h: string, cb: (e: Error | null) => void) => void;
    const after = await attempt(
      small,
      () => new Promise((resolve, reject) => lookup('still.example.invalid', (e) => (e ? reject(e) : resolve('resolved')))),
    );
    assert.ok(HermeticityViolationError.isViolationError(after.error));
  });

  it('restores every patched function exactly on uninstall and patches again on install', () => {
    const handles = (process as unknown as { binding(n: string): { TCP: { prototype: Record<string, unknown> } } }).binding('tcp_wrap').TCP
      .prototype;
    const patched = [net.Socket.prototype.connect, dns.lookup, dns.promises.lookup, handles.connect];
    networkGuard.uninstall();
    assert.equal(networkGuard.enter, undefined, 'an uninstalled guard does no work as tests start');
    const restored = [net.Socket.prototype.connect, dns.lookup, dns.promises.lookup, handles.connect];
    networkGuard.install();
    networkGuard.install();
    assert.ok(restored.every((fn, i) => fn !== patched[i]));
    assert.ok(!Object.hasOwn(net.Socket.prototype.connect, 'hermetic'));
    const again = [net.Socket.prototype.connect, dns.lookup, dns.promises.lookup, handles.connect];
    assert.ok(again.every((fn, i) => fn !== restored[i]));
  });

  // A small test's Worker is stopped before it starts (the process guard); a medium test's carries its size in.
  it('carries a medium test size into a Worker it starts', async () => {
    const medium = syntheticScope('medium');
    const code = `
      const { parentPort } = require('node:worker_threads');
      require('node:net').connect(${port}, '192.0.2.1').on('connect', () => parentPort.postMessage('connected')).on('error', (e) => parentPort.postMessage(e.name));
    `;
    const result = await attempt(
      medium,
      () =>
        new Promise((resolve, reject) => {
          const worker = new Worker(code, { eval: true });
          worker.once('message', (m) => {
            void worker.terminate();
            resolve(m);
          });
          worker.once('error', reject);
        }),
    );
    assert.equal(result.value, 'HermeticityViolationError');
    for (let i = 0; i < 50 && medium.violations.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(medium.violations.length, 1);
    assert.equal(medium.violations[0]!.testId, medium.testId);
    assert.equal(medium.violations[0]!.target?.host, '192.0.2.1');
  });

  it('leaves a Worker started by a medium test free to reach loopback', async () => {
    const medium = syntheticScope('medium');
    const code = `
      const { parentPort } = require('node:worker_threads');
      require('node:net').connect(${port}, '127.0.0.1').on('connect', function () { this.destroy(); parentPort.postMessage('connected'); }).on('error', (e) => parentPort.postMessage(e.name));
    `;
    const result = await runInScope(
      medium,
      () =>
        new Promise((resolve, reject) => {
          const worker = new Worker(code, { eval: true });
          worker.once('message', (m) => {
            void worker.terminate();
            resolve(m);
          });
          worker.once('error', reject);
        }),
    );
    assert.equal(result, 'connected');
  });
});
