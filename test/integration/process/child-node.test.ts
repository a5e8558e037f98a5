import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { createProject, type MochaRun, type Project, runMocha } from '../../helpers/run-mocha';

const STRACE = '/usr/bin/strace';
const fixture = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

/** The failing tests of the fixture, each with the target its child aimed at and the command that child ran. */
const BLOCKED = [
  {
    title: 'execSync of node aims at 192.0.2.1',
    details: 'Attempted connection to: 192.0.2.1:80',
    command: 'node test/reach.cjs connect 192.0.2.1:80',
  },
  {
    title: 'spawn of node looks up an outside name',
    details: 'Attempted DNS lookup of: example.com',
    command: 'node test/reach.cjs lookup example.com',
  },
  {
    title: 'fork aims at 192.0.2.1',
    details: 'Attempted connection to: 192.0.2.1:80',
    command: 'node test/reach.cjs connect 192.0.2.1:80',
  },
  {
    title: 'cluster.fork aims at 192.0.2.1',
    details: 'Attempted connection to: 192.0.2.1:82',
    command: 'node test/reach.cjs connect 192.0.2.1:82',
  },
  {
    title: 'spawnSync of node aims at 192.0.2.1',
    details: 'Attempted connection to: 192.0.2.1:81',
    command: 'node test/reach.cjs connect 192.0.2.1:81',
  },
];

/** A 127.0.0.1 server that counts the connections it accepts. */
async function countingServer(): Promise<{ server: Server; port: number; count: () => number }> {
  let accepted = 0;
  const server = createServer((socket) => {
    accepted++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port, count: () => accepted };
}

describe('a medium test’s child Node processes carry its size [medium]', function () {
  this.timeout(180_000);
  let project: Project | undefined;
  let local: Awaited<ReturnType<typeof countingServer>> | undefined;
  afterEach(() => {
    project?.remove();
    local?.server.close();
  });

  async function run(options: { config?: Record<string, unknown>; wrapper?: string[] } = {}): Promise<MochaRun> {
    local = await countingServer();
    project = createProject({
      '.mocharc.json': JSON.stringify({ require: 'hermetic/mocha', ...options.config }),
      'test/reach.cjs': fixture('reach.fixture.cjs'),
      'test/children.spec.cjs': fixture('children.fixture.cjs'),
    });
    const result = await runMocha(project.dir, {
      args: ['test/children.spec.cjs', '--hermetic-report=report.json'],
      env: { LOCAL_PORT: String(local.port) },
      wrapper: options.wrapper?.map((arg) => arg.replace('__DIR__', project!.dir)),
      timeoutMs: 120_000,
    });
    assert.ok(result.json, result.stderr);
    return result;
  }

  it('lets the child reach 127.0.0.1 and charges each outside attempt to the test, once, with the child’s command', async () => {
    const result = await run();
    assert.equal(local!.count(), 1, 'the child reached the 127.0.0.1 server once');
    assert.deepEqual(result.json!.passes.map((t) => t.title).sort(), [
      'a child that is not Node runs as it is',
      'execFileSync of node reaches 127.0.0.1',
      'start without hermetic',
    ]);
    assert.deepEqual(result.json!.failures.map((t) => t.title).sort(), BLOCKED.map((b) => b.title).sort());
    for (const blocked of BLOCKED) {
      const message = result.json!.failures.find((f) => f.title === blocked.title)?.err.message ?? '';
      assert.equal(message.match(/^HermeticityViolationError$/gm)?.length, 1, message);
      assert.match(message, /Category: MEDIUM/);
      assert.ok(message.includes(`Details:\n${blocked.details}\nIn child process: ${blocked.command}\nAt: test/reach.cjs:`), message);
    }
    const report = JSON.parse(readFileSync(join(project!.dir, 'report.json'), 'utf8')) as {
      violations: { testId: string; childCommand?: string }[];
    };
    assert.deepEqual(report.violations.map((v) => v.childCommand).sort(), BLOCKED.map((b) => b.command).sort());
  });

  it('lets the child go ahead under warn, with the warning naming the child', async () => {
    const result = await run({ config: { hermetic: { enforcement: 'warn' } } });
    assert.equal(result.json!.failures.length, 0, result.stdout);
    assert.match(
      result.stderr,
      /Network access violation \(hermetic, enforcement: warn\)[\s\S]*?In child process: node test\/reach\.cjs connect 192\.0\.2\.1:80/,
    );
  });

  it('shows, under strace, the child’s loopback connect and no connect or DNS packet beyond it', async function () {
    if (!existsSync(STRACE)) assert.fail(`${STRACE} is needed for this proof (apt-get install strace)`);
    await run({ wrapper: [STRACE, '-f', '-e', 'trace=connect,sendto,sendmsg,sendmmsg', '-o', '__DIR__/strace.log'] });
    const calls = readFileSync(join(project!.dir, 'strace.log'), 'utf8')
      .split('\n')
      .filter((line) => /\b(connect|sendto|sendmsg|sendmmsg)\(/.test(line) && /sa_family=AF_INET6?\b/.test(line));
    assert.ok(
      calls.some((c) => c.includes(`htons(${local!.port})`) && c.includes('inet_addr("127.0.0.1")')),
      calls.join('\n'),
    );
    assert.deepEqual(
      calls.filter((c) => !c.includes('inet_addr("127.0.0.1")') || c.includes('htons(53)')),
      [],
    );
  });
});
