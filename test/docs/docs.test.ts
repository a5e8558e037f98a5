import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as ts from 'typescript';
import { CONFIG_OPTIONS, envName, flagName, readObject, resolveConfig } from '../../src/core/config';
import { formatDuration, POLICY_TABLE } from '../../src/core/policy';
import { TEST_SIZES } from '../../src/core/size';
import { createProject, PACKAGE_ROOT, type Project, runMocha } from '../helpers/run-mocha';
import { userCompilerOptions } from '../helpers/typescript';
import { type CodeBlock, documentationFiles, isTestFile, numberingProblems, parseExpectation, readBlocks } from './markdown-blocks';

const yaml = createRequire(__filename)('js-yaml') as { load(text: string): unknown };
const files = documentationFiles().filter((f) => existsSync(f));
const blocks = files.flatMap(readBlocks);
const where = (b: CodeBlock): string => `${b.file}:${b.line}`;

function between(text: string, marker: string): string {
  const start = text.indexOf(`<!-- ${marker}:start -->`);
  const end = text.indexOf(`<!-- ${marker}:end -->`);
  assert.ok(start >= 0 && end > start, `missing <!-- ${marker}:start --> ... <!-- ${marker}:end -->`);
  return text.slice(text.indexOf('\n', start) + 1, end).trimEnd();
}

/** The policy table as docs/policy.md must show it, from POLICY_TABLE itself. */
function policyTableMarkdown(): string {
  const rows = TEST_SIZES.map((size) => {
    const p = POLICY_TABLE[size];
    return `| \`${size}\` | ${p.networkSummary} | ${p.subprocessSummary} | ${p.threadsSummary} | ${p.filesystemSummary} | ${p.databaseSummary} | ${p.sleepSummary} | ${formatDuration(p.timeLimitMs)} |`;
  });
  return [
    '| size | network | subprocesses | worker threads | files | embedded databases | sleeping | time limit |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

function configProblems(raw: unknown, source: string): string[] {
  const read = readObject(raw, source);
  return [...read.problems, ...resolveConfig([read.layer]).problems];
}

const MOCHA_FLAGS = new Set(
  'allow-uncaught async-only bail check-leaks color colors config delay diff dry-run exclude exit extension fail-zero fgrep file forbid-only forbid-pending full-trace global globals grep help ignore inline-diffs invert jobs list-interfaces list-reporters node-option package parallel recursive reporter reporter-option reporter-options require retries slow sort timeout timeouts ui version watch watch-files watch-ignore no-config no-package no-timeouts no-color'
    .split(' ')
    .map((f) => `--${f}`),
);
const COMMANDS = new Set(['npm', 'npx', 'node', 'mocha', 'cd', 'grep', 'tee', 'eval', 'git']);

/** Problems with one shell command: an unknown program, script, Mocha flag, hermetic flag or HERMETIC_* variable. */
function shellProblems(command: string, scripts: Record<string, string>): string[] {
  const problems: string[] = [];
  const words = command
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  while (words.length > 0 && /^[A-Z_][A-Z0-9_]*=/.test(words[0]!)) {
    const name = words.shift()!.split('=')[0]!;
    if (name.startsWith('HERMETIC_') && !CONFIG_OPTIONS.some((o) => envName(o) === name)) problems.push(`unknown variable ${name}`);
  }
  const [program, ...args] = words;
  if (program === undefined) return problems;
  if (!COMMANDS.has(program)) problems.push(`unknown command ${program}`);
  if (program === 'npm' && args[0] === 'run' && !(args[1]! in scripts)) problems.push(`no npm script "${args[1]}"`);
  const isMocha = program === 'mocha' || (program === 'npx' && args[0] === 'mocha');
  if (!isMocha) return problems;
  for (const arg of args.filter((a) => a.startsWith('--'))) {
    const flag = arg.split('=')[0]!;
    if (flag.startsWith('--hermetic-')) {
      if (!CONFIG_OPTIONS.some((o) => flagName(o) === flag)) problems.push(`unknown flag ${flag}`);
      else if (!arg.includes('=')) problems.push(`${flag} without "=value"`);
    } else if (!MOCHA_FLAGS.has(flag)) {
      problems.push(`unknown Mocha flag ${flag}`);
    }
  }
  return problems;
}

function shellCommands(code: string): string[] {
  return code
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.replace(/(^|\s)#.*$/, ''))
    .flatMap((line) => line.split(/\|\||&&|\||;/))
    .map((c) => c.replace(/\$\((.*)\)/, '$1').replace(/^\s*(eval|cd \S+)\s*$/, ''))
    .filter((c) => c.trim() !== '');
}

function syntaxProblems(code: string, fileName: string): string[] {
  const out = ts.transpileModule(code, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: { allowJs: true, experimentalDecorators: true },
  });
  return (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

function typeProblems(project: Project, file: string, block: CodeBlock): string[] {
  const options: ts.CompilerOptions = { ...userCompilerOptions(block.directives.ts === 'experimentalDecorators'), noEmit: true };
  const program = ts.createProgram([join(project.dir, file)], options);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('the documentation, checked against the code [medium]', function () {
  this.timeout(120_000);
  const projects: Project[] = [];
  after(() => {
    for (const p of projects) p.remove();
  });

  it('finds the guide and its code blocks', () => {
    assert.ok(files.length >= 8, `found ${files.length} files`);
    assert.ok(blocks.length >= 40, `found ${blocks.length} blocks`);
  });

  describe('docs/configuration.md', () => {
    const text = readFileSync(join(PACKAGE_ROOT, 'docs', 'configuration.md'), 'utf8');

    it('lists every option with its flag and environment variable, and nothing else', () => {
      const rows = between(text, 'config-options')
        .split('\n')
        .slice(2)
        .map((row) => row.split('|').map((cell) => cell.trim().replace(/^`|`$/g, '')));
      assert.deepEqual(
        rows.map((cells) => cells.slice(1, 4)),
        CONFIG_OPTIONS.map((option) => [option, flagName(option), envName(option)]),
      );
    });

    it("has a section for each option, as the table's links expect", () => {
      for (const anchor of ['enforcement', 'defaultsize', 'allow', 'timeouts']) assert.match(text, new RegExp(`^### ${anchor}`, 'im'));
    });
  });

  it('numbers every ordered list 1, 2, 3 with no number repeated or skipped', () => {
    assert.deepEqual(files.flatMap(numberingProblems), []);
  });

  it('docs/README.md lists each page of the guide once', () => {
    const text = readFileSync(join(PACKAGE_ROOT, 'docs', 'README.md'), 'utf8');
    const pages = [...text.matchAll(/^\d+\. \[[^\]]+\]\(([^)]+)\)/gm)].map((m) => m[1]!);
    assert.deepEqual(
      pages.filter((page, i) => pages.indexOf(page) !== i),
      [],
    );
    assert.ok(pages.length >= 8, `found ${pages.length} pages`);
  });

  it('docs/policy.md shows the policy table exactly as POLICY_TABLE has it', () => {
    const text = readFileSync(join(PACKAGE_ROOT, 'docs', 'policy.md'), 'utf8');
    assert.equal(between(text, 'policy-table'), policyTableMarkdown(), 'regenerate the table between the policy-table markers');
    assert.match(text, /^## Time limits$/m, 'reports link docs/policy.md#time-limits');
  });

  it('names no --hermetic-* flag or HERMETIC_* variable that does not exist', () => {
    const problems: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const [flag] of text.matchAll(/--hermetic-[a-z-]+/g))
        if (!CONFIG_OPTIONS.some((o) => flagName(o) === flag)) problems.push(`${file}: ${flag}`);
      for (const [name] of text.matchAll(/\bHERMETIC_[A-Z_]+/g))
        if (!CONFIG_OPTIONS.some((o) => envName(o) === name)) problems.push(`${file}: ${name}`);
    }
    // Names quoted in the error messages the guide shows are the one exception: they are examples of mistakes.
    const shownMistakes = new Set(['HERMETIC_MODE', 'HERMETIC_ENFORCMENT', '--hermetic-enforcment']);
    assert.deepEqual(
      problems.filter((p) => !shownMistakes.has(p.split(': ')[1]!)),
      [],
    );
  });

  it('quotes the lists of known options, flags and variables as the code has them', () => {
    const expected: Record<string, string> = {
      'known options are': CONFIG_OPTIONS.join(', '),
      'known flags are': CONFIG_OPTIONS.map(flagName).join(', '),
      'known ones are': CONFIG_OPTIONS.map(envName).join(', '),
    };
    let checked = 0;
    for (const file of files) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        for (const [lead, list] of Object.entries(expected)) {
          const at = line.indexOf(`${lead} `);
          if (at < 0) continue;
          checked++;
          assert.equal(line.slice(at + lead.length + 1).replace(/[`.]+$/, ''), list, `${file}: ${line}`);
        }
      }
    }
    assert.ok(checked > 0, 'the docs quote at least one such list');
  });

  it('keeps deliberately partial blocks few', () => {
    const partial = blocks.filter((b) => b.directives.snippet === 'partial');
    assert.ok(partial.length <= 8, `${partial.length} partial blocks: ${partial.map(where).join(', ')}`);
  });

  for (const block of blocks) {
    const lang = block.lang;
    if (lang === 'yaml' || lang === 'yml') {
      it(`${where(block)}: the YAML parses and its hermetic: settings are valid`, () => {
        const parsed = yaml.load(block.code) as Record<string, unknown> | undefined;
        assert.equal(typeof parsed, 'object');
        if (parsed && 'hermetic' in parsed) assert.deepEqual(configProblems(parsed.hermetic, where(block)), []);
      });
    } else if (lang === 'json') {
      it(`${where(block)}: the JSON parses and any "hermetic" settings are valid`, () => {
        const parsed = JSON.parse(block.code) as Record<string, unknown>;
        if ('hermetic' in parsed) assert.deepEqual(configProblems(parsed.hermetic, where(block)), []);
      });
    } else if (lang === 'sh' || lang === 'bash') {
      it(`${where(block)}: the commands, scripts, flags and variables exist`, () => {
        const scripts = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
          .scripts;
        assert.deepEqual(
          shellCommands(block.code).flatMap((c) => shellProblems(c, scripts)),
          [],
        );
      });
    } else if ((lang === 'js' || lang === 'ts') && block.path?.includes('.mocharc.')) {
      it(`${where(block)}: the Mocha config loads and its hermetic settings are valid`, () => {
        const project = createProject({ [block.path!]: block.code });
        projects.push(project);
        const config = createRequire(join(project.dir, 'noop.js'))(`./${block.path}`) as Record<string, unknown>;
        assert.deepEqual(configProblems(config.hermetic, where(block)), []);
      });
    } else if ((lang === 'js' || lang === 'ts') && isTestFile(block) && block.path) {
      const expect = block.directives.expect;
      it(`${where(block)}: runs in real Mocha${expect ? ` with ${expect}` : ''}`, async () => {
        const isTs = lang === 'ts';
        const files: Record<string, string> = { [block.path!]: block.code };
        if (isTs) {
          files['tsconfig.json'] = JSON.stringify({
            compilerOptions: { experimentalDecorators: block.directives.ts === 'experimentalDecorators', target: 'ES2022' },
          });
        }
        const project = createProject(files);
        projects.push(project);
        if (isTs) assert.deepEqual(typeProblems(project, block.path!, block), []);
        const args = isTs
          ? ['--require', 'tsx/cjs', '--require', 'hermetic/mocha', '--extension', 'ts', block.path!]
          : ['--require', 'hermetic/mocha', block.path!];
        // Strict, whatever the block's story: nothing a doc block asks for may leave the machine.
        const run = await runMocha(project.dir, { args, env: { HERMETIC_ENFORCEMENT: 'strict', CI: '1' } });
        assert.ok(run.json, `no JSON report; stderr:\n${run.stderr}`);
        assert.doesNotMatch(run.stderr, /^hermetic: /m, 'a marker or config mistake stopped the run');
        if (expect) {
          const { stats } = run.json;
          assert.deepEqual(
            { passes: stats.passes, failures: stats.failures, pending: stats.pending },
            parseExpectation(expect),
            run.json.failures.map((f) => f.err.message).join('\n'),
          );
        } else {
          assert.ok(run.json.stats.tests > 0, 'the block ran no test');
        }
      });
    } else if (lang === 'ts' && block.path) {
      it(`${where(block)}: type-checks against the built package`, () => {
        const project = createProject({ [block.path!]: block.code });
        projects.push(project);
        assert.deepEqual(typeProblems(project, block.path!, block), []);
      });
    } else if (lang === 'js' || lang === 'ts') {
      it(`${where(block)}: is valid ${lang === 'ts' ? 'TypeScript' : 'JavaScript'} syntax`, () => {
        assert.deepEqual(syntaxProblems(block.code, `block.${lang}`), []);
      });
    }
  }
});
