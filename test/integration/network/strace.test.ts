import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createProject, type Project, runMocha } from '../../helpers/run-mocha';
import { useLocalServers } from './local-servers';

const STRACE = '/usr/bin/strace';
const TEMPLATE = readFileSync(join(__dirname, 'fixtures', 'transports.fixture.cjs'), 'utf8');

/** One syscall that named an internet peer: `connect(…AF_INET…)`, `sendto(…AF_INET6…)`, `sendmsg`/`sendmmsg` with a msg_name. */
interface InetCall {
  readonly line: string;
  readonly address: string;
}

/** Reads strace's log for connect and send calls to AF_INET/AF_INET6 peers; AF_UNIX and netlink are Node's and Mocha's own. */
function inetCalls(log: string): InetCall[] {
  const calls: InetCall[] = [];
  for (const line of log.split('\n')) {
    if (!/\b(connect|sendto|sendmsg|sendmmsg)\(/.test(line) || !/sa_family=AF_INET6?\b/.test(line)) continue;
    const v4 = /inet_addr\("([^"]+)"\)/.exec(line);
    const v6 = /inet_pton\(AF_INET6, "([^"]+)"/.exec(line);
    calls.push({ line, address: v4?.[1] ?? v6?.[1] ?? '?' });
  }
  return calls;
}

const isLoopback = (address: string): boolean => address.startsWith('127.') || address === '::1' || address === '::ffff:127.0.0.1';

describe('what reaches the kernel, seen by strace [medium]', function () {
  before(() => assert.ok(existsSync(STRACE), `${STRACE} is needed for this proof (apt-get install strace)`));
  const servers = useLocalServers();
  let project: Project | undefined;
  afterEach(() => project?.remove());

  async function trace(size: string, host: string): Promise<InetCall[]> {
    project = createProject({
      '.mocharc.json': JSON.stringify({ require: 'hermetic/mocha' }),
      'test/transports.spec.cjs': TEMPLATE.replace(/__SIZE__/g, size)
        .replace(/__HOST__/g, host)
        .replace(/__NAME__/g, 'traced'),
    });
    const log = join(project.dir, 'strace.log');
    const result = await runMocha(project.dir, {
      env: servers.env,
      args: ['test/transports.spec.cjs'],
      wrapper: [STRACE, '-f', '-e', 'trace=connect,sendto,sendmsg,sendmmsg', '-o', log],
      timeoutMs: 120_000,
    });
    assert.ok(result.json, result.stderr);
    return inetCalls(readFileSync(log, 'utf8'));
  }

  it('sees the medium test connect to loopback, so an empty trace means something', async () => {
    const calls = await trace('medium', '127.0.0.1');
    assert.ok(
      calls.some((c) => c.address === '127.0.0.1' && c.line.includes('connect(')),
      'no loopback connect was traced',
    );
    assert.ok(
      calls.some((c) => c.address === '::1'),
      'no IPv6 loopback datagram was traced',
    );
    assert.deepEqual(
      calls.filter((c) => !isLoopback(c.address)).map((c) => c.line),
      [],
    );
  });

  it('shows no internet-family connect or send at all from small tests', async () => {
    for (const host of ['127.0.0.1', 'localhost', 'api.example.invalid']) {
      assert.deepEqual(
        (await trace('small', host)).map((c) => c.line),
        [],
        host,
      );
      project?.remove();
    }
  });

  it('shows nothing beyond loopback from medium tests aimed outside, not even a DNS query', async () => {
    for (const host of ['192.0.2.1', 'api.example.invalid']) {
      assert.deepEqual(
        (await trace('medium', host)).map((c) => c.line),
        [],
        host,
      );
      project?.remove();
    }
  });
});
