import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { load } from 'js-yaml';
import { CONFIG_OPTIONS, flagName } from '../../../src/core/config';
import { createProject, PACKAGE_ROOT, type Project } from '../../helpers/run-mocha';

const EXAMPLE = join(PACKAGE_ROOT, 'examples', 'sharded-ci');
const WORKFLOW = join(EXAMPLE, '.github', 'workflows', 'test.yml');
// biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub's expression for the matrix value, not a template.
const MATRIX_SHARD = '${{ matrix.shard }}';
const MOCHA_BIN = join(PACKAGE_ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');

/** The actions the recipe uses, at the major versions GitHub publishes them. */
const REAL_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  'actions/checkout': ['v4', 'v5'],
  'actions/setup-node': ['v4', 'v5'],
  'actions/upload-artifact': ['v4', 'v5'],
  'actions/download-artifact': ['v4', 'v5'],
};

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
}
interface Workflow {
  readonly jobs: Record<string, { readonly steps: Step[]; readonly strategy?: { readonly matrix: { readonly shard: number[] } } }>;
}

/** Every file of the example but its workflow, for a project to run it in. */
function exampleFiles(dir = EXAMPLE): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === '.github') continue;
    if (statSync(path).isDirectory()) Object.assign(files, exampleFiles(path));
    else files[relative(EXAMPLE, path)] = readFileSync(path, 'utf8');
  }
  return files;
}

describe('the sharded CI example workflow [medium]', function () {
  this.timeout(180_000);
  const text = readFileSync(WORKFLOW, 'utf8');
  const workflow = load(text) as Workflow;
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
  const shards = workflow.jobs.test!.strategy!.matrix.shard;

  it('is valid YAML that names real actions at real major versions', () => {
    const uses = steps.flatMap((s) => (s.uses ? [s.uses] : []));
    assert.deepEqual([...new Set(uses.map((u) => u.split('@')[0]))].sort(), Object.keys(REAL_ACTIONS).sort());
    for (const use of uses) {
      const [action, version] = use.split('@');
      assert.ok(REAL_ACTIONS[action!]!.includes(version!), `${use} is not a published major version`);
    }
    const uploaded = steps.filter((s) => s.uses?.startsWith('actions/upload-artifact')).map((s) => String(s.with?.name));
    const pattern = steps.find((s) => s.uses?.startsWith('actions/download-artifact'))!.with!.pattern as string;
    assert.ok(new RegExp(`^${pattern.replace('*', '.*')}$`).test(uploaded[0]!.replace(MATRIX_SHARD, '1')));
  });

  it('is the workflow docs/sharded-ci.md shows', () => {
    const doc = readFileSync(join(PACKAGE_ROOT, 'docs', 'sharded-ci.md'), 'utf8');
    assert.ok(doc.includes(`\`\`\`yaml\n${text}\`\`\``), 'docs/sharded-ci.md embeds the workflow as it is');
  });

  describe('its commands, run as the jobs run them', () => {
    let project: Project;
    before(() => {
      project = createProject(exampleFiles());
    });
    after(() => project.remove());

    /** A step's script with the matrix value in, and npx's two programs as the project installs them. */
    const script = (run: string, shard: number): string =>
      run
        .replaceAll(MATRIX_SHARD, String(shard))
        .replaceAll('npx mocha', `"${process.execPath}" "${MOCHA_BIN}"`)
        .replaceAll('npx hermetic', `"${process.execPath}" node_modules/hermetic/cjs/cli.js`);
    const bash = (code: string) =>
      spawnSync('bash', ['-e', '-c', code], { cwd: project.dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

    it('split, run each shard with its report and merge them into one verdict on the pyramid', () => {
      const runs = steps.filter((s) => s.run && /hermetic/.test(s.run)).map((s) => s.run!);
      assert.equal(runs.length, 2, 'a shard step and a merge step');
      const [shardStep, mergeStep] = runs as [string, string];
      for (const flag of shardStep.match(/--hermetic-[a-z-]+/g) ?? []) assert.ok(CONFIG_OPTIONS.map(flagName).includes(flag), flag);
      assert.match(shardStep, new RegExp(`--shards ${shards.length} `));
      assert.match(shardStep, new RegExp(`--hermetic-shard=\\$\\{\\{ matrix.shard \\}\\}/${shards.length} `));
      assert.deepEqual(
        shards,
        Array.from({ length: shards.length }, (_, i) => i + 1),
      );
      for (const shard of shards) {
        const run = bash(script(shardStep, shard));
        assert.equal(run.status, 0, run.stderr);
        assert.match(
          run.stderr,
          new RegExp(`hermetic: shard ${shard}/${shards.length}: the test pyramid is judged when the shards are merged`),
        );
      }
      const merge = bash(script(mergeStep, 0));
      assert.equal(merge.status, 0, merge.stderr);
      assert.match(merge.stdout, /^Test sizes: 20 tests \(20 sized, 0 unsized\)$/m);
      assert.match(merge.stdout, /^ {2}small +16 +80\.0% .*on target$/m);
      const doc = readFileSync(join(PACKAGE_ROOT, 'docs', 'sharded-ci.md'), 'utf8');
      assert.ok(doc.includes(merge.stdout.trim()), `docs/sharded-ci.md shows the merge's summary as it is:\n${merge.stdout}`);
      const merged = JSON.parse(readFileSync(join(project.dir, 'hermetic-report.json'), 'utf8'));
      assert.equal(merged.run.mergedShards, shards.length);
    });
  });
});
