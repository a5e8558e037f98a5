const assert = require('node:assert');
const { MapUsers, register } = require('../lib/users');

describe('register [small]', () => {
  it('adds a new user', () => {
    const users = new MapUsers();
    register(users, 'ada@example.com', 'Ada');
    assert.deepStrictEqual(users.byEmail('ada@example.com'), { email: 'ada@example.com', name: 'Ada' });
  });

  it('refuses an email that is taken', () => {
    const users = new MapUsers();
    register(users, 'ada@example.com', 'Ada');
    assert.throws(() => register(users, 'ada@example.com', 'Ada L.'), /is taken/);
  });
});
