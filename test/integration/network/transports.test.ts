import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createProject, type JsonTest, type MochaRun, type Project, runMocha } from '../../helpers/run-mocha';
import { useLocalServers } from './local-servers';

const FIXTURES = join(__dirname, 'fixtures');
const TEMPLATE = readFileSync(join(FIXTURES, 'transports.fixture.cjs'), 'utf8');

/** Clients that connect from their own timers or resolvers: no frame of the test is on the stack then. */
const NO_CALLER_FRAME = new Set(['got', 'superagent', 'ioredis', 'nodemailer', '@grpc/grpc-js']);
/** Clients that resolve a name themselves before connecting: their first attempt is a DNS lookup. */
const OWN_LOOKUP = new Set(['nodemailer', '@grpc/grpc-js']);

function fixture(size: string, host: string): string {
  return TEMPLATE.replace(/__SIZE__/g, size)
    .replace(/__HOST__/g, host)
    .replace(/__NAME__/g, 'transports');
}

function failureOf(run: MochaRun, title: string): JsonTest | undefined {
  return run.json?.failures.find((t) => t.title === title);
}

describe('every way out, through real Mocha [medium]', function () {
  const servers = useLocalServers();
  let project: Project | undefined;
  afterEach(() => project?.remove());

  async function run(size: string, host: string): Promise<MochaRun> {
    project = createProject({
      '.mocharc.json': JSON.stringify({ require: 'hermetic/mocha' }),
      'test/transports.spec.cjs': fixture(size, host),
    });
    const result = await runMocha(project.dir, { env: servers.env, args: ['test/transports.spec.cjs'] });
    assert.ok(result.json, result.stderr + result.stdout);
    return result;
  }

  it('fails every small test that reaches 127.0.0.1, before a single connection or datagram arrives', async () => {
    const before = servers.total();
    const result = await run('small', '127.0.0.1');
    assert.equal(servers.total(), before, `servers accepted ${JSON.stringify(servers.accepted)}`);
    assert.ok(result.json!.tests.length >= 27);
    // Node 22 and later have a global WebSocket (undici's), which goes through the same doors.
    if (Number(process.versions.node.split('.')[0]) >= 22)
      assert.ok(failureOf(result, 'global WebSocket'), 'the global WebSocket was not tried');
    assert.equal(result.json!.passes.length, 0, result.json!.passes.map((t) => t.title).join(', '));
    for (const test of result.json!.failures) {
      const message = test.err.message ?? '';
      assert.match(message, /HermeticityViolationError/, test.title);
      assert.match(
        message,
        new RegExp(`Test: test/transports\\.spec\\.cjs > transports \\[small\\] > ${test.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
      );
      assert.match(message, /Category: SMALL/);
      assert.match(
        message,
        /Attempted (connection to: (127\.0\.0\.1:\d+|unix:\/)|UDP datagram to: (127\.0\.0\.1|\[::1\]):\d+|DNS lookup of: localhost)/,
        test.title,
      );
      if (!NO_CALLER_FRAME.has(test.title)) assert.match(message, /At: test\/transports\.spec\.cjs:\d+:\d+/, test.title);
      assert.match(message, /Documentation: See node_modules\/hermetic\/docs\/troubleshooting\.md#[a-z0-9-]+$/m);
    }
  });

  it('reports a small test hostname connect as a connection to localhost, never a bare lookup', async () => {
    const result = await run('small', 'localhost');
    assert.equal(result.json!.passes.length, 0);
    for (const title of [
      'http.get',
      'global fetch',
      'undici request',
      'axios',
      'ws WebSocket',
      'net.connect',
      'tls.connect',
      'http2.connect',
      'pg',
      'mysql2',
    ]) {
      assert.match(failureOf(result, title)?.err.message ?? '', /Attempted connection to: localhost:\d+/, title);
    }
  });

  it('lets a medium test reach every local server for real', async () => {
    const before = { ...servers.accepted };
    const result = await run('medium', '127.0.0.1');
    assert.deepEqual(
      result.json!.failures.map((t) => `${t.title}: ${t.err.message}`),
      [],
    );
    assert.ok(result.json!.passes.length >= 27);
    for (const [name, count] of Object.entries(servers.accepted)) assert.ok(count > before[name]!, `${name} server accepted nothing`);
  });

  it('stops a medium test at an outside address before the SYN, and at an outside name before DNS', async () => {
    for (const host of ['192.0.2.1', 'api.example.invalid']) {
      const before = servers.total();
      const result = await run('medium', host);
      assert.equal(servers.total(), before);
      // Looking up an IP literal asks no resolver: it is the one thing that may pass.
      const mayPass = host === '192.0.2.1' ? ['dns.promises.lookup'] : [];
      assert.deepEqual(
        result.json!.passes.map((t) => t.title),
        mayPass,
      );
      for (const test of result.json!.failures) {
        const message = test.err.message ?? '';
        assert.match(message, /Category: MEDIUM/);
        const shown = host.includes(':') ? `[${host}]` : host;
        if (OWN_LOOKUP.has(test.title) && host !== '192.0.2.1') assert.match(message, new RegExp(`Attempted DNS lookup of: ${host}`));
        else if (test.title === 'dgram udp6 send' && host === '192.0.2.1') assert.match(message, /UDP datagram to: \[2001:db8::1\]/);
        else
          assert.match(
            message,
            new RegExp(`Attempted (connection to|UDP datagram to|DNS lookup of): ${shown.replace(/\./g, '\\.')}`),
            test.title,
          );
      }
    }
  });

  it('leaves a large test untouched', async () => {
    const result = await run('large', '127.0.0.1');
    assert.deepEqual(
      result.json!.failures.map((t) => `${t.title}: ${t.err.message}`),
      [],
    );
  });

  it('reaches ESM named imports of node:net and node:dns', async () => {
    project = createProject({
      '.mocharc.json': JSON.stringify({ require: 'hermetic/mocha' }),
      'test/named.spec.mjs': readFileSync(join(FIXTURES, 'esm-named-imports.fixture.mjs'), 'utf8'),
    });
    const before = servers.accepted.tcp!;
    const result = await runMocha(project.dir, { env: servers.env, args: ['test/named.spec.mjs'] });
    const failed = result.json?.failures.map((t) => t.title) ?? [];
    assert.deepEqual(
      failed.sort(),
      ['blocks an outside name through lookup imported by name', 'dns lookup imported by name', 'net.connect imported by name'],
      result.stderr,
    );
    assert.match(failureOf(result, 'net.connect imported by name')!.err.message!, /At: test\/named\.spec\.mjs:\d+:\d+/);
    assert.equal(servers.accepted.tcp, before + 1, 'only the medium test reached the TCP server');
  });
});
