/**
 * Every word a user reads is in the catalogue (lib/i18n/locales/*.yml), so adding a language is
 * adding a locale file. This reads the code's string literals and JSX text (not its comments) and
 * fails on a Han character or an English sentence anywhere else.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * Technical strings that look like words: what reads the providers' Chinese console pages,
 * what identifies Batchwatch to a server. Each entry is a file and the text it may hold.
 */
const TECHNICAL: readonly { file: string; text: RegExp; why: string }[] = [
  { file: 'lib/console/pages.ts', text: /./, why: 'reads the providers’ console pages, which are in Chinese' },
  { file: 'lib/console/quiet-context.ts', text: /^The extension is gone$/, why: 'an AbortSignal’s reason, read by code, never shown' },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** An Error's own message is for developers and logs; a user sees the sentence a message id gives. */
function isDeveloperText(node: ts.Node): boolean {
  for (let up = node.parent; up; up = up.parent) {
    // Its class and message, not its details: a sentence among them is shown to the user.
    if (ts.isNewExpression(up) && /Error$/.test(up.expression.getText())) {
      const argument = up.arguments?.find((a) => node.getStart() >= a.getStart() && node.getEnd() <= a.getEnd());
      return argument !== undefined && !ts.isObjectLiteralExpression(argument);
    }
    if (ts.isCallExpression(up) && /^console\.|^super$/.test(up.expression.getText())) return true;
    if (ts.isBlock(up) || ts.isSourceFile(up)) return false;
  }
  return false;
}

function literals(file: string): { text: string; line: number }[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: { text: string; line: number }[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node) || ts.isJsxText(node)) && !ts.isImportDeclaration(node.parent) && !isDeveloperText(node)) {
      found.push({ text: node.text, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const HAN = /\p{Script=Han}/u;
/** Three lower-case words in a row after a capital, or a sentence's end after words: prose, not an identifier or a format. */
const ENGLISH_SENTENCE = /\b[A-Z][a-z]+(?: [a-z'’]+){3,}|[a-z]{2,} [a-z]{2,}[.!?](?:\s|$)/;

function offences(): Map<string, string[]> {
  const byFile = new Map<string, string[]>();
  for (const path of ['lib', 'components', 'entrypoints'].flatMap((dir) => sourceFiles(join(root, dir)))) {
    const file = relative(root, path).split(sep).join('/');
    if (file.startsWith('lib/i18n/')) continue;
    for (const { text, line } of literals(path)) {
      if (!HAN.test(text) && !ENGLISH_SENTENCE.test(text)) continue;
      if (TECHNICAL.some((t) => t.file === file && t.text.test(text))) continue;
      byFile.set(file, [...(byFile.get(file) ?? []), `${line}: ${text.trim().slice(0, 80)}`]);
    }
  }
  return byFile;
}

describe('words outside the catalogue', () => {
  const found = offences();

  it('no source file outside the catalogue holds a Han character or an English sentence', () => {
    expect(Object.fromEntries(found)).toEqual({});
  });

  it('sees a sentence or a Han character where one is written, and not in a comment', () => {
    expect(HAN.test('阿里云')).toBe(true);
    expect(ENGLISH_SENTENCE.test('Alibaba Cloud could not be reached. Check your network.')).toBe(true);
    expect(ENGLISH_SENTENCE.test('dns-zone-batch-create')).toBe(false);
    expect(ENGLISH_SENTENCE.test('application/json')).toBe(false);
  });

  it('reads a sentence given to an error as its user-facing details, not only its developer message', () => {
    const file = join(root, 'test/unit/i18n/.sentence-in-details.ts');
    writeFileSync(file, "new ProviderError('malformed', 'The answer was too large', { sentence: { en: 'The answer was too large and was not read.' } });\n");
    try {
      expect(literals(file).map((l) => l.text)).toEqual(['The answer was too large and was not read.']);
    } finally {
      rmSync(file);
    }
  });
});
