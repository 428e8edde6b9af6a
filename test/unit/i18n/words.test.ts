import { describe, expect, it } from 'vitest';
import { say, wordsSchema, UNKNOWN_MESSAGE } from '../../../lib/i18n/words';
import { describeProblem } from '../../../lib/engine/cycle';
import { alibaba } from '../../../lib/providers/alibaba/index';
import { dnspod } from '../../../lib/providers/dnspod/index';
import { huawei } from '../../../lib/providers/huawei/index';
import { ProviderError, type Provider } from '../../../lib/providers/types';

describe('a stored message', () => {
  it('is stored as a meaning and put into words in the language asked for at the time', () => {
    const stored = describeProblem(alibaba, new ProviderError('throttled', 'slow down', { code: 'Throttling.User' }));
    expect(JSON.stringify(stored)).not.toMatch(/[\u4e00-\u9fff]|throttling this account/);
    expect(say(stored, 'en')).toBe('Alibaba Cloud is throttling this account. Batchwatch will slow down and try again by itself. (Throttling.User)');
    expect(say(stored, 'zh')).toBe('阿里云正在对该账号限流。Batchwatch 会自动降低频率并稍后重试。 (Throttling.User)');
  });

  it('reads back as it was written, nested messages and all', () => {
    const stored = describeProblem(huawei, new ProviderError('network', 'down', { code: 'X.1' }));
    expect(wordsSchema.parse(JSON.parse(JSON.stringify(stored)))).toEqual(stored);
  });

  it('is read from an older install’s two-language pair and shown as before', () => {
    const old = { en: 'Old sentence.', zh: '旧句子。' };
    const read = wordsSchema.parse(old);
    expect(say(read, 'en')).toBe('Old sentence.');
    expect(say(read, 'zh')).toBe('旧句子。');
  });

  it('naming an id this version does not know says so instead of failing', () => {
    expect(wordsSchema.parse({ id: 'fromANewerVersion', n: 1 })).toEqual(UNKNOWN_MESSAGE);
    expect(wordsSchema.parse({ id: 'errorThrottled', provider: { id: 'noSuchProvider' } })).toEqual({ id: 'errorThrottled', provider: UNKNOWN_MESSAGE });
    expect(say(wordsSchema.parse({ id: 'fromANewerVersion' }), 'en')).toMatch(/cannot read/);
  });

  it('refuses what is no message at all, or nested deeper than a sentence needs', () => {
    for (const bad of [null, 'text', 42, { id: 7 }, { en: 'only one language' }, { id: 'errorThrottled', provider: { id: 'x', a: { id: 'y', b: { id: 'z', c: { id: 'w' } } } } }, { id: 'errorThrottled', html: ['<b>'] }]) {
      expect(wordsSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('the providers’ error sentences', () => {
  const providers: Provider[] = [alibaba, dnspod, huawei];

  it('share one sentence per error class, naming the provider, where the advice is the same', () => {
    const network = providers.map((p) => p.describeError(new ProviderError('network', 'x')));
    expect(network.map((m) => ('id' in m ? m.id : undefined))).toEqual(['errorNetwork', 'errorNetwork', 'errorNetwork']);
    expect(network.map((m) => say(m, 'en'))).toEqual([
      'Alibaba Cloud could not be reached. Check your network; Batchwatch will retry.',
      'DNSPod (Tencent Cloud API) could not be reached. Check your network; Batchwatch will retry.',
      'Huawei Cloud could not be reached. Check your network; Batchwatch will retry.',
    ]);
  });

  it('keep their own where the advice differs (their permissions)', () => {
    const permission = providers.map((p) => say(p.describeError(new ProviderError('permission', 'x')), 'en'));
    expect(new Set(permission).size).toBe(3);
    expect(say(huawei.describeError(new ProviderError('permission', 'x', { action: 'dns:recordset:list' })), 'zh')).toContain('dns:recordset:list');
  });
});

describe('stored capability reports, as the surfaces are shown them', () => {
  it('re-render a stored message in the language asked for, and keep showing an older install’s pair', async () => {
    const { capabilityViews } = await import('../../../lib/engine/service/views');
    const stored = [
      { id: 'dcs:cn-east-3', label: { id: 'capabilityDcsTasks', region: 'cn-east-3' }, state: 'retrying', reason: { id: 'capabilityThrottled' } },
      { id: 'dns', label: { en: 'DNS tasks', zh: 'DNS 任务' }, state: 'watched' },
      { id: 'x', label: { id: 'fromANewerVersion' }, state: 'watched' },
    ];
    expect(capabilityViews(stored, 'zh').map((v) => [v.label, v.reason])).toEqual([
      ['cn-east-3 的 DCS 任务', '华为云正在限流：已知任务保留，Batchwatch 会稍后重试。'],
      ['DNS 任务', undefined],
      ['此处存储的一条消息无法被当前版本读取。', undefined],
    ]);
    expect(capabilityViews(stored, 'en')[0]!.label).toBe('DCS tasks in cn-east-3');
  });
});
