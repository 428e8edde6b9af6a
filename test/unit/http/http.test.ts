import { describe, expect, it, vi } from 'vitest';
import { say } from '../../../lib/i18n/words';
import { boundedClockOffset, hmac, matchesHostPatterns, MAX_CLOCK_OFFSET_MS, MAX_RESPONSE_BYTES, parseJson, parseRetryAfter, rfc3986, send, sha256Hex, toHex, utf8, withClockSkewRetry, type HttpRequest } from '../../../lib/providers/http';
import { bounded, MAX_ERROR_CODE_LENGTH, MAX_ERROR_MESSAGE_LENGTH, ProviderError } from '../../../lib/providers/types';
import { huawei } from '../../../lib/providers/huawei/index';
import { listDcsTasks } from '../../../lib/providers/huawei/client';
import { alibaba } from '../../../lib/providers/alibaba/index';
import { dnspod, dnspodToken } from '../../../lib/providers/dnspod/index';
import { HostAccess } from '../../../lib/permissions/host-access';
import { testContext } from '../support/context';

const HUAWEI = ['https://*.myhuaweicloud.com/*'] as const;
const request = (over: Partial<HttpRequest> = {}): HttpRequest => ({ url: 'https://dns.cn-north-4.myhuaweicloud.com/', method: 'GET', headers: {}, hosts: HUAWEI, ...over });

describe('every fetch has a timeout and an AbortSignal', () => {
  it('gives up on a server that never answers, as a timeout error', async () => {
    let signal: AbortSignal | undefined;
    const hanging: typeof fetch = (_input, init) => {
      signal = init?.signal ?? undefined;
      return new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    };
    const err = await send(testContext(hanging, { timeoutMs: 50 }), { url: 'https://dns.cn-north-4.myhuaweicloud.com/', method: 'GET', headers: {}, hosts: HUAWEI }).catch((e: unknown) => e);
    expect(err).toMatchObject({ cls: 'timeout' });
    expect((err as Error).cause).toBeInstanceOf(DOMException);
    expect(signal?.aborted).toBe(true);
  });

  it('never waits 30 s or more, whatever the caller asks; 20 s when it asks nothing', async () => {
    const asked: number[] = [];
    const timeout = AbortSignal.timeout.bind(AbortSignal);
    vi.spyOn(AbortSignal, 'timeout').mockImplementation((ms) => (asked.push(ms), timeout(ms)));
    let seen: AbortSignal | undefined;
    const capture: typeof fetch = async (_input, init) => {
      seen = init?.signal ?? undefined;
      return new Response('{}');
    };
    await send(testContext(capture, { timeoutMs: 120_000 }), request());
    expect(seen).toBeInstanceOf(AbortSignal);
    await send(testContext(capture, { timeoutMs: 7_000 }), request());
    await send({ ...testContext(capture), timeoutMs: undefined }, request());
    expect(asked).toEqual([29_000, 7_000, 20_000]);
  });

  it('stops with the caller\'s signal too (the cycle\'s call budget)', async () => {
    const controller = new AbortController();
    const hanging: typeof fetch = (_input, init) => new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    const sent = send(testContext(hanging, { signal: controller.signal }), request());
    controller.abort();
    await expect(sent).rejects.toMatchObject({ cls: 'network' });
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
      throw new ProviderError('clock-skew', 'expired', { serverTime: Date.now() + 40 * 60_000 });
    }).catch((e: unknown) => e);
    expect(attempts).toBe(2);
    expect(err).toMatchObject({ cls: 'clock-skew', message: 'expired' });
    expect(ctx.offset()).toBeGreaterThan(39 * 60_000);
  });

  it('refuses to sign with a server clock hours away from ours, and says so', async () => {
    for (const hoursOff of [-3, 1.5, 26]) {
      let attempts = 0;
      const ctx = testContext(fetch, { startAt: Date.parse('2026-12-03T08:00:00Z') });
      const err = await withClockSkewRetry(ctx, async () => {
        attempts++;
        throw new ProviderError('clock-skew', 'expired', { serverTime: ctx.now() + hoursOff * 3_600_000 });
      }).catch((e: unknown) => e);
      expect(attempts).toBe(1);
      expect(ctx.offset()).toBe(0);
      expect(err).toMatchObject({ cls: 'clock-skew', code: 'ClockTooFarOff' });
      const sentence = (err as ProviderError).sentence!;
      expect(say(sentence, 'en')).toContain(`differ by ${Math.abs(hoursOff).toFixed(1)} hours`);
      expect(say(sentence, 'en')).toMatch(/Set this computer's clock/);
      expect(say(sentence, 'zh')).toContain(`${Math.abs(hoursOff).toFixed(1)} 小时`);
    }
  });

  it('corrects a clock just inside the bound, and not one just past it', async () => {
    const at = Date.parse('2026-12-03T08:00:00Z');
    const attempt = async (offMs: number) => {
      let attempts = 0;
      const ctx = testContext(fetch, { startAt: at });
      await withClockSkewRetry(ctx, async () => {
        attempts++;
        if (attempts === 1) throw new ProviderError('clock-skew', 'expired', { serverTime: at + offMs });
      }).catch(() => undefined);
      return attempts;
    };
    expect(await attempt(MAX_CLOCK_OFFSET_MS)).toBe(2);
    expect(await attempt(-MAX_CLOCK_OFFSET_MS)).toBe(2);
    expect(await attempt(MAX_CLOCK_OFFSET_MS + 1)).toBe(1);
    expect(await attempt(-MAX_CLOCK_OFFSET_MS - 1)).toBe(1);
  });

  it('passes other errors through untouched, without a second attempt', async () => {
    for (const err of [new ProviderError('auth', 'no'), new ProviderError('clock-skew', 'no date'), new Error('bug')]) {
      let attempts = 0;
      const caught = await withClockSkewRetry(testContext(fetch), async () => {
        attempts++;
        throw err;
      }).catch((e: unknown) => e);
      expect(caught).toBe(err);
      expect(attempts).toBe(1);
    }
  });

  it('counts a stored clock offset past the bound (or not a number) as none', () => {
    expect(boundedClockOffset(20 * 60_000)).toBe(20 * 60_000);
    expect(boundedClockOffset(-MAX_CLOCK_OFFSET_MS)).toBe(-MAX_CLOCK_OFFSET_MS);
    expect(boundedClockOffset(MAX_CLOCK_OFFSET_MS + 1)).toBe(0);
    expect(boundedClockOffset(-MAX_CLOCK_OFFSET_MS - 1)).toBe(0);
    expect(boundedClockOffset(Number.NaN)).toBe(0);
    expect(boundedClockOffset(Number.POSITIVE_INFINITY)).toBe(0);
  });
});

describe('what a request may carry, and where', () => {
  it('sends no cookies, keeps nothing in the cache, follows no redirect, and passes the request through as built', async () => {
    let seen: [RequestInfo | URL, RequestInit | undefined] | undefined;
    const capture: typeof fetch = async (input, init) => {
      seen = [input, init];
      return new Response('{"ok":1}', { status: 201, headers: { date: 'Thu, 03 Dec 2026 08:00:00 GMT', 'x-request-id': 'r1' } });
    };
    const res = await send(testContext(capture), { url: 'https://dns.cn-north-4.myhuaweicloud.com/v2.1/x?a=1', method: 'POST', headers: { 'X-Sdk-Date': '20261203T080000Z' }, body: '{"b":2}', hosts: HUAWEI });
    expect(seen![0]).toBe('https://dns.cn-north-4.myhuaweicloud.com/v2.1/x?a=1');
    expect(seen![1]).toMatchObject({ method: 'POST', headers: { 'X-Sdk-Date': '20261203T080000Z' }, body: '{"b":2}', credentials: 'omit', cache: 'no-store', redirect: 'error' });
    expect(seen![1]!.signal).toBeInstanceOf(AbortSignal);
    expect(res).toMatchObject({ status: 201, text: '{"ok":1}', serverTime: Date.parse('2026-12-03T08:00:00Z') });
    expect(res.headers.get('x-request-id')).toBe('r1');
  });

  it('turns a refused redirect (a fetch TypeError) into a network error', async () => {
    const redirected: typeof fetch = async () => {
      throw new TypeError('Failed to fetch: redirect mode is set to error');
    };
    const err = (await send(testContext(redirected), request()).catch((e: unknown) => e)) as ProviderError;
    expect(err).toMatchObject({ cls: 'network', message: 'The request could not be sent (network error)' });
    expect(err.cause).toBeInstanceOf(TypeError);
  });

  it('refuses, unsent, a signed request to a host that is not the provider\'s (a region planted in storage)', async () => {
    const calls: string[] = [];
    const spy: typeof fetch = async (input) => (calls.push(String(input)), new Response('{}'));
    const account = { id: 'a', provider: 'huawei', name: 'P', settings: { site: 'cn', projectId: 'p1' } };
    // The DNS host comes from a closed list of sites now; a DCS region is the one place a name still goes into a host.
    const err = await listDcsTasks({ account, secrets: { accessKeyId: 'AKIDCANARY0000000000', secretAccessKey: 'S'.repeat(40) } }, testContext(spy), { region: 'evil.example/x?', projectId: '0123456789abcdef0123456789abcdef' }).catch((e: unknown) => e);
    expect(calls).toEqual([]);
    expect(err).toMatchObject({ cls: 'invalid-input', code: 'HostNotAllowed' });
    const sentence = (err as ProviderError).sentence!;
    expect(say(sentence, 'en')).toContain('refused to send this account\'s keys to dcs.evil.example');
    expect(say(sentence, 'en')).not.toContain('x?');
    expect(say(sentence, 'zh')).toContain('dcs.evil.example');
    expect((err as ProviderError).message).not.toContain('AKIDCANARY');
  });

  it('matches URLs against the providers\' own API host patterns only', () => {
    const ok = [
      ['https://dns.cn-north-4.myhuaweicloud.com/v2.1/x', HUAWEI],
      ['https://iam.myhuaweicloud.com/v3/projects', HUAWEI],
      ['https://myhuaweicloud.com/', HUAWEI],
      ['https://alidns.aliyuncs.com/?Action=x', ['https://alidns.aliyuncs.com/*']],
      ['https://dnsapi.cn/Batch.Detail', ['https://dnsapi.cn/*']],
      ['https://B.example.com/', ['https://a.example/*', 'https://*.example.com/*']],
    ] as const;
    for (const [url, patterns] of ok) expect(matchesHostPatterns(url, patterns), url).toBe(true);
    const refused = [
      ['https://dns.evil.example/x?.myhuaweicloud.com/v2.1', HUAWEI],
      ['https://myhuaweicloud.com.evil.example/', HUAWEI],
      ['https://evilmyhuaweicloud.com/', HUAWEI],
      ['http://dns.cn-north-4.myhuaweicloud.com/', HUAWEI],
      ['https://dns.cn-north-4.myhuaweicloud.com:8443/', HUAWEI],
      ['https://user:pw@dns.cn-north-4.myhuaweicloud.com/', HUAWEI],
      ['https://user@dns.cn-north-4.myhuaweicloud.com/', HUAWEI],
      ['https://:pw@dns.cn-north-4.myhuaweicloud.com/', HUAWEI],
      ['https://x.alidns.aliyuncs.com/', ['https://alidns.aliyuncs.com/*']],
      ['https://dnsapi.cn.evil.example/', ['https://dnsapi.cn/*']],
      ['not a url', HUAWEI],
      ['https://dns.cn-north-4.myhuaweicloud.com/', []],
      ['https://dns.cn-north-4.myhuaweicloud.com/', ['*://*.myhuaweicloud.com/*']],
      ['https://dns.cn-north-4.myhuaweicloud.com/', ['https://*.myhuaweicloud.com/v2/*']],
      ['https://dns.cn-north-4.myhuaweicloud.com/', ['https://*.myhuaweicloud.com']],
      ['https://dns.cn-north-4.myhuaweicloud.com/', ['xhttps://*.myhuaweicloud.com/*']],
      ['https://dns.cn-north-4.myhuaweicloud.com/', ['https://*.myhuaweicloud.com/*x']],
    ] as const;
    for (const [url, patterns] of refused) expect(matchesHostPatterns(url, patterns), url).toBe(false);
  });

  it('gives every provider its own patterns: no provider may reach another\'s API', () => {
    expect(huawei.apiHostPatterns).toEqual(['https://*.myhuaweicloud.com/*']);
    expect(alibaba.apiHostPatterns).toEqual(['https://alidns.aliyuncs.com/*', 'https://alidns.ap-southeast-1.aliyuncs.com/*']);
    expect(dnspod.apiHostPatterns).toEqual(['https://dnspod.tencentcloudapi.com/*', 'https://dnspod.intl.tencentcloudapi.com/*']);
    expect(dnspodToken.apiHostPatterns).toEqual(['https://dnsapi.cn/*']);
  });
});

describe('hostile answers', () => {
  const big = (bytes: number, chunk = 64 * 1024): { stream: ReadableStream<Uint8Array>; pulled: () => number; cancelled: () => boolean } => {
    let sent = 0;
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= bytes) return controller.close();
        const n = Math.min(chunk, bytes - sent);
        sent += n;
        controller.enqueue(new Uint8Array(n).fill(0x20));
      },
      cancel() {
        cancelled = true;
      },
    });
    return { stream, pulled: () => sent, cancelled: () => cancelled };
  };

  it('stops reading an answer past 5 MB, cancels it, and says it was too large', async () => {
    const body = big(MAX_RESPONSE_BYTES + 1024 * 1024); // past the cap, yet finite: without the cap the test fails rather than hangs
    const err = await send(testContext(async () => new Response(body.stream)), request()).catch((e: unknown) => e);
    // Compared by its class and code: a 6 MB answer in a failure's diff would take minutes to print.
    expect(err instanceof ProviderError ? { cls: err.cls, code: err.code } : 'read in full').toEqual({ cls: 'malformed', code: 'AnswerTooLarge' });
    expect(say((err as ProviderError).sentence!, 'en')).toMatch(/too large \(over 5 MB\)/);
    expect(say((err as ProviderError).sentence!, 'zh')).toMatch(/过大/);
    expect(body.pulled()).toBeLessThanOrEqual(MAX_RESPONSE_BYTES + 2 * 64 * 1024);
    expect(body.cancelled()).toBe(true);
  });

  it('refuses an answer that announces more than 5 MB without reading it', async () => {
    const body = big(MAX_RESPONSE_BYTES + 1);
    const err = await send(testContext(async () => new Response(body.stream, { headers: { 'content-length': String(MAX_RESPONSE_BYTES + 1) } })), request()).catch((e: unknown) => e);
    expect(err).toMatchObject({ cls: 'malformed', code: 'AnswerTooLarge' });
    expect(body.pulled()).toBeLessThanOrEqual(64 * 1024);
    expect(body.cancelled()).toBe(true);
  });

  it('reads an answer of exactly 5 MB, in any chunking, and multi-byte characters split across chunks', async () => {
    const exact = big(MAX_RESPONSE_BYTES, 1000);
    const res = await send(testContext(async () => new Response(exact.stream, { headers: { 'content-length': String(MAX_RESPONSE_BYTES) } })), request());
    expect(res.text.length).toBe(MAX_RESPONSE_BYTES);
    const bytes = new TextEncoder().encode('{"Message":"记录已存在 ✓"}');
    const split = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const b of bytes) controller.enqueue(new Uint8Array([b]));
        controller.close();
      },
    });
    expect((await send(testContext(async () => new Response(split)), request())).text).toBe('{"Message":"记录已存在 ✓"}');
    expect((await send(testContext(async () => new Response(null, { status: 204 })), request())).text).toBe('');
  });

  it('turns a body cut off midway into a network error', async () => {
    const broken = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array([0x7b]));
        controller.error(new TypeError('connection reset'));
      },
    });
    const err = (await send(testContext(async () => new Response(broken)), request()).catch((e: unknown) => e)) as ProviderError;
    expect(err).toMatchObject({ cls: 'network', message: 'The answer was cut off before it was complete' });
    expect(err.cause).toBeInstanceOf(TypeError);
  });

  it('keeps server error codes, messages and request ids small wherever they are stored', () => {
    const err = new ProviderError('server', 'x'.repeat(1_000_000), { code: 'C'.repeat(10_000), requestId: 'r'.repeat(10_000) });
    expect(err.message).toHaveLength(MAX_ERROR_MESSAGE_LENGTH);
    expect(err.message.endsWith('…')).toBe(true);
    expect(err.code).toHaveLength(MAX_ERROR_CODE_LENGTH);
    expect(err.requestId).toHaveLength(MAX_ERROR_CODE_LENGTH);
    const small = new ProviderError('server', 'short', { code: 'DNS.0312', requestId: 'req-1' });
    expect([small.message, small.code, small.requestId]).toEqual(['short', 'DNS.0312', 'req-1']);
    expect(bounded('abc', 3)).toBe('abc');
    expect(bounded('abcd', 3)).toBe('ab…');
    // Never half of a surrogate pair.
    expect(bounded('a😀b', 3)).toBe('a…');
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

describe('the small print of send() and its helpers', () => {
  it('names its timeout in seconds', async () => {
    const hanging: typeof fetch = (_input, init) => new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    await expect(send(testContext(hanging, { timeoutMs: 50 }), request())).rejects.toMatchObject({ cls: 'timeout', message: 'No answer within 0 s' });
  });

  it('calls a body that stops arriving before the timeout a timeout, not a network error', async () => {
    const stalled = new ReadableStream<Uint8Array>({ start: (controller) => controller.enqueue(new Uint8Array([0x7b])) });
    const fetchStalled: typeof fetch = async (_input, init) => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          void stalled.getReader().read().then(({ value }) => value && controller.enqueue(value));
          init?.signal?.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
        },
      });
      return new Response(body);
    };
    await expect(send(testContext(fetchStalled, { timeoutMs: 50 }), request())).rejects.toMatchObject({ cls: 'timeout', message: 'The answer was cut off before it was complete' });
  });

  it('says what it refused, even for an address that does not parse, and never sends it', async () => {
    let calls = 0;
    const spy: typeof fetch = async () => (calls++, new Response('{}'));
    await expect(send(testContext(spy), request({ url: 'https://evil.example:8443/x?k=AKID' }))).rejects.toMatchObject({
      message: 'Refused to send a signed request to evil.example:8443: not an API host of this provider',
    });
    const err = (await send(testContext(spy), request({ url: 'not a url' })).catch((e: unknown) => e)) as ProviderError;
    expect(err.message).toBe('Refused to send a signed request to an invalid address: not an API host of this provider');
    expect(say(err.sentence!, 'en')).toBe("Batchwatch refused to send this account's keys to an invalid address, which is not an API host of this provider. Check the account's region and endpoint, and save it again.");
    expect(calls).toBe(0);
  });

  it('refuses an announced oversize answer that has no body at all, still as too large', async () => {
    const err = await send(testContext(async () => new Response(null, { headers: { 'content-length': String(MAX_RESPONSE_BYTES * 2) } })), request()).catch((e: unknown) => e);
    expect(err).toMatchObject({ cls: 'malformed', code: 'AnswerTooLarge' });
  });

  it('says in its message how large an answer it refused', async () => {
    const err = (await send(testContext(async () => new Response('x', { headers: { 'content-length': String(MAX_RESPONSE_BYTES + 1) } })), request()).catch((e: unknown) => e)) as ProviderError;
    expect(err.message).toBe('The answer was too large (over 5 MB) and was not read');
  });

  it('decodes a body that ends inside a character as a replacement character', async () => {
    const cut = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array([0x61, 0xe8, 0xae]));
        controller.close();
      },
    });
    expect((await send(testContext(async () => new Response(cut)), request())).text).toBe('a\uFFFD');
  });

  it('parses JSON, or says which answer was not JSON', () => {
    expect(parseJson('{"a":[1]}', 'ListThings')).toEqual({ a: [1] });
    expect(() => parseJson('{"a":', 'ListThings')).toThrow(expect.objectContaining({ cls: 'malformed', message: 'ListThings: the answer is not valid JSON' }));
    // Like a transport failure, the parser's own error stays attached for the developer tools.
    let thrown: unknown;
    try {
      parseJson('<html>502 Bad Gateway</html>', 'ListThings');
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toMatchObject({ cls: 'malformed', cause: expect.any(SyntaxError) });
  });

  it('reads the server clock only from a valid Date header', async () => {
    const withDate = (date?: string) => send(testContext(async () => new Response('{}', { headers: date === undefined ? {} : { date } })), request());
    expect((await withDate('garbage')).serverTime).toBeUndefined();
    expect((await withDate()).serverTime).toBeUndefined();
    expect((await withDate('Thu, 03 Dec 2026 08:00:00 GMT')).serverTime).toBe(Date.parse('2026-12-03T08:00:00Z'));
  });

  it('reads Retry-After strictly: trimmed seconds, fractions, past dates as 0, the first header that says something', () => {
    const now = Date.parse('2026-11-24T10:00:00Z');
    expect(parseRetryAfter(new Headers({ 'retry-after': ' 7 ' }), now)).toBe(7_000);
    expect(parseRetryAfter(new Headers({ 'retry-after': '1.5' }), now)).toBe(1_500);
    expect(parseRetryAfter(new Headers({ 'retry-after': '1.25' }), now)).toBe(1_250);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Tue, 24 Nov 2026 09:00:00 GMT' }), now)).toBe(0);
    expect(parseRetryAfter(new Headers({ 'retry-after': '', 'x-acs-retry-after': '3' }), now)).toBe(3_000);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon', 'x-acs-retry-after': '4' }), now)).toBe(4_000);
    expect(parseRetryAfter(new Headers({ 'retry-after': '5.a' }), now)).toBeUndefined();
    expect(parseRetryAfter(new Headers({ 'retry-after': 'x5' }), now)).toBeUndefined();
    expect(parseRetryAfter(new Headers({ 'retry-after': '5.a' }), now)).toBeUndefined();
  });

  it('reads seconds padded with a non-breaking space as seconds, never as the day in 2001 a lenient date parser makes of them', () => {
    const now = Date.parse('2026-11-24T10:00:00Z');
    // Latin-1 0xA0 is not HTTP whitespace: Fetch hands it over untrimmed, and Date.parse('\u00a07') is 1 July 2001.
    expect(parseRetryAfter(new Headers({ 'retry-after': '\u00a07\u00a0' }), now)).toBe(7_000);
    expect(parseRetryAfter(new Headers({ 'x-acs-retry-after': '\u00a030' }), now)).toBe(30_000);
  });

  it('says in its message how far off the server clock was', async () => {
    const at = Date.parse('2026-12-03T08:00:00Z');
    const ctx = testContext(fetch, { startAt: at });
    const err = (await withClockSkewRetry(ctx, async () => {
      throw new ProviderError('clock-skew', 'expired', { serverTime: at + 2.25 * 3_600_000 });
    }).catch((e: unknown) => e)) as ProviderError;
    expect(err.message).toBe("The server's clock is 2.3 hours away from this computer's: not signing with it");
  });

  it('encodes as the signers need: hex with leading zeros, RFC 3986 for the reserved marks, UTF-8 bytes', async () => {
    expect(toHex(new Uint8Array([0x00, 0x0a, 0xff]))).toBe('000aff');
    expect(toHex(new Uint8Array([0x01, 0x02]).buffer)).toBe('0102');
    expect(rfc3986("a b!'()*~-_.")).toBe('a%20b%21%27%28%29%2A~-_.');
    expect(rfc3986('中')).toBe('%E4%B8%AD');
    expect(Array.from(utf8('é'))).toEqual([0xc3, 0xa9]);
    expect(await sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(await sha256Hex(utf8('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(toHex(await hmac('SHA-256', 'key', 'The quick brown fox jumps over the lazy dog'))).toBe('f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8');
    expect(toHex(await hmac('SHA-1', utf8('key'), 'The quick brown fox jumps over the lazy dog'))).toBe('de7c9b85b8b78aa6bc8a7a36f70a90701c9db4d9');
  });

  it('makes the signing key from a secret non-extractable: nothing holding it can export the secret again', async () => {
    const importKey = vi.spyOn(crypto.subtle, 'importKey');
    try {
      await hmac('SHA-256', 'secret', 'message');
      const made = (await importKey.mock.results[0]!.value) as CryptoKey;
      expect(made.extractable).toBe(false);
      await expect(crypto.subtle.exportKey('raw', made)).rejects.toThrow();
    } finally {
      importKey.mockRestore();
    }
  });
});
