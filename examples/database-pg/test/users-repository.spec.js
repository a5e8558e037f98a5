'use strict';
const assert = require('node:assert');
const sinon = require('sinon');
const { Client } = require('pg');
const { UsersRepository } = require('../lib/users-repository');

describe('users repository [small]', () => {
  afterEach(() => sinon.restore());

  it('returns the id PostgreSQL assigned (hand-written fake)', async () => {
    const seen = [];
    const fakeDb = {
      async query(text, values) {
        seen.push({ text, values });
        return { rows: [{ id: 7 }] };
      },
    };

    assert.strictEqual(await new UsersRepository(fakeDb).add('Ada'), 7);
    assert.deepStrictEqual(seen, [{ text: 'INSERT INTO users (name) VALUES ($1) RETURNING id', values: ['Ada'] }]);
  });

  it('reads a missing user as undefined (a pg Client with query stubbed)', async () => {
    // The client is never connected; only its query method is replaced.
    const client = new Client({ host: 'db.example.com' });
    sinon.stub(client, 'query').resolves({ rows: [] });

    assert.strictEqual(await new UsersRepository(client).nameOf(404), undefined);
  });
});
