import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createProject, type Project, runMocha } from '../../helpers/run-mocha';

const CLASSES = 'HermeticityViolationError, NetworkAccessViolationError, TimeLimitViolationError';

/**
 * A small suite that looks at hermetic's errors the way a user's code does: the error fetch's caller catches,
 * and the error each test fails with (read in afterEach). What it saw goes to seen.json from a root hook,
 * which runs outside every test's size.
 */
const body = `const seen = {};
function describeError(e) {
  if (!e) return null;
  return {
    network: e instanceof NetworkAccessViolationError,
    time: e instanceof TimeLimitViolationError,
    base: e instanceof HermeticityViolationError,
    recognised: HermeticityViolationError.isViolationError(e),
    code: e.code,
    kind: e.violation && e.violation.kind,
    name: e.name,
  };
}
after(() => writeFileSync('seen.json', JSON.stringify(seen)));
describe('Api [small]', function () {
  afterEach(function () {
    seen[this.currentTest.title + ': failed with'] = describeError(this.currentTest.err);
  });
  it('fetches', async function () {
    try {
      await fetch('http://192.0.2.1/users');
    } catch (e) {
      seen['fetches: caught'] = describeError(e.cause);
    }
  });
  it('asks for more time', function () {
    this.timeout(8000);
  });
  it('asks for more time, then fetches', async function () {
    this.timeout(8000);
    await fetch('http://192.0.2.1/users').catch(() => {});
  });
});
`;

type Seen = Record<
  string,
  { network: boolean; time: boolean; base: boolean; recognised: boolean; code: string; kind: string; name: string }
>;

const network = { network: true, time: false, base: true, recognised: true, code: 'ERR_HERMETIC_VIOLATION', kind: 'network' };
const time = { network: false, time: true, base: true, recognised: true, code: 'ERR_HERMETIC_VIOLATION', kind: 'time' };
const named = { name: 'HermeticityViolationError' };

describe('one class per violation kind, all HermeticityViolationError [medium]', function () {
  let project: Project | undefined;
  afterEach(() => project?.remove());

  async function check(files: Record<string, string>): Promise<Seen> {
    project = createProject(files);
    const run = await runMocha(project.dir);
    assert.equal(run.json?.stats.failures, 3, JSON.stringify(run.json?.failures.map((f) => [f.title, f.err.message?.slice(0, 300)])));
    for (const failure of run.json!.failures) {
      // What Mocha's reporter gets: the stable code and the kind of the violation that stopped the test.
      assert.equal(failure.err.code, 'ERR_HERMETIC_VIOLATION', failure.title);
      const kind = (failure.err as { violation?: { kind?: string } }).violation?.kind;
      assert.equal(kind, failure.title === 'fetches' ? 'network' : 'time', failure.title);
    }
    return JSON.parse(readFileSync(join(project.dir, 'seen.json'), 'utf8')) as Seen;
  }

  function assertClasses(seen: Seen): void {
    assert.deepEqual(seen, {
      'fetches: caught': { ...network, ...named },
      'fetches: failed with': { ...network, ...named },
      'asks for more time: failed with': { ...time, ...named },
      // The class is the first blocked violation's; the box lists both.
      'asks for more time, then fetches: failed with': { ...time, ...named },
    });
  }

  it('lets a CommonJS test tell a network violation from a time limit by class, code and kind', async () => {
    const seen = await check({
      '.mocharc.yml': 'require: hermetic/mocha\n',
      'test/a.spec.js': `const { ${CLASSES} } = require('hermetic');\nconst { writeFileSync } = require('node:fs');\n${body}`,
    });
    assertClasses(seen);
  });

  it('exports the same classes to ES modules as to CommonJS', async () => {
    const seen = await check({
      'package.json': JSON.stringify({ name: 'esm-project', type: 'module', private: true }),
      '.mocharc.json': JSON.stringify({ require: ['hermetic/mocha'] }),
      'test/a.spec.js': `import { ${CLASSES}, SubprocessViolationError, ThreadViolationError } from 'hermetic';
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
const required = createRequire(import.meta.url)('hermetic');
for (const [name, value] of Object.entries({ HermeticityViolationError, NetworkAccessViolationError, TimeLimitViolationError, SubprocessViolationError, ThreadViolationError })) {
  if (required[name] !== value) throw new Error(name + ' differs between import and require');
  if (name !== 'HermeticityViolationError' && !(value.prototype instanceof HermeticityViolationError)) throw new Error(name + ' is not a HermeticityViolationError');
}
${body}`,
    });
    assertClasses(seen);
  });
});
