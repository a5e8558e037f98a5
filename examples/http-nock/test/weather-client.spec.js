'use strict';
const assert = require('node:assert');
// nock 15 is ESM-only: from CommonJS its function is the module's `default` (nock 14 is the module itself).
const nock = require('nock').default ?? require('nock');
const { fetchForecast } = require('../lib/weather-client');

describe('weather client [small]', () => {
  afterEach(() => nock.cleanAll());

  it('reads the forecast the service returns', async () => {
    nock('https://weather.example.com').get('/v1/forecast/Oslo').reply(200, { city: 'Oslo', high: 4 });

    const forecast = await fetchForecast('Oslo');

    assert.deepStrictEqual(forecast, { city: 'Oslo', high: 4 });
  });

  it('reports an error status', async () => {
    nock('https://weather.example.com').get('/v1/forecast/Atlantis').reply(404);

    await assert.rejects(fetchForecast('Atlantis'), /answered 404/);
  });
});
