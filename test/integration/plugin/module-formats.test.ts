import { strict as assert } from 'node:assert';
import { createProject, type Project, runMocha } from '../../helpers/run-mocha';

/**
 * The same check from every kind of project: the plugin loads, and the test file's `hermetic` is the
 * plugin's (sizeOf sees the configured default size and the marker, and a too-high timeout is caught).
 */
const body = `describe('Api [small]', function () {
  it('knows its size', function () {
    if (sizeOf(this.test) !== 'small') throw new Error('size: ' + sizeOf(this.test));
    if (typeof Small !== 'function' || typeof HermeticityViolationError !== 'function') throw new Error('exports missing');
  });
  it('asks for more', function () { this.timeout(5000); });
});
describe('unmarked', function () {
  it('gets the default', function () { if (sizeOf(this.test) !== 'medium') throw new Error('default: ' + sizeOf(this.test)); });
});
`;

describe('module formats [medium]', function () {
  let project: Project | undefined;
  afterEach(() => project?.remove());

  async function check(files: Record<string, string>, nodeArgs: string[] = []): Promise<void> {
    project = createProject(files);
    const run = await runMocha(project.dir, { nodeArgs });
    assert.ok(run.json, run.stderr);
    assert.deepEqual(
      run.json.tests.map((t) => [
        t.title,
        t.err.message === undefined ? 'passed' : /Requested timeout: 5000 ms/.test(t.err.message) ? 'timeout violation' : t.err.message,
      ]),
      [
        ['knows its size', 'passed'],
        ['asks for more', 'timeout violation'],
        ['gets the default', 'passed'],
      ],
    );
  }

  it('works in a CommonJS project', () =>
    check({
      '.mocharc.yml': 'require: hermetic/mocha\nhermetic:\n  defaultSize: medium\n',
      'test/a.spec.js': `const { sizeOf, Small, HermeticityViolationError } = require('hermetic');\n${body}`,
    }));

  it('works in an ESM project ("type": "module")', () =>
    check({
      'package.json': JSON.stringify({ name: 'esm-project', type: 'module', private: true }),
      '.mocharc.json': JSON.stringify({ require: ['hermetic/mocha'], hermetic: { defaultSize: 'medium' } }),
      'test/a.spec.js': `import { sizeOf, Small, HermeticityViolationError } from 'hermetic';\n${body}`,
    }));

  it('works with .mjs test files and a .cjs one side by side', async () => {
    await check({
      '.mocharc.yml': 'require: hermetic/mocha\nspec: ["test/*.spec.mjs", "test/*.spec.cjs"]\nhermetic:\n  defaultSize: medium\n',
      'test/a.spec.mjs': `import { sizeOf, Small, HermeticityViolationError } from 'hermetic';\n${body.split("describe('unmarked'")[0]}`,
      'test/b.spec.cjs': `const { sizeOf } = require('hermetic');\ndescribe('unmarked', function () {\n  it('gets the default', function () { if (sizeOf(this.test) !== 'medium') throw new Error('default: ' + sizeOf(this.test)); });\n});\n`,
    });
  });

  const tsBody = `import { sizeOf, Small, HermeticityViolationError, type TestSize } from 'hermetic';
const expected: TestSize = 'small';
${body.replace("!== 'small'", '!== expected')}`;

  it('works with TypeScript through tsx', () =>
    check({
      '.mocharc.yml': 'require: [tsx/cjs, hermetic/mocha]\nextension: [ts]\nspec: test/*.spec.ts\nhermetic:\n  defaultSize: medium\n',
      'test/a.spec.ts': tsBody,
    }));

  it('works with TypeScript through ts-node', () =>
    check({
      '.mocharc.yml':
        'require: [ts-node/register/transpile-only, hermetic/mocha]\nextension: [ts]\nspec: test/*.spec.ts\nhermetic:\n  defaultSize: medium\n',
      'tsconfig.json': JSON.stringify({
        compilerOptions: { module: 'commonjs', target: 'es2022', esModuleInterop: true, types: ['mocha'] },
      }),
      'test/a.spec.ts': tsBody,
    }));
});
