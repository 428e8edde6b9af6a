/**
 * Temporary keys pasted as the providers' CLIs print them. The three documented examples are
 * read as the pages give them (values shortened where the page does, as it does); properties
 * then cover any keys, any casing of the names and any text around the JSON.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { expiryOf, formValuesFor, parseExpiry, parseTemporaryKeys, TemporaryKeysExpiredError, usableToken, type TemporaryKeys } from '../../../lib/providers/temporary-keys';
import type { Credentials } from '../../../lib/providers/types';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('reading the JSON the role-assumption commands print', () => {
  it('reads `aliyun sts AssumeRole` (the shape of alibabacloud.com/help/en/ram/api-assumerole, "Response elements" example)', () => {
    const printed = `{
      "RequestId": "6894B13B-6D71-4EF5-88FA-F32781734A7F",
      "AssumedRoleUser": { "AssumedRoleId": "34458433936495****:alice", "Arn": "acs:ram::123456789012****:role/alice/alice" },
      "Credentials": {
        "SecurityToken": "CAIS8gF1q6Ft5B2yfSjIr5****",
        "Expiration": "2015-04-09T11:52:19Z",
        "AccessKeySecret": "wyLTSmsyPGP1ohvvw8xYgB29dlGI8KMiH2pK****",
        "AccessKeyId": "STS.L4aBSCSJVMuKg5U1****"
      }
    }`;
    expect(parseTemporaryKeys(printed)).toEqual({
      source: 'alibaba', keyId: 'STS.L4aBSCSJVMuKg5U1****', secret: 'wyLTSmsyPGP1ohvvw8xYgB29dlGI8KMiH2pK****', token: 'CAIS8gF1q6Ft5B2yfSjIr5****', expiresAt: Date.UTC(2015, 3, 9, 11, 52, 19),
    });
  });

  it('reads `tccli sts AssumeRole` and the API\'s own Response wrapper (tencentcloud.com/document/product/1150/49456, output example)', () => {
    const credentials = { Token: 'kTRtHpOSOCYzqOXd0IXEd****', TmpSecretId: 'AKIDl4x5ZJlDY0mB****', TmpSecretKey: 'NYJYsvmWlE0w8NzS****' };
    const cli = { Credentials: credentials, ExpiredTime: 1543914376, Expiration: '2018-12-04T09:06:16Z', RequestId: '4daec797-9cd2-4f09-9e7a-7d4c43b2a74c' };
    const expected = { source: 'tencent', keyId: 'AKIDl4x5ZJlDY0mB****', secret: 'NYJYsvmWlE0w8NzS****', token: 'kTRtHpOSOCYzqOXd0IXEd****', expiresAt: 1543914376_000 };
    expect(parseTemporaryKeys(JSON.stringify(cli, null, 2))).toEqual(expected);
    expect(parseTemporaryKeys(JSON.stringify({ Response: cli }))).toEqual(expected);
    // Only the ISO Expiration: the same instant.
    expect(parseTemporaryKeys(JSON.stringify({ Credentials: credentials, Expiration: '2018-12-04T09:06:16Z' }))?.expiresAt).toBe(1543914376_000);
  });

  it('reads Huawei\'s temporary access key answer (support.huaweicloud.com/intl/en-us/api-iam/iam_04_0002.html, response example)', () => {
    const answer = '{ "credential": { "access": "NZFAT5VNWEJDGZ4PZ...", "expires_at": "2020-01-08T03:50:07.574000Z", "secret": "riEoWsy3qO0BvgwfkoLVgCUvzgpjBBcvdq...", "securitytoken": "gQpjbi1ub3J0aC00jD4Ej..." } }';
    expect(parseTemporaryKeys(answer)).toEqual({
      source: 'huawei', keyId: 'NZFAT5VNWEJDGZ4PZ...', secret: 'riEoWsy3qO0BvgwfkoLVgCUvzgpjBBcvdq...', token: 'gQpjbi1ub3J0aC00jD4Ej...', expiresAt: Date.UTC(2020, 0, 8, 3, 50, 7, 574),
    });
  });

  it('finds nothing in text that holds no temporary keys (long-lived keys included)', () => {
    expect(parseTemporaryKeys('')).toBeUndefined();
    expect(parseTemporaryKeys('not json {')).toBeUndefined();
    expect(parseTemporaryKeys('{"AccessKeyId":"LTAI5tKey","AccessKeySecret":"secret"}')).toBeUndefined();
    expect(parseTemporaryKeys('[{"Credentials":1}]')).toBeUndefined();
  });
});

const part = fc.stringMatching(/^[A-Za-z0-9+/=._*-]{1,60}$/);
const instant = fc.integer({ min: Date.UTC(2000, 0, 1) / 1000, max: Date.UTC(2099, 0, 1) / 1000 }).map((s) => s * 1000);
/** Names as a person might retype them: any casing. */
const recase = (name: string): fc.Arbitrary<string> => fc.array(fc.boolean(), { minLength: name.length, maxLength: name.length }).map((up) => [...name].map((c, i) => (up[i] ? c.toUpperCase() : c.toLowerCase())).join(''));
const noise = fc.stringMatching(/^[^{}]{0,20}$/);

function printed(source: TemporaryKeys['source'], keys: { keyId: string; secret: string; token: string; expiresAt: number }, names: string[]): unknown {
  const [a, b, c, d, e] = names as [string, string, string, string, string];
  const iso = new Date(keys.expiresAt).toISOString();
  if (source === 'alibaba') return { RequestId: 'x', [a]: { [b]: keys.keyId, [c]: keys.secret, [d]: keys.token, [e]: iso } };
  if (source === 'tencent') return { [a]: { [b]: keys.keyId, [c]: keys.secret, [d]: keys.token }, [e]: keys.expiresAt / 1000, RequestId: 'x' };
  return { [a]: { [b]: keys.keyId, [c]: keys.secret, [d]: keys.token, [e]: iso.replace('Z', '000Z') } };
}

const NAMES: Record<TemporaryKeys['source'], string[]> = {
  alibaba: ['Credentials', 'AccessKeyId', 'AccessKeySecret', 'SecurityToken', 'Expiration'],
  tencent: ['Credentials', 'TmpSecretId', 'TmpSecretKey', 'Token', 'ExpiredTime'],
  huawei: ['credential', 'access', 'secret', 'securitytoken', 'expires_at'],
};

describe('parseTemporaryKeys, for any input', () => {
  it('reads back any keys from each shape, whatever the names\' casing and the text around the JSON', () => {
    fc.assert(
      fc.property(
        (fc.constantFrom('alibaba', 'tencent', 'huawei') as fc.Arbitrary<TemporaryKeys['source']>).chain((source) => fc.tuple(fc.constant(source), fc.tuple(...NAMES[source].map(recase)))),
        part, part, part, instant, noise, noise, fc.boolean(),
        ([source, names], keyId, secret, token, expiresAt, before, after, pretty) => {
          const text = `${before}${JSON.stringify(printed(source, { keyId, secret, token, expiresAt }, names), null, pretty ? 2 : 0)}${after}`;
          expect(parseTemporaryKeys(text)).toEqual({ source, keyId, secret, token, expiresAt });
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('never throws and never logs, whatever it is given (the text may hold a secret)', () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify({ Credentials: v }))), (text) => {
        expect(() => parseTemporaryKeys(text)).not.toThrow();
      }),
      { numRuns: 2_000 },
    );
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });

  it('reads an instant however the providers write it, and refuses what is not one', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 999 }), (ms, extra) => {
        const at = ms + extra;
        expect(parseExpiry(new Date(at).toISOString())).toBe(at);
        expect(parseExpiry(new Date(at).toISOString().replace('Z', '123Z'))).toBe(at);
        expect(parseExpiry(String(ms / 1000))).toBe(ms);
        expect(parseExpiry(ms / 1000)).toBe(ms);
      }),
    );
    expect(parseExpiry('2026-12-07T22:05:00+08:00')).toBe(Date.UTC(2026, 11, 7, 14, 5));
    for (const bad of ['', 'tomorrow', '2026-02-31T00:00:00Z', '2026-12-07T14:05:00', '2026-12-07T25:00:00Z']) expect(parseExpiry(bad)).toBeUndefined();
  });
});

describe('filling a provider\'s form', () => {
  const keys: TemporaryKeys = { source: 'tencent', keyId: 'AKIDtemp', secret: 'sec', token: 'tok', expiresAt: Date.UTC(2026, 11, 7, 14, 5) };

  it('fills the key fields, the token and the expiry of the provider the keys belong to', () => {
    expect(formValuesFor('dnspod', keys)).toEqual({ values: { secretId: 'AKIDtemp', secretKey: 'sec', securityToken: 'tok', tokenExpiresAt: '2026-12-07T14:05:00Z' } });
    expect(formValuesFor('alibaba', { ...keys, source: 'alibaba' })).toEqual({ values: { accessKeyId: 'AKIDtemp', secretAccessKey: 'sec', securityToken: 'tok', tokenExpiresAt: '2026-12-07T14:05:00Z' } });
  });

  it('never fills another cloud\'s form: its keys would be sent to the wrong API', () => {
    expect(formValuesFor('alibaba', keys)).toEqual({ otherProvider: 'dnspod' });
    expect(formValuesFor('dnspod-token', keys)).toEqual({ otherProvider: 'dnspod' });
  });
});

describe('the check before signing', () => {
  const cred = (secrets: Record<string, string>, settings: Record<string, string> = {}): Credentials => ({ account: { id: 'a', provider: 'alibaba', name: 'Prod', settings }, secrets });
  const expires = Date.UTC(2026, 11, 7, 14, 5);

  it('gives the token until its known expiry, and refuses from that instant on', () => {
    const c = cred({ securityToken: 'tok' }, { tokenExpiresAt: '2026-12-07T14:05:00Z' });
    expect(expiryOf(c.account)).toBe(expires);
    expect(usableToken(c, expires - 1)).toBe('tok');
    expect(() => usableToken(c, expires)).toThrow(TemporaryKeysExpiredError);
    try {
      usableToken(c, expires + 60_000);
    } catch (err) {
      expect(err).toMatchObject({ cls: 'expired', expiredAt: expires });
      expect(String((err as Error).message)).not.toContain('tok');
    }
  });

  it('long-lived keys (no token) are never refused for an expiry, and a token without a known expiry is sent', () => {
    expect(usableToken(cred({}, { tokenExpiresAt: '2000-01-01T00:00:00Z' }), expires)).toBeUndefined();
    expect(usableToken(cred({ securityToken: 'tok' }), expires)).toBe('tok');
  });
});
