import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nounsanitized from 'eslint-plugin-no-unsanitized';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Design boundaries (ARCHITECTURE.md, "Where each concern lives"): which folder may import
 * what. ESLint keeps one `no-restricted-imports` per file, so each block repeats the rules
 * every lib/ file obeys.
 */
const forbid = (regex, message, extra = {}) => ({ regex, message, ...extra });
const noUi = [
  forbid('(^|/)(components|entrypoints)/', 'lib/ holds no UI and no wiring: components and entrypoints import lib, never the other way.'),
  forbid('^(preact|@preact/)', 'lib/ holds no UI.'),
];
const noEngineStoreVault = forbid('(^|/)(engine|store|vault)/', 'Pure code: state, polling and secrets stay in the background (lib/engine, lib/store, lib/vault).');
const noBrowser = forbid('^(wxt/browser|webextension-polyfill|@wxt-dev/storage)$', 'Pure code: no browser API here (pass what it needs in).');
const noProviderFolder = forbid('(^|/)providers/[^/]+/', 'Only lib/providers/index.ts (the registry) lists providers; use lib/providers/types.ts.');
const boundary = (files, patterns) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns: [...noUi, ...patterns] }] } });
const providerFolders = readdirSync(join(import.meta.dirname, '../../lib/providers'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'demo-output/**', '.stryker-tmp/**', 'reports/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  nounsanitized.configs.recommended,
  {
    rules: {
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Render API strings as text.' },
        { property: 'outerHTML', message: 'Render API strings as text.' },
        { property: 'insertAdjacentHTML', message: 'Render API strings as text.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Render API strings as text.' },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['lib/**', 'components/**', 'entrypoints/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'error', 'no-console': ['error', { allow: ['warn', 'error'] }] },
  },
  boundary(['lib/**'], []),
  boundary(['lib/engine/**'], [noProviderFolder]),
  // The catalogue's types are how a provider says what it means (a message id); its words are the surfaces' business.
  boundary(['lib/providers/*.ts'], [forbid('^\\.\\./(?!i18n/)', 'Providers know nothing of the engine, store, vault or surfaces.'), forbid('^\\.\\./i18n/', 'Providers name messages; the surfaces put them into words.', { allowTypeImports: true })]),
  // One folder per provider: it reaches lib/providers/{types,http,shape}.ts and nothing of another provider.
  // A task source's folder (<provider>-<what>, e.g. alibaba-cdn) may reuse its provider's client and signer.
  ...providerFolders.map((id) => [id, providerFolders.find((p) => id.startsWith(`${p}-`))]).map(([id, served]) =>
    boundary([`lib/providers/${id}/**`], [forbid(served ? `^\\.\\./(?!${served}/)[^./][^/]*/` : '^\\.\\./[^./][^/]*/', `lib/providers/${id}/ must not import another provider's folder.`), forbid('^\\.\\./\\.\\./(?!\\.\\./package\\.json$|i18n/)', 'Providers know nothing of the engine, store, vault or surfaces.'), forbid('^\\.\\./\\.\\./i18n/', 'Providers name messages; the surfaces put them into words.', { allowTypeImports: true })]),
  ),
  // What the content scripts bundle of a task source: its console pages, which import nothing but types.
  boundary(['lib/providers/source-consoles.ts'], [forbid('^\\./(?![^/]+/console$)', 'Only the sources\' console.ts files (and types): the content scripts bundle this.', { allowTypeImports: true })]),
  boundary(['lib/providers/*/console.ts'], [forbid('.', 'A source\'s console pages are bundled into the content scripts: types only.', { allowTypeImports: true })]),
  boundary(['lib/vault/**'], [forbid('^\\.\\./(?!indexed-db$)', 'The vault imports nothing of ours (but IndexedDB\'s plumbing, which imports nothing): only it and the signers see plaintext keys.')]),
  // Shared by the vault: whatever it imported would join what must be read to trust the vault.
  boundary(['lib/indexed-db/**'], [forbid('^\\.', 'IndexedDB\'s plumbing imports nothing: the vault uses it.'), noBrowser]),
  boundary(['lib/store/**'], [forbid('(^|/)(engine|vault)/', 'The store holds state; it does not poll or decrypt.'), noProviderFolder]),
  // The console's manifest content script stays a few KB: no zod, no polyfill, messages as types only.
  boundary(['lib/console/**'], [
    noEngineStoreVault,
    // Except the task sources' console pages: data and a URL test, importing nothing (checked below).
    forbid('(^|/)providers/(?!source-consoles$)', 'Console pages never see a provider (nor a key).'),
    forbid('^(zod|wxt/browser|webextension-polyfill|@wxt-dev/storage)$', 'The manifest content script stays small: it uses the extension global directly.'),
    forbid('(^|/)messaging/messages$', 'Types only: the schemas (and zod) must stay out of the content script.', { allowTypeImports: true }),
  ]),
  boundary(['lib/popup/**', 'lib/files/**', 'lib/settings/**'], [noEngineStoreVault, noBrowser, noProviderFolder]),
  boundary(['lib/messaging/**'], [noEngineStoreVault, noProviderFolder]),
  boundary(['lib/permissions/**'], [forbid('^\\.\\./', 'Host access is given its browser API; it imports nothing of ours.')]),
  {
    files: ['components/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          forbid('(^|/)entrypoints/', 'Components are wired by entrypoints, never the other way.'),
          forbid('(^|/)lib/(engine|store|vault)/', 'Components get props and signals and send intents (messages); state lives in the background.'),
          noProviderFolder,
          forbid('^(webextension-polyfill|@wxt-dev/storage)$', 'Components use no storage or polyfill: entrypoints pass what they need.'),
        ],
      }],
    },
  },
  {
    files: ['test/**'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', Buffer: 'readonly' } },
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
);
