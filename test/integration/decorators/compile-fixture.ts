import { join } from 'node:path';
import * as ts from 'typescript';
import { userCompilerOptions } from '../../helpers/typescript';

/** The two ways TypeScript compiles decorators. */
export type DecoratorFlavour = 'experimental' | 'standard';

/**
 * Compiles the TypeScript files of a fixture project to CommonJS next to their sources, the way a user's build
 * would, and returns every diagnostic as text: the size decorators must type-check in the flavour, not only run.
 */
export function compileFixture(dir: string, files: readonly string[], flavour: DecoratorFlavour): string[] {
  const options: ts.CompilerOptions = { ...userCompilerOptions(flavour === 'experimental'), rootDir: dir, outDir: dir };
  const program = ts.createProgram(
    files.map((f) => join(dir, f)),
    options,
  );
  const emitted = program.emit();
  return [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics].map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file || d.start === undefined) return text;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${d.file.fileName}:${line + 1}:${character + 1}: ${text}`;
  });
}
