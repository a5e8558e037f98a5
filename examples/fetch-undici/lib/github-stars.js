'use strict';
const { fetch } = require('undici');

/** Counts the stars of a repository through a GitHub-style API. */
async function countStars(repo, { baseUrl = 'https://api.github.example.com' } = {}) {
  const res = await fetch(`${baseUrl}/repos/${repo}`);
  if (!res.ok) throw new Error(`API answered ${res.status}`);
  const body = await res.json();
  return body.stargazers_count;
}

module.exports = { countStars };
