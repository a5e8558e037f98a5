'use strict';
const http = require('node:http');
const net = require('node:net');

/** GET a URL and resolve with the status code. */
function getStatus(url) {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode);
    }).on('error', reject);
  });
}

/** Open a TCP connection and close it again: what a database or cache driver does first. */
function ping(host, port) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.end();
      resolve('connected');
    });
    socket.once('error', reject);
  });
}

module.exports = { getStatus, ping };
