import { strict as assert } from 'node:assert';
import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createProject, type MochaRun, PACKAGE_ROOT, type Project, runMocha } from '../../helpers/run-mocha';
import { useLocalServers } from './local-servers';

const FIXTURES = join(__dirname, 'fixtures');

/** `file:line:col` of `callee` on the first line holding `lineWith`, as a report's `At:` line shows a call there. */
function siteOf(file: string, text: string, lineWith: string, callee: string): string {
  const lines = text.split('\n');
  const index = lines.findIndex((l) => l.includes(lineWith));
  assert.ok(index >= 0, lineWith);
  return `${file}:${index + 1}:${lines[index]!.indexOf(callee) + 1}`;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether this Node meets nock 15's engines (>=22.20.0), read from the nock 15 the suite installs. */
function runsNock15(): boolean {
  const floor = (
    JSON.parse(readFileSync(join(PACKAGE_ROOT, 'node_modules', 'nock-15', 'package.json'), 'utf8')) as { engines: { node: string } }
  ).engines.node;
  const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
  const [needMajor, needMinor] = floor.replace(/^>=/, '').split('.').map(Number) as [number, number];
  return major > needMajor || (major === needMajor && minor >= needMinor);
}

describe('nock under hermetic, through real Mocha [medium]', function () {
  const servers = useLocalServers();
  let project: Project | undefined;
  afterEach(() => project?.remove());

  const failed = (result: MochaRun): Record<string, string> =>
    Object.fromEntries(result.json!.failures.map((t) => [t.fullTitle, t.err.message ?? '']));

  async function run(fixture: string, env: Record<string, string> = {}): Promise<MochaRun> {
    project = createProject({
      '.mocharc.json': JSON.stringify({ require: 'hermetic/mocha' }),
      'test/nock.spec.cjs': readFileSync(join(FIXTURES, fixture), 'utf8'),
    });
    const result = await runMocha(project.dir, { env: { ...servers.env, ...env }, args: ['test/nock.spec.cjs'] });
    assert.ok(result.json, result.stderr + result.stdout);
    return result;
  }

  it('passes nock-mocked small tests, fails refused and escaping ones with the standard report, and leaves large tests to the user', async () => {
    const before = servers.accepted.http!;
    const result = await run('nock.fixture.cjs');
    assert.deepEqual(
      result.json!.passes.map((t) => t.fullTitle),
      [
        'user setting [large] passes loopback through nock',
        'nock mocks [small] serves a mocked http.get',
        'nock mocks [small] serves a mocked https.get',
        'nock mocks [small] serves a mocked fetch',
        'nock mocks [small] serves a mocked axios call',
        'nock and loopback [medium] lets loopback through nock',
        'user setting again [large] gets the user setting back after sized tests',
      ],
    );
    const failures = failed(result);
    assert.deepEqual(Object.keys(failures), [
      'nock mocks [small] refuses an unmocked http.get',
      'nock mocks [small] refuses an unmocked fetch',
      'escapes [small] nock.enableNetConnect()',
      'escapes [small] nock.restore()',
      'escapes [small] replacing globalThis.fetch',
      'escapes [small] replacing the global agent',
      'nock and loopback [medium] refuses an outside name through nock',
    ]);
    for (const [title, message] of Object.entries(failures)) {
      assert.match(message, /^\s*=+\nHermeticityViolationError/, title);
      assert.doesNotMatch(message, /^Nock: Disallowed/, title);
    }
    assert.match(failures['nock mocks [small] refuses an unmocked http.get']!, /Attempted connection to: other\.example\.com:80/);
    assert.match(failures['nock mocks [small] refuses an unmocked fetch']!, /Attempted connection to: other\.example\.com:80/);
    assert.match(
      failures['nock and loopback [medium] refuses an outside name through nock']!,
      /Category: MEDIUM[\s\S]*Attempted connection to: api\.example\.invalid:80/,
    );
    const fixture = readFileSync(join(FIXTURES, 'nock.fixture.cjs'), 'utf8');
    const fetchSite = siteOf('test/nock.spec.cjs', fixture, "fetch('http://other.example.com/orders')", 'fetch(');
    assert.match(failures['nock mocks [small] refuses an unmocked fetch']!, new RegExp(`\\nAt: ${escapeRegExp(fetchSite)}\\n`));
    // The installed nock runs on this Node (nock 14 anywhere, nock 15 from Node 22.20): nothing to say about versions.
    assert.doesNotMatch(result.stderr, /hermetic: nock/);
    // Loopback reached by the two large tests and the medium one only (fewer when a keep-alive socket is reused).
    const reached = servers.accepted.http! - before;
    assert.ok(reached >= 1 && reached <= 3, `${reached} connections`);
  });

  it('finds nock imported from an ES module and turns its refusals into violations', async () => {
    project = createProject({
      '.mocharc.json': JSON.stringify({ require: 'hermetic/mocha' }),
      'test/nock.spec.mjs': readFileSync(join(FIXTURES, 'nock-esm.fixture.mjs'), 'utf8'),
    });
    const probe = join(project.dir, 'refused-by.txt');
    const result = await runMocha(project.dir, { env: { ...servers.env, PROBE_OUT: probe }, args: ['test/nock.spec.mjs'] });
    assert.ok(result.json, result.stderr + result.stdout);
    assert.equal(readFileSync(probe, 'utf8'), 'NetConnectNotAllowedError', 'nock did not carry the small test rule');
    assert.deepEqual(
      result.json.passes.map((t) => t.fullTitle),
      ['nock from ESM [small] serves a mocked fetch'],
    );
    const failures = failed(result);
    assert.match(
      failures['nock from ESM [small] refuses an unmocked fetch'] ?? '',
      /Category: SMALL[\s\S]*Attempted connection to: other\.example\.com:80/,
    );
    assert.match(
      failures['nock from ESM [medium] refuses an outside name'] ?? '',
      /Category: MEDIUM[\s\S]*Attempted connection to: api\.example\.invalid:80/,
    );
  });

  describe('with nock 15', function () {
    async function runNock15(): Promise<{ result: MochaRun; text: string }> {
      const text = readFileSync(join(FIXTURES, 'nock-15.fixture.mjs'), 'utf8');
      project = createProject({ '.mocharc.json': JSON.stringify({ require: 'hermetic/mocha' }), 'test/api.spec.mjs': text });
      // The project's own node_modules wins over the package's, where nock 14 is `nock`.
      symlinkSync(join(PACKAGE_ROOT, 'node_modules', 'nock-15'), join(project.dir, 'node_modules', 'nock'), 'dir');
      const result = await runMocha(project.dir, { env: servers.env, args: ['test/api.spec.mjs'] });
      assert.ok(result.json, result.stderr + result.stdout);
      return { result, text };
    }

    if (runsNock15()) {
      it('points a refused fetch and http.get at the line that made them, and says nothing about Node', async () => {
        const { result, text } = await runNock15();
        assert.doesNotMatch(result.stderr, /hermetic: nock/);
        const failures = failed(result);
        const fetched = failures['api under nock 15 [small] fetches an unmocked host'] ?? '';
        assert.match(fetched, /Attempted connection to: other\.example\.com:80/);
        assert.match(fetched, new RegExp(`\\nAt: ${escapeRegExp(siteOf('test/api.spec.mjs', text, 'fetch(', 'fetch('))}\\n`));
        const got = failures['api under nock 15 [small] gets an unmocked host'] ?? '';
        assert.match(got, /Attempted connection to: another\.example\.com:80/);
        assert.match(got, new RegExp(`\\nAt: ${escapeRegExp(siteOf('test/api.spec.mjs', text, 'http.get(', 'get('))}\\n`));
      });
    } else {
      it(`says once at start-up that nock 15 needs a newer Node than ${process.version}, names what to install, and runs the tests`, async () => {
        const { result } = await runNock15();
        const said = result.stderr.match(/^hermetic: nock .*$/gm) ?? [];
        assert.equal(said.length, 1, result.stderr);
        assert.match(
          said[0]!,
          new RegExp(`^hermetic: nock 15\\.0\\.6 needs Node 22\\.20\\.0 or later, and this is Node ${escapeRegExp(process.versions.node)}`),
        );
        assert.match(said[0]!, /Promise\.withResolvers is not a function/);
        const install = /^ {2}Install nock 14 \(npm install --save-dev nock@14\), or run the tests on Node 22\.20\.0 or later\.$/m.exec(
          result.stderr,
        );
        assert.ok(install, result.stderr);
        assert.ok(
          readFileSync(join(PACKAGE_ROOT, 'docs', 'troubleshooting.md'), 'utf8').includes(install[0]),
          'the troubleshooting entry shows the message as printed',
        );
        // A warning, not a stop: both tests ran, and fail the way the message announced.
        assert.equal(result.json!.stats.tests, 2);
        for (const message of Object.values(failed(result))) assert.match(message, /fetch failed|Promise\.withResolvers is not a function/);
      });
    }
  });

  it('puts its rule back in nock after nock.back changed net connect behind nock.enableNetConnect', async () => {
    // nock.back and its setMode enable net connect through nock's internals; the next small test is nock's to refuse again.
    project = createProject({
      '.mocharc.json': JSON.stringify({ require: 'hermetic/mocha' }),
      'test/back.spec.cjs': `const nock = require('nock').default ?? require('nock');
const http = require('node:http');
const refusedBy = () => new Promise((resolve) => http.get('http://unmocked.example.com/', (res) => { res.resume(); resolve('a response'); }).on('error', (e) => resolve(e.name)));
describe('nock.back [small]', function () {
  // nock.back reads its recordings from disk: a medium test's work; the state it leaves is what the small tests meet.
  it('records nothing in dryrun mode [medium]', async () => {
    nock.back.fixtures = __dirname;
    const { nockDone } = await nock.back('none.json');
    nockDone();
  });
  it('is refused by nock after nock.back', async () => console.log('after back: ' + (await refusedBy())));
  it('sets dryrun mode again', () => nock.back.setMode('dryrun'));
  it('is refused by nock after setMode', async () => console.log('after setMode: ' + (await refusedBy())));
});`,
    });
    const result = await runMocha(project.dir, { env: servers.env, args: ['test/back.spec.cjs'] });
    assert.match(result.stdout, /^after back: NetConnectNotAllowedError$/m, result.stdout + result.stderr);
    assert.match(result.stdout, /^after setMode: NetConnectNotAllowedError$/m);
    assert.deepEqual(
      result.json?.failures.map((t) => t.title),
      ['is refused by nock after nock.back', 'is refused by nock after setMode'],
    );
  });

  it('keeps a small test off the network when nock is turned off with NOCK_OFF=true', async () => {
    const before = servers.accepted.http!;
    const result = await run('nock.fixture.cjs', { NOCK_OFF: 'true' });
    const failures = failed(result);
    for (const title of [
      'escapes [small] nock.enableNetConnect()',
      'escapes [small] nock.restore()',
      'escapes [small] replacing globalThis.fetch',
    ]) {
      assert.match(failures[title] ?? '', /Attempted connection to: 127\.0\.0\.1:\d+/, title);
    }
    assert.ok(servers.accepted.http! - before <= 3);
  });
});

describe('pooled connections and hooks, through real Mocha [medium]', function () {
  const servers = useLocalServers();
  let project: Project | undefined;
  afterEach(() => project?.remove());

  it('closes keep-alive reuse to small tests and judges hooks by their suite', async () => {
    project = createProject({
      '.mocharc.json': JSON.stringify({ require: 'hermetic/mocha' }),
      'test/pools.spec.cjs': readFileSync(join(FIXTURES, 'pools-and-hooks.fixture.cjs'), 'utf8'),
    });
    const result = await runMocha(project.dir, { env: servers.env, args: ['test/pools.spec.cjs'] });
    assert.ok(result.json, result.stderr);
    assert.deepEqual(
      result.json.passes.map((t) => t.fullTitle),
      [
        'opens pooled connections [medium] through a keep-alive http.Agent',
        'opens pooled connections [medium] through fetch',
        'a hook of a medium suite [medium] runs after its hook reached loopback',
      ],
    );
    const failures = Object.fromEntries(result.json.failures.map((t) => [t.fullTitle, t.err.message ?? '']));
    for (const title of ['reuses them [small] through the keep-alive http.Agent', 'reuses them [small] through fetch']) {
      assert.match(failures[title] ?? '', /Category: SMALL[\s\S]*Attempted connection to: 127\.0\.0\.1:\d+/, title);
    }
    const hook = Object.entries(failures).find(([title]) => title.includes('a hook of a small suite'));
    assert.ok(hook, Object.keys(failures).join('\n'));
    assert.match(hook[1], /Category: SMALL[\s\S]*In: "before each" hook/);
  });
});
