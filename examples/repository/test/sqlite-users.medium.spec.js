const assert = require('node:assert');
const { isBuiltin } = require('node:module');
const { register } = require('../lib/users');
const { SqliteUsers } = require('../lib/sqlite-users');

describe('SqliteUsers [medium]', () => {
  if (isBuiltin('node:sqlite')) {
    it('stores users in SQLite and refuses a taken email, through the same register', () => {
      const users = new SqliteUsers(':memory:');
      try {
        register(users, 'ada@example.com', 'Ada');
        assert.deepStrictEqual(users.byEmail('ada@example.com'), { email: 'ada@example.com', name: 'Ada' });
        assert.throws(() => register(users, 'ada@example.com', 'Ada L.'), /is taken/);
      } finally {
        users.close();
      }
    });
  } else {
    it('says it needs Node 22 or later, where node:sqlite is missing', () => {
      assert.throws(() => new SqliteUsers(), /needs node:sqlite: Node 22 or later/);
    });
  }
});
