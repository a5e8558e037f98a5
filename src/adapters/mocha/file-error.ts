/** Why a file operation failed, in words, with Node's code for searching. */
export function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  const words: Record<string, string> = {
    EISDIR: 'it is a folder',
    // mkdir's EEXIST: a file stands where a folder of the path should be.
    EEXIST: 'a part of the path is a file',
    ENOTDIR: 'a part of the path is a file',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'the file system is read-only',
    ENOSPC: 'no space left on the device',
    ENOENT: 'no such file or folder',
  };
  const said = code !== undefined ? words[code] : undefined;
  return said ? `${said} (${code})` : err instanceof Error ? err.message : String(err);
}
