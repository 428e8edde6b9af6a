import { browser } from 'wxt/browser';
import type { Lang } from '../../lib/providers/types';

/** The language extension pages speak: the browser's UI language, Chinese or English. */
export const uiLang = (): Lang => (browser.i18n.getUILanguage().toLowerCase().startsWith('zh') ? 'zh' : 'en');

/** What `<html lang>` says for it (screen readers and CJK font choice read it). */
export const htmlLang = (lang: Lang): string => (lang === 'zh' ? 'zh-CN' : 'en');
