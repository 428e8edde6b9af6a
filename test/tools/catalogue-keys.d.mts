export function languagesOf(files: readonly string[]): { lang: string; file: string; tag: string }[];
export function keysSource(englishYaml: string, localeFiles?: readonly string[]): string;
export const KEYS_FILE: string;
export const LOCALES_DIR: string;
export const ENGLISH_FILE: string;
