'use strict';

/** Reads and writes users through anything with pg's `query(text, values)`: a Client, a Pool or a fake. */
class UsersRepository {
  constructor(db) {
    this.db = db;
  }

  async add(name) {
    const { rows } = await this.db.query('INSERT INTO users (name) VALUES ($1) RETURNING id', [name]);
    return rows[0].id;
  }

  async nameOf(id) {
    const { rows } = await this.db.query('SELECT name FROM users WHERE id = $1', [id]);
    return rows.length === 0 ? undefined : rows[0].name;
  }
}

module.exports = { UsersRepository };
