import { strict as assert } from 'node:assert';
import Redis from 'ioredis';
import { createProject, type MochaRun, type Project, runMocha } from '../helpers/run-mocha';
import { localServices } from './local-services';

/**
 * A cache client used by a medium and by a small test. No retries and an explicit connect, so a blocked
 * connection fails at once instead of reconnecting until the test times out.
 */
const FIXTURE = `
const assert = require('node:assert');
const Redis = require('ioredis');

async function roundTrip(key) {
  const redis = new Redis(process.env.REDIS_URL, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.set(key, 'cached');
    return await redis.get(key);
  } finally {
    redis.disconnect();
  }
}

describe('session cache [medium]', () => {
  it('stores and reads a session', async () => {
    assert.strictEqual(await roundTrip('hermetic:medium'), 'cached');
  });
});

describe('session cache [small]', () => {
  it('stores and reads a session', async () => {
    assert.strictEqual(await roundTrip('hermetic:small'), 'cached');
  });
});
`;

/** How many connections the server has accepted since it started. */
async function connectionsReceived(redis: Redis): Promise<number> {
  const stats = await redis.info('stats');
  const match = /^total_connections_received:(\d+)/m.exec(stats);
  assert.ok(match, stats);
  return Number(match[1]);
}

describe('Redis through ioredis, in real Mocha [medium]', () => {
  const { redis: server } = localServices();
  let project: Project;
  let run: MochaRun;
  let observer: Redis;
  let connectionsDuringRun: number;

  before(async () => {
    observer = new Redis(server.url, { lazyConnect: true, retryStrategy: () => null });
    await observer.connect();
    await observer.del('hermetic:medium', 'hermetic:small');
    const before = await connectionsReceived(observer);
    project = createProject({ 'cache.test.js': FIXTURE });
    run = await runMocha(project.dir, { args: ['--require', 'hermetic/mocha', 'cache.test.js'] });
    connectionsDuringRun = (await connectionsReceived(observer)) - before;
  });

  after(async () => {
    project?.remove();
    await observer?.quit();
  });

  it('lets a medium test SET and GET on Redis at 127.0.0.1', async () => {
    assert.ok(run.json, `no JSON report; stderr:\n${run.stderr}`);
    assert.ok(
      run.json.passes.some((t) => t.fullTitle === 'session cache [medium] stores and reads a session'),
      run.stdout,
    );
    assert.equal(await observer.get('hermetic:medium'), 'cached');
  });

  it('fails a small test that connects to Redis on 127.0.0.1 with a HermeticityViolationError', () => {
    const failure = run.json?.failures.find((t) => t.fullTitle === 'session cache [small] stores and reads a session');
    assert.ok(failure, `expected the small test to fail; mocha said:\n${run.stdout}\n${run.stderr}`);
    const message = failure.err.message ?? '';
    assert.match(message, /HermeticityViolationError/);
    assert.match(message, /Category: SMALL/);
    assert.ok(message.includes(`Attempted connection to: 127.0.0.1:${server.port}`), message);
  });

  it("blocks the small test's connection before it reaches the server", async () => {
    assert.equal(connectionsDuringRun, 1, 'only the medium test may have connected');
    assert.equal(await observer.exists('hermetic:small'), 0);
  });
});
