/**
 * `hermetic/mocha`: the root-hook plugin. Add `require: hermetic/mocha` to `.mocharc.yml`
 * (or pass `--require hermetic/mocha`); it loads in the main process and in every `--parallel` worker.
 */
import { createRootHooks, type MochaRootHooks } from './adapters/mocha/plugin';

export type { MochaRootHooks };

/** The hooks Mocha picks up from this module. */
export const mochaHooks: MochaRootHooks = createRootHooks();
