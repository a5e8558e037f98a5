/**
 * Node's `Module` class, the same object `require('node:module')` returns, taken from this file's own
 * module record: loading `node:module` itself also loads Node's ESM loader and source-map support,
 * about 0.3 ms of every run's start. `createRequire` and `syncBuiltinESMExports` are on the class either way.
 */
export const Module = module.constructor as unknown as typeof import('node:module');
