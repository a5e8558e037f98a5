import { strict as assert } from 'node:assert';
import { HermeticityViolationError } from '../../../src/core/errors';
import { documentation, documentationLink, formatViolationReport, formatWarning } from '../../../src/core/report';
import { createViolation, type Violation } from '../../../src/core/violation';

const base = {
  testId: 'test/api.spec.ts > UserApi [small] > fetches user',
  file: 'test/api.spec.ts',
  titlePath: ['UserApi [small]', 'fetches user'],
  time: '2026-01-01T00:00:00.000Z',
} as const;

const smallHttp: Violation = createViolation({
  ...base,
  kind: 'network',
  size: 'small',
  outcome: 'blocked',
  target: { transport: 'tcp', host: 'api.example.com', port: 443, protocol: 'https' },
  callSite: 'src/users/client.ts:42:11',
});

describe('violation report [small]', () => {
  it('prints the standard box for a small test reaching out', () => {
    assert.equal(
      formatViolationReport(smallHttp, 'node_modules/hermetic/docs'),
      [
        '============================================================',
        'HermeticityViolationError',
        '============================================================',
        'Test: test/api.spec.ts > UserApi [small] > fetches user',
        'Category: SMALL',
        'Violation: Network access attempted',
        'Details:',
        'Attempted connection to: api.example.com:443',
        'At: src/users/client.ts:42:11',
        'Small tests have restricted resource access. Options:',
        "1. Mock the network call with nock (or msw, or undici's MockAgent)",
        '2. Use dependency injection to provide a fake HTTP client',
        '3. Change the test category to [medium] or @Medium (if the test truly needs it)',
        'Documentation: See node_modules/hermetic/docs/troubleshooting.md#http-and-https',
        '============================================================',
      ].join('\n'),
    );
  });

  it('gives a medium test that reaches out the fixes that fit a medium test', () => {
    const text = formatViolationReport({ ...smallHttp, size: 'medium' });
    assert.match(text, /^Category: MEDIUM$/m);
    assert.match(text, /^1\. Run the dependency on this machine/m);
    assert.match(text, /^3\. Change the test category to \[large\] or @Large/m);
  });

  it('names DNS lookups, datagrams, unix sockets and database ports in their own words', () => {
    const dns = formatViolationReport({ ...smallHttp, target: { transport: 'dns', host: 'api.example.com' } });
    assert.match(dns, /^Attempted DNS lookup of: api\.example\.com$/m);
    assert.match(dns, /^1\. Stub the lookup: sinon\.stub\(dns, "lookup"\)/m);
    const udp = formatViolationReport({ ...smallHttp, target: { transport: 'udp', host: '192.0.2.1', port: 53 } });
    assert.match(udp, /^Attempted UDP datagram to: 192\.0\.2\.1:53$/m);
    const unix = formatViolationReport({ ...smallHttp, target: { transport: 'unix', path: '/tmp/pg/.s.PGSQL.5432' } });
    assert.match(unix, /^Attempted connection to: unix:\/tmp\/pg\/\.s\.PGSQL\.5432$/m);
    const pg = formatViolationReport({ ...smallHttp, target: { transport: 'tcp', host: 'localhost', port: 5432 } });
    assert.match(pg, /^1\. Replace the client with a fake or a sinon stub/m);
  });

  it('links the troubleshooting section for the kind of violation, under the docs folder it is given', () => {
    const section = (v: Partial<Violation>): string => documentationLink({ ...smallHttp, ...v }, 'docs').split('#')[1]!;
    assert.equal(
      documentationLink(smallHttp, '../../node_modules/hermetic/docs'),
      '../../node_modules/hermetic/docs/troubleshooting.md#http-and-https',
    );
    assert.equal(section({ target: { transport: 'dns', host: 'api.example.com' } }), 'dns-lookups');
    assert.equal(section({ target: { transport: 'tcp', host: 'localhost', port: 5432 } }), 'postgresql');
    assert.equal(section({ target: { transport: 'tcp', host: 'db', port: 3306 } }), 'mysql');
    assert.equal(section({ target: { transport: 'tcp', host: 'db', port: 27017 } }), 'mongodb');
    assert.equal(section({ target: { transport: 'tcp', host: 'cache', port: 6379 } }), 'redis');
    assert.equal(section({ target: { transport: 'tcp', host: 'grpc', port: 50051, protocol: 'http2' } }), 'grpc-and-http2');
    assert.equal(section({ target: { transport: 'tcp', host: 'smtp', port: 587 } }), 'smtp-and-email');
    assert.equal(section({ target: { transport: 'tcp', host: 'live', port: 443, protocol: 'websocket' } }), 'websocket');
    assert.equal(section({ target: { transport: 'udp', host: '192.0.2.1', port: 8125 } }), 'udp-datagrams');
    assert.equal(section({ target: { transport: 'unix', path: '/tmp/pg/.s.PGSQL.5432' } }), 'unix-sockets');
    assert.equal(section({ target: { transport: 'tcp', host: 'broker', port: 5672 } }), 'other-tcp-connections');
    assert.equal(section({ size: 'medium' }), 'medium-tests-reaching-another-machine');
    assert.equal(section({ kind: 'time', target: undefined, limitMs: 1000, requestedTimeoutMs: 5000 }), 'a-timeout-above-the-limit');
    assert.equal(section({ kind: 'time', target: undefined, limitMs: 1000, durationMs: 1000 }), 'a-test-that-ran-too-long');
    assert.equal(
      section({ kind: 'time', size: 'medium', target: undefined, limitMs: 300000, durationMs: 300000 }),
      'a-test-that-ran-too-long',
    );
  });

  it('takes the docs folder the plugin set when none is given', () => {
    assert.ok(
      formatViolationReport(smallHttp).endsWith(
        `Documentation: See ${documentation.folder}/troubleshooting.md#http-and-https\n${'='.repeat(60)}`,
      ),
    );
  });

  it('reports hooks and late work', () => {
    const text = formatViolationReport({ ...smallHttp, hook: '"before each" hook: login', late: true });
    assert.match(text, /^In: "before each" hook: login$/m);
    assert.match(text, /^When: after the test had finished/m);
  });

  it('reports time limits with the size and its limit', () => {
    const requested = formatViolationReport(
      createViolation({ ...base, kind: 'time', size: 'small', outcome: 'blocked', limitMs: 1000, requestedTimeoutMs: 5000 }),
    );
    assert.match(requested, /^Violation: Time limit exceeded$/m);
    assert.match(requested, /^Requested timeout: 5000 ms, above the 1 s limit for SMALL tests$/m);
    assert.match(requested, /^Small tests must finish within 1 s\. Options:$/m);
    const stopped = formatViolationReport(
      createViolation({ ...base, kind: 'time', size: 'medium', outcome: 'blocked', limitMs: 300000, durationMs: 300000 }),
    );
    assert.match(stopped, /exceeded the 5 min limit for MEDIUM tests$/m);
  });

  it('prints a greppable warn line with the test, category, target and call site after it', () => {
    assert.equal(
      formatWarning({ ...smallHttp, outcome: 'warned' }),
      [
        'Network access violation (hermetic, enforcement: warn)',
        '  Test: test/api.spec.ts > UserApi [small] > fetches user',
        '  Category: SMALL',
        '  Attempted connection to: api.example.com:443',
        '  At: src/users/client.ts:42:11',
      ].join('\n'),
    );
  });

  it('carries the violation on an error with a stable name and code', () => {
    const error = new HermeticityViolationError(smallHttp);
    assert.equal(error.name, 'HermeticityViolationError');
    assert.equal(error.code, 'ERR_HERMETIC_VIOLATION');
    assert.equal(error.violation, smallHttp);
    assert.equal(error.message, `\n${formatViolationReport(smallHttp)}`);
    assert.equal(HermeticityViolationError.isViolationError(error), true);
    assert.equal(HermeticityViolationError.isViolationError(new Error('x')), false);
    assert.ok(Object.isFrozen(smallHttp));
  });
});
