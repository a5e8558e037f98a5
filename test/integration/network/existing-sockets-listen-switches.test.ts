import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createProject, type JsonReport, type Project, runMocha } from '../../helpers/run-mocha';
import { useLocalServers } from './local-servers';

const STRACE = '/usr/bin/strace';
const fixture = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

/** Send calls that named 192.0.2.1 in strace's log (a UDP connect names it too, and sends nothing). */
function sendsTo192(log: string): string[] {
  return log.split('\n').filter((line) => /\b(sendto|sendmsg|sendmmsg|write)\(/.test(line) && line.includes('192.0.2.1'));
}

/** Every failure is hermetic's report, and names what it says. */
function assertReported(json: JsonReport | undefined, count: number, pattern: RegExp): void {
  assert.ok(json, 'no JSON report');
  assert.equal(json.failures.length, count, JSON.stringify(json.failures.map((f) => [f.fullTitle, f.err.message])));
  for (const failure of json.failures) {
    assert.equal(failure.err.code, 'ERR_HERMETIC_VIOLATION', `${failure.fullTitle}: ${failure.err.message}`);
    assert.match(failure.err.message ?? '', pattern, failure.fullTitle);
  }
}

describe('sockets that already exist, listening, and switches a test could flip [medium]', function () {
  const servers = useLocalServers();
  let project: Project | undefined;
  afterEach(() => project?.remove());

  function run(files: Record<string, string>, spec: string, env: Record<string, string> = {}, wrapper?: string[]) {
    project = createProject({ '.mocharc.json': JSON.stringify({ require: 'hermetic/mocha' }), ...files });
    // A connection opened before Mocha and hermetic load, when the fixture brings one.
    const nodeArgs = 'opened-early.mjs' in files ? ['--import', './opened-early.mjs'] : [];
    return runMocha(project.dir, { env: { ...servers.env, ...env }, args: [spec], nodeArgs, wrapper, timeoutMs: 120_000 });
  }

  describe('writes on sockets opened before the test', () => {
    const files = (size?: string) => {
      const text = fixture('existing-sockets.fixture.cjs');
      return {
        'opened-early.mjs': fixture('opened-early.fixture.mjs'),
        'test/existing.spec.cjs': size ? text.replace(/\[(small|medium)\]/g, `[${size}]`) : text,
      };
    };

    it('lets a large test write on them, so the counting server can see a write', async () => {
      const before: Record<string, number> = { ...servers.accepted, sink: servers.received.sink };
      const result = await run(files('large'), 'test/existing.spec.cjs', {
        OUTSIDE_HOST: '127.0.0.1',
        OUTSIDE_PORT: servers.env.UDP4_PORT!,
      });
      assert.equal(result.json?.stats.failures, 0, JSON.stringify(result.json?.failures.map((f) => [f.fullTitle, f.err.message])));
      assert.ok(servers.received.sink > before.sink!, 'the sink saw no bytes');
      assert.equal(servers.accepted.udp4! - before.udp4!, 2, 'both datagrams arrived');
    });

    it('stops every write of a small test and a medium test sending off this machine: nothing arrives, nothing leaves', async () => {
      const before: Record<string, number> = { ...servers.accepted, sink: servers.received.sink };
      const log = join(__dirname, '..', '..', '..', '.tmp', `strace-existing-${process.pid}.log`);
      const result = await run(files(), 'test/existing.spec.cjs', { OUTSIDE_HOST: '192.0.2.1', OUTSIDE_PORT: '9' }, [
        STRACE,
        '-f',
        '-e',
        'trace=sendto,sendmsg,sendmmsg,write',
        '-o',
        log,
      ]);
      assertReported(result.json, 7, /Attempted (connection|UDP datagram) to: (127\.0\.0\.1|192\.0\.2\.1):\d+/);
      assert.equal(result.json?.stats.passes, 1);
      const medium = result.json!.failures.find((f) => f.fullTitle.includes('[medium]'));
      assert.match(medium?.err.message ?? '', /192\.0\.2\.1:9/);
      assert.deepEqual(
        { sink: servers.received.sink, https: servers.accepted.https, udp4: servers.accepted.udp4 },
        { sink: before.sink, https: before.https, udp4: before.udp4 },
      );
      assert.deepEqual(sendsTo192(readFileSync(log, 'utf8')), []);
    });
  });

  describe('listening', () => {
    const files = (size: string) => ({ 'test/listen.spec.cjs': fixture('listen.fixture.cjs').replace(/__SIZE__/g, size) });

    it('lets a medium test listen on any address of this machine, :: and 0.0.0.0 included', async () => {
      const result = await run(files('medium'), 'test/listen.spec.cjs');
      assert.equal(result.json?.stats.failures, 0, JSON.stringify(result.json?.failures.map((f) => [f.fullTitle, f.err.message])));
      assert.equal(result.json?.stats.passes, 6);
    });

    it('stops a small test before it listens, with its own box, and the run ends by itself', async () => {
      const result = await run(files('small'), 'test/listen.spec.cjs');
      assertReported(result.json, 6, /Violation: Network access attempted[\s\S]*Attempted listen on: /);
      const messages = result.json!.failures.map((f) => f.err.message ?? '');
      assert.ok(messages.some((m) => m.includes('Attempted listen on: 127.0.0.1:0\n')));
      assert.ok(messages.some((m) => m.includes('Attempted listen on: [::]:0\n')));
      assert.ok(messages.some((m) => m.includes('Attempted listen on: 127.0.0.1:0 (UDP)')));
      assert.match(messages[0]!, /Call the request handler directly/);
      assert.notEqual(result.code, null, 'the run was killed: something kept it alive');
    });
  });

  describe("hermetic's own switches", () => {
    it('cannot be flipped by reflection: patch state, a borrowed handle owner, the resolver binding', async () => {
      const before = { ...servers.accepted };
      const result = await run({ 'test/switches.spec.cjs': fixture('switches.fixture.cjs') }, 'test/switches.spec.cjs');
      assertReported(result.json, 3, /Category: SMALL/);
      assert.equal(result.json?.stats.passes, 1);
      const [reflection, handle, resolver] = result.json!.failures.map((f) => f.err.message ?? '');
      assert.match(reflection!, /Attempted connection to: 127\.0\.0\.1:\d+/);
      assert.match(handle!, /Attempted connection to: 127\.0\.0\.1:\d+/);
      assert.match(resolver!, /Attempted DNS lookup of: api\.example\.invalid/);
      assert.equal(servers.accepted.tcp, before.tcp, 'the TCP server accepted a connection');
    });
  });
});
