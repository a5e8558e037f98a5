'use strict';
const assert = require('node:assert');
const RedisMock = require('ioredis-mock');
const { RateLimiter } = require('../lib/rate-limiter');

describe('rate limiter [small]', () => {
  let redis;

  beforeEach(() => {
    // ioredis-mock keeps its data in the process and has ioredis's API; no socket is opened.
    redis = new RedisMock();
  });

  afterEach(async () => {
    await redis.flushall();
    redis.disconnect();
  });

  it('allows calls up to the limit', async () => {
    const limiter = new RateLimiter(redis, { limit: 2, windowSeconds: 60 });

    assert.deepStrictEqual([await limiter.allow('ada'), await limiter.allow('ada'), await limiter.allow('ada')], [true, true, false]);
  });

  it('counts each key apart and sets the window', async () => {
    const limiter = new RateLimiter(redis, { limit: 1, windowSeconds: 30 });

    assert.strictEqual(await limiter.allow('ada'), true);
    assert.strictEqual(await limiter.allow('grace'), true);
    assert.strictEqual(await redis.ttl('rate:ada'), 30);
  });
});
