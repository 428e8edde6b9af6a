/**
 * Every word a user reads is in the catalogue (lib/i18n/locales/*.yml), so adding a language is
 * adding a locale file. This reads the code's string literals and JSX text (not its comments) and
 * fails on a Han character or an English sentence anywhere else, and on two words given (also
 * through a choice or a fallback) to a property a user reads, such as a failed item's `message`.
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

/** What passes a value on unchanged in part: a choice's branches, a fallback, parentheses, a template, a cast. */
const PASSES_ON = new Set([ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.PlusToken]);

/**
 * The property or JSX attribute a literal ends up in, through `c ? a : b`, `a ?? b`, `a || b`,
 * `a + b`, parentheses, templates and casts (`message: code ? `DCS error ${code}` : 'The DCS task failed'`).
 */
function destinationOf(node: ts.Node): string | undefined {
  let from: ts.Node = node;
  for (let up = node.parent; up; from = up, up = up.parent) {
    if (ts.isPropertyAssignment(up)) return up.initializer === from ? up.name.getText() : undefined;
    if (ts.isJsxAttribute(up)) return up.name.getText();
    if (ts.isConditionalExpression(up)) {
      if (from === up.condition) return undefined;
      continue;
    }
    if (ts.isBinaryExpression(up) ? PASSES_ON.has(up.operatorToken.kind) : ts.isParenthesizedExpression(up) || ts.isTemplateExpression(up) || ts.isTemplateSpan(up) || ts.isAsExpression(up) || ts.isJsxExpression(up)) continue;
    return undefined;
  }
  return undefined;
}

function literals(file: string): { text: string; line: number; destination?: string }[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: { text: string; line: number; destination?: string }[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node) || ts.isJsxText(node)) && !ts.isImportDeclaration(node.parent) && !isDeveloperText(node)) {
      const destination = destinationOf(node);
      found.push({ text: node.text, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, ...(destination ? { destination } : {}) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const HAN = /\p{Script=Han}/u;
/**
 * Prose, not an identifier or a format: a capitalised word and three more, two of them lower-case
 * (an acronym or a name may stand among them: "The DCS task failed"), or a sentence's end after words.
 */
function isEnglishSentence(text: string): boolean {
  const runs = text.match(/\b[A-Z][a-z]+(?: [A-Za-z'’]+){3,}/g) ?? [];
  return runs.some((run) => run.split(' ').filter((word) => /^[a-z'’]+$/.test(word)).length >= 2) || /[a-z]{2,} [a-z]{2,}[.!?](?:\s|$)/.test(text);
}
/** What a user reads by its name: a literal given to one of these is words, and two words are already a phrase ("DCS error "). */
const USER_FACING = new Set(['message', 'label', 'title', 'help', 'hint', 'note', 'sentence', 'placeholder', 'alt', 'aria-label']);
const TWO_WORDS = /[A-Za-z]{2,} [A-Za-z]{2,}/;
/**
 * What a user reads as a thing's name, where a placeholder stands in when the provider gives none
 * (a failed item's `item`, a task's `label`): one word in parentheses is already words ("(URL)").
 */
const NAMED = new Set([...USER_FACING, 'item', 'name']);
const PLACEHOLDER = /^\s*[([]\s*[A-Za-z]{2,}(?:[ -][A-Za-z]+)*\s*[)\]]\s*$/;

const isWords = ({ text, destination }: { text: string; destination?: string }): boolean =>
  HAN.test(text) ||
  isEnglishSentence(text) ||
  (destination !== undefined && USER_FACING.has(destination) && TWO_WORDS.test(text)) ||
  (destination !== undefined && NAMED.has(destination) && PLACEHOLDER.test(text));

function offences(): Map<string, string[]> {
  const byFile = new Map<string, string[]>();
  for (const path of ['lib', 'components', 'entrypoints'].flatMap((dir) => sourceFiles(join(root, dir)))) {
    const file = relative(root, path).split(sep).join('/');
    if (file.startsWith('lib/i18n/')) continue;
    for (const literal of literals(path)) {
      const { text, line } = literal;
      if (!isWords(literal)) continue;
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
    expect(isEnglishSentence('Alibaba Cloud could not be reached. Check your network.')).toBe(true);
    expect(isEnglishSentence('The DCS task failed')).toBe(true);
    expect(isEnglishSentence('Add record sets')).toBe(false);
    expect(isEnglishSentence('Huawei Cloud DNS Batch')).toBe(false);
    expect(isEnglishSentence('dns-zone-batch-create')).toBe(false);
    expect(isEnglishSentence('application/json')).toBe(false);
  });

  it('finds the words of a reason given in a choice: the DCS failed item of before issue 30 fails it', () => {
    const file = join(root, 'test/unit/i18n/.reason-in-a-choice.ts');
    writeFileSync(file, "const item = { item: task.label, message: code ? `DCS error ${code}` : 'The DCS task failed' };\nconst other = { message: e.error_message ?? 'No message given', fields: { message: 'x' }, title: ok ? 'a-b' : 'Try again' };\n");
    try {
      expect(literals(file).filter(isWords).map((l) => l.text)).toEqual(['DCS error ', 'The DCS task failed', 'No message given', 'Try again']);
      // A literal that only decides (a condition), or is not words, is not one.
      writeFileSync(file, "const item = { message: kind === 'dcs task' ? code : text, label: 'dns-batch', title: `${a} ${b}` };\n");
      expect(literals(file).filter(isWords)).toEqual([]);
    } finally {
      rmSync(file);
    }
  });

  it('finds a placeholder given as a failed item’s name: the five of before issue 30 fail it and passed the rules before', () => {
    const file = join(root, 'test/unit/i18n/.placeholder-name.ts');
    // The lines as Huawei, Alibaba, DNSPod and Alibaba CDN wrote them before the placeholders were catalogue messages.
    writeFileSync(
      file,
      [
        "const a = { item: [e.name, e.type, records.join(' ')].filter(Boolean).join(' ') || '(unnamed record set)' };",
        "const b = { item: text || '(item)', message: e.error_message ?? '' };",
        "const c = { item: item || '(record)', message: raw.Reason ?? '', fields };",
        "items.push({ item: d.domain || '(domain)', message: d.error });",
        "const d = { item: url || '(URL)', code: reason, message: reason };",
        "const e = { label: x ?? '[unnamed]', title: ok ? '(none)' : name };",
      ].join('\n'),
    );
    try {
      const found = literals(file).filter(isWords);
      expect(found.map((l) => l.text)).toEqual(['(unnamed record set)', '(item)', '(record)', '(domain)', '(URL)', '[unnamed]', '(none)']);
      // The rules before: a sentence, or two words given to a property a user reads; '(item)' is neither.
      const before = ({ text, destination }: { text: string; destination?: string }): boolean =>
        HAN.test(text) || isEnglishSentence(text) || (destination !== undefined && USER_FACING.has(destination) && TWO_WORDS.test(text));
      expect(found.filter(before)).toEqual([]);
      // Not a placeholder: a code, a format, parentheses around nothing but data, or a literal that is not a name.
      writeFileSync(file, "const f = { item: '(' + x + ')', name: '(a|b)', item2: '(item)', label: '()', code: '(E1)' };\n");
      expect(literals(file).filter(isWords)).toEqual([]);
    } finally {
      rmSync(file);
    }
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
