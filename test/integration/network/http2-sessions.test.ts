import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';

import http2 = require('node:http2');

import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createProject, type MochaRun, type Project, runMocha } from '../../helpers/run-mocha';

const fixture = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

describe('HTTP/2 sessions kept across tests [medium]', function () {
  /** Paths the server was asked for, in order: what reached it. */
  const requested: string[] = [];
  let server: http2.Http2Server | undefined;
  let project: Project | undefined;

  before(async () => {
    server = http2.createServer((request, response) => {
      requested.push(request.url);
      response.end('ok');
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  });
  after(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));
  beforeEach(() => {
    requested.length = 0;
  });
  afterEach(() => project?.remove());

  function run(nodeArgs: string[] = [], spec = 'test/kept.spec.cjs'): Promise<MochaRun> {
    const kept = fixture('http2-kept-session.fixture.cjs');
    project = createProject({
      '.mocharc.json': JSON.stringify({ require: 'hermetic/mocha' }),
      'open-early.mjs': fixture('http2-open-early.fixture.mjs'),
      'test/kept.spec.cjs': kept,
      'test/kept.spec.mjs': kept.replace("const http2 = require('node:http2');", "import http2 from 'node:http2';"),
    });
    const port = String((server!.address() as AddressInfo).port);
    return runMocha(project.dir, { env: { H2_PORT: port }, args: [spec], nodeArgs, timeoutMs: 120_000 });
  }

  function assertSmallRefused(result: MochaRun): void {
    const json = result.json;
    assert.ok(json, `no JSON report: ${result.stderr}`);
    const failures = json.failures.map((f) => [f.fullTitle, f.err.code, f.err.message ?? '']);
    assert.equal(json.stats.passes, 3, JSON.stringify(failures));
    assert.deepEqual(
      failures.map(([title, code]) => [title, code]),
      [
        ['the kept session [small] requests on it', 'ERR_HERMETIC_VIOLATION'],
        ['the kept session [small] pings on it', 'ERR_HERMETIC_VIOLATION'],
      ],
    );
    const port = (server!.address() as AddressInfo).port;
    for (const [, , message] of failures) assert.match(message!, new RegExp(`Attempted connection to: 127\\.0\\.0\\.1:${port}`));
    assert.deepEqual(requested, ['/large', '/medium', '/medium-own'], 'the small test sent no request');
  }

  it('refuses a small test a request or ping on a session a large hook opened, and lets a medium test use it on loopback', async () => {
    assertSmallRefused(await run());
  });

  it('does the same for a session opened before hermetic loaded', async () => {
    assertSmallRefused(await run(['--import', './open-early.mjs']));
  });

  it('does the same when the spec file imports node:http2 as an ES module', async () => {
    assertSmallRefused(await run([], 'test/kept.spec.mjs'));
  });
});
