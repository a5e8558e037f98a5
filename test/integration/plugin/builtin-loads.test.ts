import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { Module } from '../../../src/node-module';
import { createProject, type MochaRun, type Project, runMocha } from '../../helpers/run-mocha';

/** Builtins the guards patch once the user loads them, where every import can be seen before it links. */
const DEFERRED = ['dgram', 'dns', 'worker_threads'];
const SEES_EVERY_IMPORT = typeof (Module as unknown as { registerHooks?: unknown }).registerHooks === 'function';

/** A spec file that prints, as the process exits, which of the deferred builtins it holds. */
const REPORTS_LOADS = `process.on('exit', () => {
  const loaded = ${JSON.stringify(DEFERRED)}.filter((id) => process.moduleLoadList.includes('NativeModule ' + id));
  console.error('loaded builtins: ' + JSON.stringify(loaded));
});
`;

/** Small tests sending a datagram, looking up a name and starting a worker thread; `load` names how each reaches its builtin. */
function udpAndThreadTests(load: { dgram: string; dns: string; worker: string }): string {
  return `
  it('sends a datagram', async () => {
    ${load.dgram}
    await new Promise((resolve, reject) => {
      const socket = createSocket('udp4');
      socket.send('x', 9, 'stats.example.com', (err) => (socket.close(), err ? reject(err) : resolve()));
    });
  });
  it('looks up a name', async () => {
    ${load.dns}
    await new Promise((resolve, reject) =>
      lookup('api.example.com', (err) => (console.error('lookup failed with ' + err?.name), err ? reject(err) : resolve())),
    );
  });
  it('starts a worker thread', async () => {
    ${load.worker}
    await new Promise((resolve, reject) => new Worker('', { eval: true }).on('error', reject).on('exit', resolve));
  });
`;
}

const LOADED_ABOVE = { dgram: '', dns: '', worker: '' };

function loadedBuiltins(run: MochaRun): string[] {
  const line = /loaded builtins: (.*)/.exec(run.stderr);
  assert.ok(line, run.stderr);
  return JSON.parse(line[1]!) as string[];
}

function assertBothStopped(run: MochaRun): void {
  assert.ok(run.json, run.stderr);
  assert.equal(run.json.stats.failures, 3, run.stdout);
  const messages = run.json.failures.map((f) => f.err.message ?? '').join('\n');
  // Named as the caller named it: dgram's own patch judged the send before its lookup of the host.
  assert.match(messages, /UDP datagram to: stats\.example\.com:9/, messages);
  assert.match(messages, /Violation: Worker thread attempted/, messages);
  assert.match(messages, /DNS lookup of: api\.example\.com/, messages);
  // Refused by dns.lookup's own patch, which hands the callback the violation (the native resolver's refusal is an errno).
  assert.match(run.stderr, /lookup failed with HermeticityViolationError/, run.stderr);
}

describe('builtins the guards patch on first use [medium]', function () {
  this.timeout(120_000);
  let project: Project | undefined;
  afterEach(() => project?.remove());

  it(
    SEES_EVERY_IMPORT
      ? 'loads none of dgram, dns and worker_threads that the run does not load without it'
      : 'loads dgram, dns and worker_threads at start where an ESM import could slip by unseen',
    async () => {
      project = createProject({
        '.mocharc.json': JSON.stringify({ require: 'hermetic/mocha' }),
        '.mocharc.plain.json': JSON.stringify({}),
        'test/plain.spec.cjs': `${REPORTS_LOADS}describe('plain [small]', () => { it('adds', () => {}); });\n`,
      });
      const run = await runMocha(project.dir);
      assert.equal(run.json?.stats.passes, 1, run.stderr);
      if (!SEES_EVERY_IMPORT) {
        assert.deepEqual(loadedBuiltins(run), DEFERRED);
        return;
      }
      // Mocha 12 loads dgram and worker_threads itself (Mocha 11 none); dgram's patch brings dns, whose lookup a socket takes.
      const plain = loadedBuiltins(await runMocha(project.dir, { args: ['--config', join(project.dir, '.mocharc.plain.json')] }));
      const expected = plain.includes('dgram') && !plain.includes('dns') ? [...plain, 'dns'] : plain;
      assert.deepEqual(loadedBuiltins(run).sort(), expected.sort());
    },
  );

  it('stops a small test’s datagram, lookup and worker thread through ESM named imports', async () => {
    project = createProject({
      '.mocharc.json': JSON.stringify({ require: 'hermetic/mocha' }),
      'test/esm.spec.mjs': `import { createSocket } from 'node:dgram';\nimport { lookup } from 'node:dns';\nimport { Worker } from 'node:worker_threads';\ndescribe('esm [small]', () => {${udpAndThreadTests(LOADED_ABOVE)}});\n`,
    });
    assertBothStopped(await runMocha(project.dir));
  });

  it('stops them when a small test imports dgram, dns and worker_threads itself', async () => {
    project = createProject({
      '.mocharc.json': JSON.stringify({ require: 'hermetic/mocha' }),
      'test/dynamic.spec.mjs': `describe('dynamic [small]', () => {${udpAndThreadTests({
        dgram: "const { createSocket } = await import('node:dgram');",
        dns: "const { lookup } = await import('node:dns');",
        worker: "const { Worker } = await import('node:worker_threads');",
      })}});\n`,
    });
    assertBothStopped(await runMocha(project.dir));
  });

  it('stops them through require in a CommonJS spec file', async () => {
    project = createProject({
      '.mocharc.json': JSON.stringify({ require: 'hermetic/mocha' }),
      'test/cjs.spec.cjs': `const { createSocket } = require('node:dgram');\nconst { lookup } = require('node:dns');\nconst { Worker } = require('node:worker_threads');\ndescribe('cjs [small]', () => {${udpAndThreadTests(LOADED_ABOVE)}});\n`,
    });
    assertBothStopped(await runMocha(project.dir));
  });
});
