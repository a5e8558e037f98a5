import type { FileOperation } from '../../core/violation';

/** How a public `fs` function touches files: its operation, and whether its second argument is a destination path. */
export interface FileFunction {
  readonly name: string;
  readonly operation: FileOperation | 'open';
  readonly hasDestination?: boolean;
}

const fn = (name: string, operation: FileFunction['operation'], hasDestination?: boolean): FileFunction =>
  hasDestination ? { name, operation, hasDestination } : { name, operation };

/**
 * Every public function that names a file by its path, under its callback name; each has a `Sync` twin on `fs` (where
 * Node has one) and a namesake on `fs/promises`. Functions that take a descriptor (`read`, `write`, `fstat`, `close`,
 * a FileHandle's methods) are not here: a descriptor came from an `open` that was judged, or is the process's own
 * stdin, stdout or stderr.
 */
export const PATH_FUNCTIONS: readonly FileFunction[] = [
  fn('readFile', 'read'),
  fn('openAsBlob', 'read'),
  fn('open', 'open'),
  fn('writeFile', 'write'),
  fn('appendFile', 'write'),
  fn('truncate', 'write'),
  fn('chmod', 'write'),
  fn('lchmod', 'write'),
  fn('chown', 'write'),
  fn('lchown', 'write'),
  fn('utimes', 'write'),
  fn('lutimes', 'write'),
  fn('mkdir', 'create'),
  fn('mkdtemp', 'create'),
  fn('symlink', 'create', true),
  fn('link', 'create', true),
  fn('unlink', 'delete'),
  fn('rmdir', 'delete'),
  fn('rm', 'delete'),
  fn('rename', 'rename', true),
  fn('copyFile', 'copy', true),
  fn('cp', 'copy', true),
  fn('readdir', 'list'),
  fn('opendir', 'list'),
  fn('glob', 'list'),
  fn('stat', 'stat'),
  fn('lstat', 'stat'),
  fn('statfs', 'stat'),
  fn('access', 'stat'),
  fn('exists', 'stat'),
  fn('realpath', 'stat'),
  fn('readlink', 'stat'),
  fn('watch', 'watch'),
  fn('watchFile', 'watch'),
];

/** The functions on `fs` alone that have no `Sync` twin and no namesake on `fs/promises`. */
export const STREAM_FUNCTIONS: readonly FileFunction[] = [fn('createReadStream', 'read'), fn('createWriteStream', 'write')];

/** Whether `open` flags (`'r'`, `'w+'`, `'ax'`, `fs.constants.O_WRONLY | …`) write: anything but read-only does. */
export function openOperation(flags: unknown): FileOperation {
  if (flags === undefined || flags === null) return 'read';
  if (typeof flags === 'number') return (flags & 3) === 0 ? 'read' : 'write';
  return String(flags).replace(/s/g, '') === 'r' ? 'read' : 'write';
}
