'use strict';

/** Allows `limit` calls per key per window; counts in Redis so every instance of the service shares them. */
class RateLimiter {
  constructor(redis, { limit, windowSeconds }) {
    this.redis = redis;
    this.limit = limit;
    this.windowSeconds = windowSeconds;
  }

  async allow(key) {
    const count = await this.redis.incr(`rate:${key}`);
    if (count === 1) await this.redis.expire(`rate:${key}`, this.windowSeconds);
    return count <= this.limit;
  }
}

module.exports = { RateLimiter };
