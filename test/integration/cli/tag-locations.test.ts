import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createProject, type Project, runMocha } from '../../helpers/run-mocha';

/** TypeScript whose compiled lines differ from its own: the interface and the type annotations are erased. */
const ROWS_TS = `interface Row {
  readonly id: number;
}

const rows: Row[] = [{ id: 1 }];

describe('rows', () => {
  it('counts', () => {
    if (rows.length !== 1) throw new Error('count');
  });
});
`;

function titleLines(dir: string, file = 'report.json'): Record<string, [number | undefined, number | undefined]> {
  const report = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { titles?: { id: string; line?: number; column?: number }[] };
  return Object.fromEntries((report.titles ?? []).map((t) => [t.id, [t.line, t.column]]));
}

describe('where titles are written, in the suggest report [medium]', function () {
  this.timeout(120_000);
  const projects: Project[] = [];
  after(() => {
    for (const project of projects) project.remove();
  });

  it('gives TypeScript lines under ts-node, whose source maps rewrite the stack', async () => {
    const project = createProject({
      'test/rows.spec.ts': ROWS_TS,
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'commonjs', target: 'ES2022', strict: true } }),
    });
    projects.push(project);
    const args = ['--require', 'ts-node/register', '--require', 'hermetic/mocha', '--extension', 'ts'];
    const run = await runMocha(project.dir, {
      args: [...args, '--hermetic-suggest', '--hermetic-report=report.json', 'test/rows.spec.ts'],
      env: { TS_NODE_TRANSPILE_ONLY: 'true' },
    });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(titleLines(project.dir), { 'test/rows.spec.ts > rows': [7, 1], 'test/rows.spec.ts > rows > counts': [8, 3] });
  });

  it('is recorded in --parallel workers and merged in the main process', async () => {
    const spec = (name: string) => `\n\ndescribe('${name}', function () {\n  it('runs', () => {});\n});\n`;
    const project = createProject({ 'test/a.spec.js': spec('a'), 'test/b.spec.mjs': `// ESM\n${spec('b')}` });
    projects.push(project);
    const run = await runMocha(project.dir, {
      args: [
        '--require',
        'hermetic/mocha',
        '--parallel',
        '--jobs',
        '2',
        '--hermetic-suggest',
        '--hermetic-report=report.json',
        'test/*.spec.*',
      ],
    });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(titleLines(project.dir), {
      'test/a.spec.js > a': [3, 1],
      'test/a.spec.js > a > runs': [4, 3],
      'test/b.spec.mjs > b': [4, 1],
      'test/b.spec.mjs > b > runs': [5, 3],
    });
  });

  it('is not recorded by a run without suggest mode', async () => {
    const project = createProject({ 'test/a.spec.js': `describe('a', function () {\n  it('runs', () => {});\n});\n` });
    projects.push(project);
    const run = await runMocha(project.dir, { args: ['--require', 'hermetic/mocha', '--hermetic-report=report.json', 'test/a.spec.js'] });
    assert.equal(run.code, 0, run.stderr);
    assert.equal('titles' in JSON.parse(readFileSync(join(project.dir, 'report.json'), 'utf8')), false);
  });
});
