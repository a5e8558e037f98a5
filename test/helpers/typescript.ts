import { join } from 'node:path';
import * as ts from 'typescript';
import { PACKAGE_ROOT } from './run-mocha';

/** A user's strict TypeScript project, the way fixtures and docs snippets are checked against hermetic's types. */
export function userCompilerOptions(experimentalDecorators: boolean): ts.CompilerOptions {
  return {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    types: ['node', 'mocha'],
    typeRoots: [join(PACKAGE_ROOT, 'node_modules', '@types')],
    experimentalDecorators,
  };
}
