import { strict as assert } from 'node:assert';
import { HermeticityViolationError } from '../../../src/core/errors';
import { formatViolationReport, formatWarning } from '../../../src/core/report';
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
      formatViolationReport(smallHttp),
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
        'Documentation: See docs/architecture/adr-001-network-isolation.md',
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

  it('reports hooks and late work', () => {
    const text = formatViolationReport({ ...smallHttp, hook: '"before each" hook: login', late: true });
    assert.match(text, /^In: "before each" hook: login$/m);
    assert.match(text, /^When: after the test had finished/m);
  });

  it('reports time limits with the size and its limit', () => {
    const requested = formatViolationReport(createViolation({ ...base, kind: 'time', size: 'small', outcome: 'blocked', limitMs: 1000, requestedTimeoutMs: 5000 }));
    assert.match(requested, /^Violation: Time limit exceeded$/m);
    assert.match(requested, /^Requested timeout: 5000 ms, above the 1 s limit for SMALL tests$/m);
    assert.match(requested, /^Small tests must finish within 1 s\. Options:$/m);
    const stopped = formatViolationReport(createViolation({ ...base, kind: 'time', size: 'medium', outcome: 'blocked', limitMs: 300000, durationMs: 300000 }));
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
