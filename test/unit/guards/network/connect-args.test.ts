import net = require('node:net');

import { strict as assert } from 'node:assert';
import { lookupOptionsOf, targetOfConnect, targetOfDgramConnect, targetOfDgramSend } from '../../../../src/guards/network/connect-args';

describe('connect argument normalisation [small]', () => {
  it('reads the pre-normalised array that net.connect and tls.connect pass', () => {
    const normalize = (net as unknown as { _normalizeArgs(args: unknown[]): unknown[] })._normalizeArgs;
    assert.deepEqual(targetOfConnect([normalize([{ host: 'api.example.com', port: 443 }, () => {}])]), {
      transport: 'tcp',
      host: 'api.example.com',
      port: 443,
    });
  });

  it('reads (port, host), a numeric string port, and defaults the host to localhost', () => {
    assert.deepEqual(targetOfConnect([8080, '10.0.0.1']), { transport: 'tcp', host: '10.0.0.1', port: 8080 });
    assert.deepEqual(targetOfConnect(['5432']), { transport: 'tcp', host: 'localhost', port: 5432 });
    assert.deepEqual(targetOfConnect([{ port: '6379' }]), { transport: 'tcp', host: 'localhost', port: 6379 });
  });

  it('treats a path as a unix socket even when HTTP also passes host and port', () => {
    assert.deepEqual(targetOfConnect([{ host: 'localhost', port: 80, path: '/tmp/app.sock' }]), {
      transport: 'unix',
      path: '/tmp/app.sock',
    });
    assert.deepEqual(targetOfConnect(['/var/run/docker.sock']), { transport: 'unix', path: '/var/run/docker.sock' });
  });

  it('strips IPv6 brackets and, as Node does, ignores hostname: net connects to localhost', () => {
    assert.deepEqual(targetOfConnect([{ host: '[::1]', port: 80 }]), { transport: 'tcp', host: '::1', port: 80 });
    assert.deepEqual(targetOfConnect([{ hostname: 'db.test', port: 1 }]), { transport: 'tcp', host: 'localhost', port: 1 });
  });

  it('reads port strings as Node does: whatever Number() takes for a non-negative number is a port, not a path', () => {
    assert.deepEqual(targetOfConnect(['0x50', '192.0.2.1']), { transport: 'tcp', host: '192.0.2.1', port: 80 });
    assert.deepEqual(targetOfConnect(['8e1', '192.0.2.1']), { transport: 'tcp', host: '192.0.2.1', port: 80 });
    assert.deepEqual(targetOfConnect([' 80 ', '192.0.2.1']), { transport: 'tcp', host: '192.0.2.1', port: 80 });
    assert.deepEqual(targetOfConnect(['0b1010000']), { transport: 'tcp', host: 'localhost', port: 80 });
    assert.deepEqual(targetOfConnect([{ port: '0o120', host: '192.0.2.1' }]), { transport: 'tcp', host: '192.0.2.1', port: 80 });
    assert.deepEqual(targetOfConnect(['-1']), { transport: 'unix', path: '-1' });
    assert.deepEqual(targetOfConnect(['app.sock']), { transport: 'unix', path: 'app.sock' });
  });

  it("takes the same branch as Node's own normalizeArgs for every shape", () => {
    const normalize = (net as unknown as { _normalizeArgs(args: unknown[]): [Record<string, unknown>] })._normalizeArgs;
    const shapes: unknown[][] = [
      ['0x50', '192.0.2.1'],
      ['8e1'],
      ['1e3', 'h'],
      ['Infinity'],
      ['abc', 'h'],
      ['-0'],
      [''],
      [80, 'h'],
      [undefined, 'h'],
      [null],
      [true],
      [],
      [{ path: '/s', host: 'h', port: 1 }],
      [{ hostname: 'h', port: '0x10' }],
      [[{ host: 'h', port: 1 }]],
      [Object.assign([{ host: 'h', port: 1 }], { host: '192.0.2.1' })],
    ];
    for (const shape of shapes) {
      const options = normalize(shape)[0];
      const target = targetOfConnect(shape);
      const label = JSON.stringify(shape);
      if (options.path) {
        assert.deepEqual(target, { transport: 'unix', path: options.path }, label);
        continue;
      }
      assert.equal(target?.transport, 'tcp', label);
      assert.equal(target?.host, (options.host as string) || 'localhost', label);
      const port = options.port;
      const valid =
        (typeof port === 'number' || (typeof port === 'string' && port.trim() !== '')) && +port === +port >>> 0 && +port <= 0xffff;
      assert.equal(target?.port, valid ? +port : undefined, label);
    }
    assert.deepEqual(targetOfConnect([normalize(['0x50', '192.0.2.1'])]), { transport: 'tcp', host: '192.0.2.1', port: 80 });
  });

  it('reads both dgram send shapes and the default loopback peer', () => {
    const buf = Buffer.from('x');
    assert.deepEqual(targetOfDgramSend([buf, 53, '192.0.2.1', () => {}], 'udp4'), { transport: 'udp', host: '192.0.2.1', port: 53 });
    assert.deepEqual(targetOfDgramSend([buf, 0, 1, 8125, 'stats.example.com'], 'udp4'), {
      transport: 'udp',
      host: 'stats.example.com',
      port: 8125,
    });
    assert.deepEqual(targetOfDgramSend([buf, 9999], 'udp6'), { transport: 'udp', host: '::1', port: 9999 });
    assert.deepEqual(targetOfDgramConnect([53], 'udp4'), { transport: 'udp', host: '127.0.0.1', port: 53 });
  });

  it('reads lookup options given as a family number or an object', () => {
    assert.deepEqual(lookupOptionsOf(6), { family: 6, all: false });
    assert.deepEqual(lookupOptionsOf({ family: 'IPv4', all: true }), { family: 4, all: true });
    assert.deepEqual(lookupOptionsOf(undefined), { family: 0, all: false });
  });
});
