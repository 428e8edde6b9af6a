/**
 * The check of a stored account's settings (stored state is untrusted): an optional setting left
 * empty reads back as saved, an empty value is not one of a field's listed choices.
 */
import { describe, expect, it } from 'vitest';
import { getProvider } from '../../../lib/providers/index';
import { storedAccountValid } from '../../../lib/providers/field-check';
import type { Account } from '../../../lib/providers/types';

const huawei = getProvider('huawei');
const alibaba = getProvider('alibaba');
const account = (provider: string, settings: Record<string, string>): Account => ({ id: 'acc-1', provider, name: 'Mine', settings });

describe('a stored account\'s settings', () => {
  it('an optional setting left empty (a project id, a token expiry) is read back, though its check refuses an empty value when typed', () => {
    expect(huawei?.fields.find((f) => f.key === 'projectId')?.validate?.('')).toBeDefined();
    expect(storedAccountValid(huawei, account('huawei', { site: 'cn', projectId: '' }))).toBe(true);
    expect(storedAccountValid(alibaba, account('alibaba', { endpoint: 'alidns.aliyuncs.com', tokenExpiresAt: '' }))).toBe(true);
  });

  it('an empty value in a field of listed choices is none of them: refused', () => {
    expect(storedAccountValid(huawei, account('huawei', { site: '' }))).toBe(false);
    expect(storedAccountValid(alibaba, account('alibaba', { endpoint: '' }))).toBe(false);
  });

  it('a listed choice is read back, an unlisted one is not', () => {
    expect(storedAccountValid(huawei, account('huawei', { site: 'intl' }))).toBe(true);
    expect(storedAccountValid(huawei, account('huawei', { site: 'evil.example' }))).toBe(false);
  });
});
