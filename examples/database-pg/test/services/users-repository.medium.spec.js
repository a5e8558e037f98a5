'use strict';
const assert = require('node:assert');
const { Client } = require('pg');
const { UsersRepository } = require('../../lib/users-repository');

// Needs a PostgreSQL on this machine; pg reads PGHOST, PGPORT, PGUSER, PGPASSWORD and PGDATABASE.
describe('users repository against PostgreSQL [medium]', () => {
  let client;

  before(async () => {
    if (!process.env.PGHOST) throw new Error('set PGHOST (and PGPORT, PGUSER, PGDATABASE) to a PostgreSQL on this machine');
    client = new Client();
    await client.connect();
    await client.query('CREATE TEMPORARY TABLE users (id serial PRIMARY KEY, name text NOT NULL)');
  });

  after(async () => {
    if (client) await client.end();
  });

  it('stores a user and reads it back', async () => {
    const users = new UsersRepository(client);
    const id = await users.add('Grace');
    assert.strictEqual(await users.nameOf(id), 'Grace');
  });

  it('reads a missing user as undefined', async () => {
    assert.strictEqual(await new UsersRepository(client).nameOf(-1), undefined);
  });
});
