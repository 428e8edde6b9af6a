export type Found = { path: string; problem?: undefined; notInstalled?: undefined } | { path?: undefined; problem: string; notInstalled?: true };
export const CHROME_IGNORES_LOAD_EXTENSION_FROM: number;
export function browserVersion(executable: string): string | undefined;
export function findChromium(): Found;
export function findFirefox(): Found;
export function findXvfb(): Found;
export function installHint(debianPackages: string[]): string;
