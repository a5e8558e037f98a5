import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createProject, type Project, runMocha } from '../../helpers/run-mocha';
import { useLocalServers } from './local-servers';

const STRACE = '/usr/bin/strace';
const FIXTURE = readFileSync(join(__dirname, 'fixtures', 'lookup-and-ports.fixture.cjs'), 'utf8');

/** connect/send syscalls that named 192.0.2.1 in strace's log. */
function callsTo192(log: string): string[] {
  return log.split('\n').filter((line) => /\b(connect|sendto|sendmsg|sendmmsg)\(/.test(line) && line.includes('192.0.2.1'));
}

describe('a name judged by the address it reaches, a port read as Node reads it [medium]', function () {
  const servers = useLocalServers();
  let project: Project | undefined;
  afterEach(() => project?.remove());

  function run(env: Record<string, string>, wrapper?: string[], size = 'medium') {
    project = createProject({
      '.mocharc.json': JSON.stringify({ require: 'hermetic/mocha' }),
      'test/ways.spec.cjs': FIXTURE.replace(/\[medium\]/g, `[${size}]`),
    });
    return runMocha(project.dir, { env: { ...servers.env, ...env }, args: ['test/ways.spec.cjs'], wrapper, timeoutMs: 120_000 });
  }

  it('lets a medium test reach this machine through a custom lookup and a hex or exponent port', async () => {
    const before = { ...servers.accepted };
    const result = await run({ ANSWER: '127.0.0.1', PORT: servers.env.TCP_PORT!, PORT_HOST: '127.0.0.1' });
    assert.equal(result.json?.stats.failures, 0, JSON.stringify(result.json?.failures.map((f) => [f.fullTitle, f.err.message])));
    assert.equal(result.json?.stats.passes, 7);
    assert.equal(servers.accepted.tcp! - before.tcp!, 3, 'net.connect and both port strings reached the TCP server');
    assert.equal(servers.accepted.http! - before.http!, 3, 'http.get, undici and axios reached the HTTP server');
    assert.equal(servers.accepted.udp4! - before.udp4!, 1, 'the datagram arrived');
  });

  it('lets a small test reach nothing of this machine that way: the counting servers see nothing', async () => {
    const before = servers.total();
    const result = await run({ ANSWER: '127.0.0.1', PORT: servers.env.TCP_PORT!, PORT_HOST: '127.0.0.1' }, undefined, 'small');
    assert.equal(result.json?.stats.passes, 0, result.stderr);
    assert.deepEqual(
      result.json?.failures.map((f) => f.err.code),
      new Array(7).fill('ERR_HERMETIC_VIOLATION'),
    );
    assert.equal(servers.total(), before);
  });

  it('stops every client whose lookup answers 192.0.2.1, and each port string aimed there, before any syscall names it', async () => {
    const log = join(__dirname, '..', '..', '..', '.tmp', `strace-lookup-${process.pid}.log`);
    const result = await run({ ANSWER: '192.0.2.1', PORT: '80', PORT_HOST: '192.0.2.1' }, [
      STRACE,
      '-f',
      '-e',
      'trace=connect,sendto,sendmsg,sendmmsg',
      '-o',
      log,
    ]);
    const traced = readFileSync(log, 'utf8');
    assert.ok(result.json, result.stderr);
    assert.equal(result.json.stats.passes, 0);
    assert.equal(result.json.failures.length, 7);
    for (const failure of result.json.failures) {
      assert.equal(failure.err.code, 'ERR_HERMETIC_VIOLATION', `${failure.fullTitle}: ${failure.err.message}`);
      assert.match(failure.err.message ?? '', /192\.0\.2\.1/, failure.fullTitle);
    }
    const ports = result.json.failures.filter((f) => f.fullTitle.startsWith('ports'));
    for (const failure of ports) assert.match(failure.err.message ?? '', /192\.0\.2\.1:80\b/, failure.fullTitle);
    assert.deepEqual(callsTo192(traced), []);
    assert.match(traced, /\+\+\+ exited with [1-9]/, 'strace followed the run to its failing end');
  });
});
