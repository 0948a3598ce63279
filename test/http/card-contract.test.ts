import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/**
 * The card and the backend share one contract (`src/card/card-contract.ts`). This compiles both
 * sides against it as the type checker does (`npm run typecheck`), then against a contract that
 * drifted, to show the check bites on each side: a field the backend does not fill, a field the
 * card reads that is gone, an action only one side knows.
 */

const ROOT = join(__dirname, '..', '..');
const CONTRACT = join(ROOT, 'src', 'card', 'card-contract.ts');

function compilerOptions(tsconfig: string): ts.CompilerOptions {
  const read = ts.readConfigFile(tsconfig, (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, join(tsconfig, '..'));
  return { ...parsed.options, noEmit: true };
}

const sides = {
  backend: {
    roots: [
      join(ROOT, 'src', 'http', 'card-routes.ts'),
      join(ROOT, 'src', 'card', 'card-service.ts'),
      join(ROOT, 'src', 'types', 'us-state-codes.d.ts'),
    ],
    options: compilerOptions(join(ROOT, 'tsconfig.json')),
  },
  card: {
    roots: [join(ROOT, 'cards', 'handoff-card.tsx')],
    options: compilerOptions(join(ROOT, 'cards', 'tsconfig.json')),
  },
};

/** Parsed files other than the contract, shared by every compile so each runs in a second or two. */
const parsed = new Map<string, ts.SourceFile | undefined>();

/** Type errors of one side, with the contract's text replaced by `contract`. */
function errorsOf(side: keyof typeof sides, contract: string): string[] {
  const { roots, options } = sides[side];
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (path, language) => {
    if (path === CONTRACT) return ts.createSourceFile(path, contract, language);
    const key = `${side}:${path}`;
    if (!parsed.has(key)) parsed.set(key, getSourceFile(path, language));
    return parsed.get(key);
  };
  const program = ts.createProgram(roots, options, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const where = diagnostic.file ? `${diagnostic.file.fileName.slice(ROOT.length + 1)}: ` : '';
    return where + ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
  });
}

const contract = readFileSync(CONTRACT, 'utf8');

function drifted(from: string, to: string): string {
  expect(contract).toContain(from);
  return contract.replace(from, to);
}

describe('the card contract', () => {
  it('both sides compile against it', () => {
    expect(errorsOf('backend', contract)).toEqual([]);
    expect(errorsOf('card', contract)).toEqual([]);
  });

  it('holds types only, so the HubSpot project can copy it without src/', () => {
    expect(contract).not.toMatch(/^\s*import\b/m);
    expect(contract).not.toMatch(/^export (const|function|class|let|enum)\b/m);
  });

  it('a field the card expects and the backend does not fill fails the backend', () => {
    const errors = errorsOf(
      'backend',
      drifted('    closed: boolean;\n  };', '    closed: boolean;\n    team: string;\n  };'),
    );
    expect(errors.join('\n')).toMatch(/src\/card\/card-context\.ts: .*team/);
  });

  it('a field the card reads that the contract drops fails the card', () => {
    const errors = errorsOf('card', drifted('    ownerName: string | null;\n', ''));
    expect(errors.join('\n')).toMatch(/cards\/.*ownerName/);
  });

  it('an action only the card knows fails the backend', () => {
    const errors = errorsOf('backend', drifted("  | 'disqualify';", "  | 'disqualify'\n  | 'snooze';"));
    expect(errors.join('\n')).toMatch(/src\/card\/card-request\.ts: .*snooze/);
  });

  it('a result field the backend stops sending fails the backend', () => {
    const errors = errorsOf(
      'backend',
      drifted(
        '  replayed: boolean;\n  /** True when the outcome',
        '  replayed: boolean;\n  undoable: boolean;\n  /** True when the outcome',
      ),
    );
    expect(errors.join('\n')).toMatch(/undoable/);
  });
});
