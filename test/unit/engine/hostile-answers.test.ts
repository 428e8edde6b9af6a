import { describe, expect, it } from 'vitest';
import { describeProblem } from '../../../lib/engine/cycle';
import { fetchAllFailedItems } from '../../../lib/engine/failed-items';
import { makeContext } from '../../../lib/engine/context';
import { MAX_CLOCK_OFFSET_MS } from '../../../lib/providers/http';
import { MAX_ERROR_CODE_LENGTH, MAX_ERROR_MESSAGE_LENGTH, ProviderError, type Task } from '../../../lib/providers/types';
import { emptyRuntime } from '../../../lib/store/index';
import { CLOCK_START, engineDeps, fakeProvider } from '../support/fakes';

describe('what the engine keeps of a hostile answer', () => {
  it('tells the user Batchwatch\'s own reason when it refused a call itself, and the provider\'s otherwise', () => {
    const { provider } = fakeProvider();
    const sentence = { en: 'Batchwatch refused to send this account\'s keys to evil.example.', zh: '拒绝发送。' };
    expect(describeProblem(provider, new ProviderError('invalid-input', 'x', { sentence }))).toEqual(sentence);
    expect(describeProblem(provider, new ProviderError('throttled', 'x'))).toEqual({ en: 'Fake says throttled: do something', zh: '中文：throttled' });
  });

  it('signs with a stored clock offset only while it is within bounds (storage is untrusted)', () => {
    const { deps } = engineDeps([]);
    const at = (offset: number): number => makeContext(deps, { ...emptyRuntime(), clockOffsetMs: offset }, () => undefined).now() - CLOCK_START;
    expect(at(20 * 60_000)).toBe(20 * 60_000);
    expect(at(-MAX_CLOCK_OFFSET_MS)).toBe(-MAX_CLOCK_OFFSET_MS);
    expect(at(10 * 3_600_000)).toBe(0);
    expect(at(-MAX_CLOCK_OFFSET_MS - 1)).toBe(0);
  });

  it('stores failed items with their server strings cut to size', async () => {
    const { provider } = fakeProvider();
    const huge = 'x'.repeat(100_000);
    const hostile = {
      ...provider,
      failedItems: async () => ({ items: [{ item: huge, code: huge, message: huge, fields: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`${i}${huge}`, huge])) }, { item: 'www A 192.0.2.1', message: 'exists', code: 'DNS.0312', fields: { Rr: '@' } }] }),
    };
    const task = { key: 'a:k:1', provider: 'fake', accountId: 'a', kind: 'k', providerTaskId: '1', label: 'l', status: 'partial' } as Task;
    const cred = { account: { id: 'a', provider: 'fake', name: 'P', settings: {} }, secrets: {} };
    const { items } = await fetchAllFailedItems(hostile, cred, task, () => makeContext(engineDeps([]).deps, emptyRuntime(), () => undefined));
    expect(items[0]!.item).toHaveLength(MAX_ERROR_MESSAGE_LENGTH);
    expect(items[0]!.message).toHaveLength(MAX_ERROR_MESSAGE_LENGTH);
    expect(items[0]!.code).toHaveLength(MAX_ERROR_CODE_LENGTH);
    expect(Object.keys(items[0]!.fields!)).toHaveLength(40);
    for (const [k, v] of Object.entries(items[0]!.fields!)) {
      expect(k.length).toBeLessThanOrEqual(MAX_ERROR_CODE_LENGTH);
      expect(v).toHaveLength(4096);
    }
    expect(items[1]).toEqual({ item: 'www A 192.0.2.1', message: 'exists', code: 'DNS.0312', fields: { Rr: '@' } });
  });
});
