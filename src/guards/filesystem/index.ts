import { patchesGuard } from '../guard';
import { patchFileFunctions } from './patches';

/**
 * The FilesystemGuard: a small test touches no file. Each public `fs` and `fs/promises` function is stopped before it
 * runs; ESM named imports see the same functions once the built-in exports are synced. See
 * docs/architecture/adr-004-filesystem-isolation.md.
 */
export const filesystemGuard = patchesGuard('filesystem', patchFileFunctions, true);
