import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import { PACKAGE_ROOT } from '../../helpers/run-mocha';

export const EXAMPLES_DIR = join(PACKAGE_ROOT, 'examples');

/** One example and the outcome `npx mocha` in its folder should have; shared with `npm run demo`. */
export interface ExpectedOutcome {
  readonly dir: string;
  readonly passing: number;
  readonly failing: number;
  readonly args?: readonly string[];
  readonly needs?: string;
}

export function expectedOutcomes(): { examples: ExpectedOutcome[]; services: ExpectedOutcome[] } {
  return JSON.parse(readFileSync(join(EXAMPLES_DIR, 'expected-outcomes.json'), 'utf8')) as {
    examples: ExpectedOutcome[];
    services: ExpectedOutcome[];
  };
}

/** Type-checks a TypeScript example with its own tsconfig.json, as `tsc --noEmit` in its folder would. */
export function typeCheckExample(dir: string): string[] {
  const configPath = join(dir, 'tsconfig.json');
  const host: ts.ParseConfigFileHost = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  };
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, { noEmit: true }, host);
  if (!parsed) throw new Error(`cannot read ${configPath}`);
  const program = ts.createProgram(parsed.fileNames, parsed.options);
  return [...parsed.errors, ...ts.getPreEmitDiagnostics(program)].map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file || d.start === undefined) return text;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${d.file.fileName}:${line + 1}:${character + 1}: ${text}`;
  });
}
