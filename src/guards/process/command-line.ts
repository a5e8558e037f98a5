/** How long the command shown in a report may be; a longer one is cut with `…`. */
export const COMMAND_SHOWN_CHARS = 120;

/** The script a shell was asked to run: `sh -c "<script>"` (exec, execSync, `shell: true`) or `cmd.exe /d /s /c "<script>"`. */
function shellScript(file: string, args: readonly string[]): string | undefined {
  // Either separator: a Windows path read on any platform still names its shell.
  const shell = (file.split(/[\\/]/).pop() ?? file).toLowerCase();
  if ((shell === 'sh' || shell === 'bash' || shell === 'dash' || shell === 'zsh') && args[1] === '-c') return args[2];
  if (shell === 'cmd.exe' || shell === 'cmd') {
    const i = args.findIndex((a) => a.toLowerCase() === '/c');
    return i >= 0
      ? args
          .slice(i + 1)
          .join(' ')
          .replace(/^"(.*)"$/, '$1')
      : undefined;
  }
  return undefined;
}

/** An argument a shell would split or expand is shown quoted, so the line reads as the command it was. */
const quoted = (arg: string): string => (arg === '' || /[\s"'\\$`()<>|;&*?]/.test(arg) ? JSON.stringify(arg) : arg);

/**
 * The command as the user wrote it, for the report: `curl -s https://api.example.com`. `file` is what Node
 * executes and `args` its argv (argv[0] included); a shell's wrapper is peeled off, Node's own path shows as `node`.
 */
export function commandLine(file: string, args: readonly string[], execPath: string = process.execPath): string {
  const script = shellScript(file, args);
  const words = script === undefined ? (args.length > 0 ? [...args] : [file]) : [];
  if (words[0] === execPath) words[0] = 'node';
  const line = script ?? words.map(quoted).join(' ');
  return line.length > COMMAND_SHOWN_CHARS ? `${line.slice(0, COMMAND_SHOWN_CHARS - 1)}…` : line;
}
