import { describe, expect, it } from 'vitest';
import { parseRetryAfter, send, withClockSkewRetry } from '../../../lib/providers/http';
import { ProviderError } from '../../../lib/providers/types';
import { HostAccess } from '../../../lib/permissions';
import { testContext } from '../support/context';

describe('every fetch has a timeout and an AbortSignal', () => {
  it('gives up on a server that never answers, as a timeout error', async () => {
    let signal: AbortSignal | undefined;
    const hanging: typeof fetch = (_input, init) => {
      signal = init?.signal ?? undefined;
      return new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    };
    const err = await send(testContext(hanging, { timeoutMs: 50 }), { url: 'https://dns.cn-north-4.myhuaweicloud.com/', method: 'GET', headers: {} }).catch((e: unknown) => e);
    expect(err).toMatchObject({ cls: 'timeout' });
    expect(signal?.aborted).toBe(true);
  });

  it('never waits 30 s or more, whatever the caller asks', async () => {
    let seen: AbortSignal | undefined;
    const capture: typeof fetch = async (_input, init) => {
      seen = init?.signal ?? undefined;
      return new Response('{}');
    };
    await send(testContext(capture, { timeoutMs: 120_000 }), { url: 'https://x.example/', method: 'GET', headers: {} });
    expect(seen).toBeInstanceOf(AbortSignal);
  });

  it('reads Retry-After in seconds or as a date, and Alibaba\'s x-acs-retry-after', () => {
    const now = Date.parse('2026-11-24T10:00:00Z');
    expect(parseRetryAfter(new Headers({ 'retry-after': '120' }), now)).toBe(120_000);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Tue, 24 Nov 2026 10:01:00 GMT' }), now)).toBe(60_000);
    expect(parseRetryAfter(new Headers({ 'x-acs-retry-after': '5' }), now)).toBe(5_000);
    expect(parseRetryAfter(new Headers(), now)).toBeUndefined();
  });

  it('retries a clock-skew refusal exactly once, with the server\'s clock', async () => {
    let attempts = 0;
    const ctx = testContext(fetch);
    const err = await withClockSkewRetry(ctx, async () => {
      attempts++;
      throw new ProviderError('clock-skew', 'expired', { serverTime: Date.now() + 3_600_000 });
    }).catch((e: unknown) => e);
    expect(attempts).toBe(2);
    expect(err).toMatchObject({ cls: 'clock-skew' });
    expect(ctx.offset()).toBeGreaterThan(3_500_000);
  });
});

describe('optional host permissions', () => {
  const api = (granted: boolean, answer: boolean) => {
    const calls: string[] = [];
    return {
      calls,
      api: {
        contains: async () => (calls.push('contains'), granted),
        request: async () => (calls.push('request'), answer),
      },
    };
  };
  it('asks the browser on first use and remembers a grant', async () => {
    const fake = api(false, true);
    const access = new HostAccess(fake.api);
    await access.preload([['https://alidns.aliyuncs.com/*']]);
    expect(await access.ensure(['https://alidns.aliyuncs.com/*'])).toBe(true);
    expect(await access.ensure(['https://alidns.aliyuncs.com/*'])).toBe(true);
    expect(fake.calls).toEqual(['contains', 'request']);
  });
  it('does not ask again for what is already granted (no await before the prompt)', async () => {
    const fake = api(true, false);
    const access = new HostAccess(fake.api);
    await access.preload([['https://dnsapi.cn/*']]);
    expect(await access.ensure(['https://dnsapi.cn/*'])).toBe(true);
    expect(fake.calls).toEqual(['contains']);
  });
  it('reports a refusal', async () => {
    const access = new HostAccess(api(false, false).api);
    expect(await access.ensure(['https://*.myhuaweicloud.com/*'])).toBe(false);
  });
});
