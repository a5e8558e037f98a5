import { strict as assert } from 'node:assert';
import { createProject, type MochaRun, type Project, runMocha } from '../helpers/run-mocha';
import { localServices } from './local-services';

/**
 * The same repository code runs as a medium and as a small test, over TCP and over PostgreSQL's unix
 * socket. Connection settings come from PGPORT, PGUSER, PGDATABASE and PG_SOCKET_DIR.
 */
const FIXTURE = `
const assert = require('node:assert');
const { Client } = require('pg');

async function selectOne(host) {
  const client = new Client({ host, port: Number(process.env.PGPORT) });
  client.on('error', () => {});
  try {
    await client.connect();
    const result = await client.query('SELECT 1 AS one');
    return result.rows[0].one;
  } finally {
    await client.end().catch(() => {});
  }
}

for (const size of ['medium', 'small']) {
  describe('orders repository [' + size + ']', () => {
    it('reads over TCP', async () => {
      assert.strictEqual(await selectOne('127.0.0.1'), 1);
    });
    it('reads over the unix socket', async () => {
      assert.strictEqual(await selectOne(process.env.PG_SOCKET_DIR), 1);
    });
  });
}
`;

describe('PostgreSQL through pg, in real Mocha [medium]', () => {
  const { postgres } = localServices();
  let project: Project;
  let run: MochaRun;

  before(async () => {
    project = createProject({ 'orders.test.js': FIXTURE });
    run = await runMocha(project.dir, { args: ['--require', 'hermetic/mocha', 'orders.test.js'] });
  });

  after(() => project?.remove());

  function passed(fullTitle: string): boolean {
    return run.json?.passes.some((t) => t.fullTitle === fullTitle) ?? false;
  }

  function failureOf(fullTitle: string): string {
    const failure = run.json?.failures.find((t) => t.fullTitle === fullTitle);
    assert.ok(failure, `expected "${fullTitle}" to fail; mocha said:\n${run.stdout}\n${run.stderr}`);
    return failure.err.message ?? '';
  }

  it('runs the fixture to the end with exactly the two small tests failing', () => {
    assert.ok(run.json, `no JSON report; stderr:\n${run.stderr}`);
    assert.deepEqual(run.json.stats, { ...run.json.stats, tests: 4, passes: 2, failures: 2 });
    assert.equal(run.code, 2);
  });

  it('lets a medium test query PostgreSQL on 127.0.0.1 (SELECT 1 answers 1)', () => {
    assert.ok(passed('orders repository [medium] reads over TCP'), run.stdout);
  });

  it('lets a medium test query PostgreSQL through its unix socket', () => {
    assert.ok(passed('orders repository [medium] reads over the unix socket'), run.stdout);
  });

  it('fails a small test that connects to PostgreSQL on 127.0.0.1 with a HermeticityViolationError', () => {
    const message = failureOf('orders repository [small] reads over TCP');
    assert.match(message, /HermeticityViolationError/);
    assert.match(message, /Category: SMALL/);
    assert.ok(message.includes(`Attempted connection to: 127.0.0.1:${postgres.port}`), message);
  });

  it('fails a small test that connects through the unix socket, naming the socket path', () => {
    const message = failureOf('orders repository [small] reads over the unix socket');
    assert.match(message, /HermeticityViolationError/);
    assert.match(message, /Category: SMALL/);
    const socket = `${postgres.socketDir}/.s.PGSQL.${postgres.port}`;
    assert.ok(message.includes(`Attempted connection to: unix:${socket}`), message);
  });
});
