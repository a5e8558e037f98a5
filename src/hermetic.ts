/**
 * The bundle's entry: everything `hermetic` exports, and the plugin's factory for `hermetic/mocha`.
 * Both package entries load this one bundle, so test files and the plugin share one hermetic.
 */

export { createRootHooks } from './adapters/mocha/plugin';
export * from './index';
