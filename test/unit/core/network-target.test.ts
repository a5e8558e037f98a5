import { strict as assert } from 'node:assert';
import {
  type AllowRule,
  formatTarget,
  isLoopbackHost,
  isNetworkAllowed,
  type NetworkTarget,
  parseAllowRule,
} from '../../../src/core/network-target';

const tcp = (host: string, port = 80): NetworkTarget => ({ transport: 'tcp', host, port });
const rules = (...entries: string[]): AllowRule[] =>
  entries.map((e) => {
    const r = parseAllowRule(e);
    if ('error' in r) throw new Error(r.error);
    return r;
  });

describe('network targets [small]', () => {
  it('treats localhost and every loopback literal as loopback', () => {
    for (const host of [
      'localhost',
      'LOCALHOST',
      'localhost.',
      'api.localhost',
      '127.0.0.1',
      '127.1.2.3',
      '::1',
      '[::1]',
      '0:0:0:0:0:0:0:1',
      '::ffff:127.0.0.1',
      '0.0.0.0',
      '::',
    ]) {
      assert.equal(isLoopbackHost(host), true, host);
    }
  });

  it('does not treat other names and addresses as loopback', () => {
    for (const host of ['example.com', 'localhost.example.com', '128.0.0.1', '10.0.0.1', '::2', '::ffff:10.0.0.1', '192.0.2.1']) {
      assert.equal(isLoopbackHost(host), false, host);
    }
  });

  it('lets small tests reach nothing, not even loopback or a unix socket', () => {
    assert.equal(isNetworkAllowed('none', tcp('127.0.0.1'), []), false);
    assert.equal(isNetworkAllowed('none', { transport: 'unix', path: '/tmp/s.sock' }, []), false);
    assert.equal(isNetworkAllowed('none', tcp('db.local', 5432), rules('db.local')), false);
  });

  it('lets medium tests reach loopback, unix sockets and allowed targets only', () => {
    assert.equal(isNetworkAllowed('loopback', tcp('localhost', 5432), []), true);
    assert.equal(isNetworkAllowed('loopback', { transport: 'unix', path: '/var/run/postgresql/.s.PGSQL.5432' }, []), true);
    assert.equal(isNetworkAllowed('loopback', tcp('api.example.com', 443), []), false);
    assert.equal(isNetworkAllowed('loopback', { transport: 'dns', host: 'api.example.com' }, []), false);
    assert.equal(isNetworkAllowed('loopback', tcp('db.test.local', 5432), rules('db.test.local:5432')), true);
    assert.equal(isNetworkAllowed('loopback', tcp('db.test.local', 5433), rules('db.test.local:5432')), false);
  });

  it('lets large tests reach anything', () => {
    assert.equal(isNetworkAllowed('any', tcp('api.example.com', 443), []), true);
  });

  it('matches allow entries by name, wildcard, IP, CIDR and unix path', () => {
    const allow = rules('*.svc.test', '10.0.0.0/8', 'fd00::/8', '[fd12::1]:9000', 'unix:/run/app/*', 'unix:/tmp/one.sock');
    assert.equal(isNetworkAllowed('loopback', tcp('cache.svc.test', 6379), allow), true);
    assert.equal(isNetworkAllowed('loopback', tcp('svc.test', 6379), allow), false);
    assert.equal(isNetworkAllowed('loopback', tcp('10.20.30.40'), allow), true);
    assert.equal(isNetworkAllowed('loopback', tcp('11.0.0.1'), allow), false);
    assert.equal(isNetworkAllowed('loopback', tcp('fd99::7'), allow), true);
    assert.equal(isNetworkAllowed('loopback', { transport: 'unix', path: '/run/app/api.sock' }, allow), true);
    assert.equal(isNetworkAllowed('loopback', { transport: 'udp', host: '10.1.1.1', port: 53 }, allow), true);
  });

  it('explains malformed allow entries', () => {
    assert.deepEqual(parseAllowRule('db:abc'), { error: 'the port "abc" is not a number' });
    assert.deepEqual(parseAllowRule('db:70000'), { error: 'the port 70000 is outside 1-65535' });
    assert.deepEqual(parseAllowRule('10.0.0.0/33'), { error: 'the prefix "/33" must be a number from 0 to 32' });
    assert.deepEqual(parseAllowRule('unix:relative.sock'), { error: 'a unix socket path must be absolute, e.g. unix:/tmp/app.sock' });
    assert.deepEqual(parseAllowRule('bad host!'), { error: '"bad host!" is not a host name, IP address, CIDR range or unix:/path' });
  });

  it('prints targets the way reports show them', () => {
    assert.equal(formatTarget(tcp('api.example.com', 443)), 'api.example.com:443');
    assert.equal(formatTarget(tcp('::1', 8080)), '[::1]:8080');
    assert.equal(formatTarget({ transport: 'unix', path: '/tmp/a.sock' }), 'unix:/tmp/a.sock');
    assert.equal(formatTarget({ transport: 'dns', host: 'api.example.com' }), 'api.example.com');
  });
});
