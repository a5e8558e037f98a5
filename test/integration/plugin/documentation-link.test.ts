import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { headingAnchors } from '../../docs/markdown-blocks';
import { createProject, type MochaRun, type Project, runMocha } from '../../helpers/run-mocha';

const SPEC = `const dns = require('node:dns');
const net = require('node:net');
describe('shop [small]', function () {
  it('fetches prices', async function () { await fetch('https://prices.example.com/latest'); });
  it('resolves the cache', async function () { await dns.promises.lookup('cache.example.com'); });
  it('counts orders', function (done) { net.connect(5432, 'db.example.com').on('error', () => done()); });
  it('asks for more time', function () { this.timeout(5000); });
});
`;

/** The `Documentation:` path of each failed test, by title. */
function documentationPaths(run: MochaRun): Map<string, string> {
  assert.ok(run.json, `no JSON report; stderr:\n${run.stderr}`);
  return new Map(
    run.json.failures.map((f) => {
      const line = /^Documentation: See (\S+)$/m.exec(f.err.message ?? '');
      assert.ok(line, `${f.title}: no Documentation line in\n${f.err.message}`);
      return [f.title, line[1]!];
    }),
  );
}

/** The path opens from `cwd` as a shell or an editor would open it, and names a heading of that page. */
function assertOpens(cwd: string, link: string): void {
  const [path, anchor] = link.split('#');
  const file = join(cwd, path!);
  assert.ok(existsSync(file), `${link} does not exist from ${cwd}`);
  assert.ok(headingAnchors(readFileSync(file, 'utf8')).has(anchor!), `${link}: the page has no such heading`);
}

describe('the documentation path in a report, opened from the project [medium]', function () {
  this.timeout(60_000);
  let project: Project | undefined;
  afterEach(() => project?.remove());

  it('leads from the project folder to the troubleshooting section for each kind of violation', async () => {
    project = createProject({ '.mocharc.yml': 'require: hermetic/mocha\n', 'test/shop.spec.js': SPEC });
    const paths = documentationPaths(await runMocha(project.dir));
    assert.deepEqual(Object.fromEntries(paths), {
      'fetches prices': 'node_modules/hermetic/docs/troubleshooting.md#http-and-https',
      'resolves the cache': 'node_modules/hermetic/docs/troubleshooting.md#dns-lookups',
      'counts orders': 'node_modules/hermetic/docs/troubleshooting.md#postgresql',
      'asks for more time': 'node_modules/hermetic/docs/troubleshooting.md#a-timeout-above-the-limit',
    });
    for (const link of paths.values()) assertOpens(project.dir, link);
  });

  it('leads from a workspace package to the copy installed at the workspace root', async () => {
    project = createProject({
      'package.json': JSON.stringify({ name: 'shop-workspace', private: true, workspaces: ['packages/*'] }),
      'packages/api/package.json': JSON.stringify({ name: 'api', private: true }),
      'packages/api/.mocharc.yml': 'require: hermetic/mocha\n',
      'packages/api/test/shop.spec.js': SPEC,
    });
    const cwd = join(project.dir, 'packages', 'api');
    const paths = documentationPaths(await runMocha(cwd));
    assert.equal(paths.size, 4);
    for (const link of paths.values()) {
      assert.match(link, /^\.\.\/\.\.\/node_modules\/hermetic\/docs\/troubleshooting\.md#/);
      assertOpens(cwd, link);
    }
  });
});
