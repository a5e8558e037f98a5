// The same repository over SQLite, through node:sqlite (Node 22 and later).
const { isBuiltin } = require('node:module');

class SqliteUsers {
  constructor(location = ':memory:') {
    if (!isBuiltin('node:sqlite')) throw new Error('SqliteUsers needs node:sqlite: Node 22 or later');
    const { DatabaseSync } = require('node:sqlite');
    this.db = new DatabaseSync(location);
    this.db.exec('CREATE TABLE IF NOT EXISTS users (email TEXT PRIMARY KEY, name TEXT NOT NULL)');
  }
  add(user) {
    this.db.prepare('INSERT INTO users (email, name) VALUES (?, ?)').run(user.email, user.name);
  }
  byEmail(email) {
    const row = this.db.prepare('SELECT email, name FROM users WHERE email = ?').get(email);
    return row ? { email: row.email, name: row.name } : undefined;
  }
  close() {
    this.db.close();
  }
}

module.exports = { SqliteUsers };
