// Tries `attempt` up to `tries` times, sleeping backoffMs, then twice that, between tries.
const timersPromises = require('node:timers/promises');

async function withRetry(attempt, { tries = 3, backoffMs = 200 } = {}) {
  for (let i = 1; ; i++) {
    try {
      return await attempt(i);
    } catch (err) {
      if (i === tries) throw err;
      // Called through the module, so fake timers installed by a test replace it.
      await timersPromises.setTimeout(backoffMs * i);
    }
  }
}

module.exports = { withRetry };
