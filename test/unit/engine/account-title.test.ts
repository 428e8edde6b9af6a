/**
 * Issue 30: the toolbar title does not say the provider twice when the account's name already
 * says it, in any language the catalogue has, not only English and Chinese: a language added
 * as a locale file is checked without a line of badge code. Here the catalogue is given a third
 * language (as a new locale file would), in which Huawei Cloud is "ファーウェイ クラウド".
 */
import { describe, expect, it, vi } from 'vitest';
import type { Message } from '../../../lib/i18n/catalogue';
import { accountTitle } from '../../../lib/engine/badge';
import { huawei } from '../../../lib/providers/huawei/index';
import type { Account, Lang } from '../../../lib/providers/types';

const THIRD = 'ja' as Lang;
const JAPANESE: Record<string, string> = { providerHuawei: 'ファーウェイ クラウド' };

vi.mock('../../../lib/i18n/catalogue', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../lib/i18n/catalogue')>();
  return {
    ...actual,
    LOCALES: { ...actual.LOCALES, ja: { file: 'ja.yml', tag: 'ja', text: '' } },
    render: (message: Message, lang: Lang): string => (lang === THIRD ? (JAPANESE[message.id] ?? actual.render(message, 'en')) : actual.render(message, lang)),
  };
});

const account = (name: string): Account => ({ id: 'h', provider: 'huawei', name, settings: {} });

describe('an account’s line in the toolbar title', () => {
  it('takes the account’s name alone when it names the provider in a language of the catalogue other than English or Chinese', () => {
    expect(accountTitle(account('ファーウェイ 本番'), huawei.name, 'en')).toBe('ファーウェイ 本番');
    expect(accountTitle(account('ファーウェイ 本番'), huawei.name, THIRD)).toBe('ファーウェイ 本番');
  });

  it('still reads English and Chinese names, and names the provider, in the language shown, when the account does not', () => {
    expect(accountTitle(account('Huawei prod'), huawei.name, 'zh')).toBe('Huawei prod');
    expect(accountTitle(account('华为生产'), huawei.name, 'en')).toBe('华为生产');
    expect(accountTitle(account('本番'), huawei.name, 'en')).toBe('Huawei Cloud — 本番');
    expect(accountTitle(account('本番'), huawei.name, 'zh')).toBe('华为云 — 本番');
    expect(accountTitle(account('本番'), huawei.name, THIRD)).toBe('ファーウェイ クラウド — 本番');
  });
});
