export const SUPPORTED_NODE: string;
export function nodeAdvice(version: string): string | undefined;
