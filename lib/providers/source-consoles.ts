/**
 * The task sources' console pages (see SourceConsole): a registry line per source, kept apart
 * from ./sources.ts so the content scripts, which read these matches, bundle no source's code.
 */
import type { SourceConsole } from './source';
import { ALIBABA_CDN_CONSOLE } from './alibaba-cdn/console';
import { TENCENT_CDN_CONSOLE } from './tencent-cdn/console';
import { HUAWEI_CDN_CONSOLE } from './huawei-cdn/console';

export const sourceConsoles: readonly SourceConsole[] = [ALIBABA_CDN_CONSOLE, TENCENT_CDN_CONSOLE, HUAWEI_CDN_CONSOLE];
