'use strict';
const assert = require('node:assert');
const { MockAgent, getGlobalDispatcher, setGlobalDispatcher } = require('undici');
const { countStars } = require('../lib/github-stars');

describe('star counter [small]', () => {
  let agent;
  let previous;

  beforeEach(() => {
    previous = getGlobalDispatcher();
    agent = new MockAgent();
    // Anything not intercepted below is refused by the agent itself, before hermetic has to.
    agent.disableNetConnect();
    setGlobalDispatcher(agent);
  });

  afterEach(async () => {
    setGlobalDispatcher(previous);
    await agent.close();
  });

  it('reads stargazers_count', async () => {
    agent
      .get('https://api.github.example.com')
      .intercept({ path: '/repos/acme/rockets' })
      .reply(200, { stargazers_count: 42 }, { headers: { 'content-type': 'application/json' } });

    assert.strictEqual(await countStars('acme/rockets'), 42);
  });

  it('fails on a missing repository', async () => {
    agent.get('https://api.github.example.com').intercept({ path: '/repos/acme/nothing' }).reply(404, {});

    await assert.rejects(countStars('acme/nothing'), /answered 404/);
  });
});
