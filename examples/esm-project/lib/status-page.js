import http from 'node:http';

/** Asks a service's health endpoint and reads the answer as up or down. */
export function checkHealth(baseUrl) {
  return new Promise((resolve) => {
    // Called through the module object: nock replaces http.get there, and a named import would keep the original.
    http
      .get(`${baseUrl}/health`, (res) => {
        res.resume();
        resolve(res.statusCode === 200 ? 'up' : 'down');
      })
      .on('error', () => resolve('down'));
  });
}
