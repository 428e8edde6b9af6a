/**
 * The task sources' console pages (see SourceConsole): a registry line per source, kept apart
 * from ./sources.ts so the content scripts, which read these matches, bundle no source's code.
 */
import type { SourceConsole } from './source';

export const sourceConsoles: readonly SourceConsole[] = [];
