'use strict';
const dns = require('node:dns');

/** Decides whether a mail host is inside the company network (10.0.0.0/8) by resolving it. */
async function isInternalHost(hostname) {
  // Called through the module object, so a stub of dns.promises.lookup takes effect.
  const { address } = await dns.promises.lookup(hostname, { family: 4 });
  return address.startsWith('10.');
}

/** The callback flavour, for code that still uses dns.lookup. */
function addressOf(hostname, callback) {
  dns.lookup(hostname, { family: 4 }, (err, address) => callback(err, address));
}

module.exports = { isInternalHost, addressOf };
