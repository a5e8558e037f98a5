'use strict';
const https = require('node:https');

/** Reads today's forecast for a city from the weather service. */
function fetchForecast(city, { baseUrl = 'https://weather.example.com' } = {}) {
  return new Promise((resolve, reject) => {
    const url = new URL(`/v1/forecast/${encodeURIComponent(city)}`, baseUrl);
    https
      .get(url, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => {
          if (res.statusCode !== 200) return reject(new Error(`weather service answered ${res.statusCode}`));
          resolve(JSON.parse(body));
        });
      })
      .on('error', reject);
  });
}

module.exports = { fetchForecast };
