// Registration depends on a repository with two methods, add(user) and byEmail(email); which one it gets is the caller's choice.
function register(users, email, name) {
  if (users.byEmail(email)) throw new Error(`${email} is taken`);
  users.add({ email, name });
}

// The repository small tests use: rows in a Map, nothing outside the process.
class MapUsers {
  constructor() {
    this.rows = new Map();
  }
  add(user) {
    this.rows.set(user.email, { ...user });
  }
  byEmail(email) {
    return this.rows.get(email);
  }
}

module.exports = { register, MapUsers };
