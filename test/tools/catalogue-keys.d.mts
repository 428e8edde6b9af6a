export function keysSource(englishYaml: string): string;
export const KEYS_FILE: string;
export const ENGLISH_FILE: string;
