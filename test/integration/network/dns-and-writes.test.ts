import { strict as assert } from 'node:assert';

import dns = require('node:dns');
import net = require('node:net');

import { HermeticityViolationError } from '../../../src/core/errors';
import { networkGuard } from '../../../src/guards/network';
import { attempt, syntheticScope } from './synthetic-scope';

function lookupService(address: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => dns.lookupService(address, port, (e, host) => (e ? reject(e) : resolve(host))));
}

describe('reverse lookups, loopback queries and corked writes, against real resolvers and sockets [medium]', () => {
  let server: net.Server;
  let port: number;
  let received = '';

  before(async () => {
    networkGuard.install();
    server = net.createServer((s) => s.on('data', (d) => (received += String(d))));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });

  after(() => new Promise((resolve) => server.close(resolve)));

  it("refuses a small test's callback lookupService through its callback, with one violation", async () => {
    const small = syntheticScope('small');
    const { error } = await attempt(small, () => lookupService('127.0.0.1', 22));
    assert.ok(HermeticityViolationError.isViolationError(error), String(error));
    assert.deepEqual(
      small.violations.map((v) => `${v.target?.transport} ${v.target?.host}`),
      ['dns 127.0.0.1'],
    );
  });

  it("leaves Node's own argument error to a lookupService without a callback, and records nothing", async () => {
    const small = syntheticScope('small');
    const { error } = await attempt(small, async () => (dns.lookupService as unknown as (a: string, p: number) => void)('127.0.0.1', 22));
    assert.ok(error instanceof TypeError && !HermeticityViolationError.isViolationError(error), String(error));
    assert.match(String((error as NodeJS.ErrnoException).code), /^ERR_/);
    assert.deepEqual(small.violations, []);
  });

  it('answers a medium test loopback queries in-process: reverse, A, AAAA, and no data for the rest', async () => {
    const medium = syntheticScope('medium');
    assert.deepEqual((await attempt(medium, () => dns.promises.reverse('127.0.0.1'))).value, ['localhost']);
    assert.deepEqual((await attempt(medium, () => dns.promises.resolve4('localhost'))).value, ['127.0.0.1']);
    assert.deepEqual((await attempt(medium, () => dns.promises.resolve6('localhost'))).value, ['::1']);
    assert.equal((await attempt(medium, () => dns.promises.resolve6('127.0.0.1'))).error?.code, 'ENODATA');
    assert.equal((await attempt(medium, () => dns.promises.resolveMx('localhost'))).error?.code, 'ENODATA');
    assert.deepEqual(medium.violations, []);
  });

  it('refuses a small test several corked writes on a connection a medium test opened, and nothing arrives', async () => {
    const socket = await attempt(
      syntheticScope('medium'),
      () =>
        new Promise<net.Socket>((resolve, reject) => {
          const s = net.connect(port, '127.0.0.1', () => resolve(s));
          s.on('error', reject);
        }),
    );
    const client = socket.value!;
    try {
      const small = syntheticScope('small');
      const { error } = await attempt(
        small,
        () =>
          new Promise<void>((resolve, reject) => {
            client.once('error', reject);
            client.cork();
            client.write('one');
            client.write('two', (e) => (e ? reject(e) : resolve()));
            client.uncork();
          }),
      );
      assert.ok(HermeticityViolationError.isViolationError(error), String(error));
      assert.equal(small.violations.length, 1);
      assert.equal(received, '');
    } finally {
      client.destroy();
    }
  });
});
