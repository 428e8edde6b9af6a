import { describe, expect, it } from 'vitest';
import { labelInEveryLanguage, labelSchema, sayLabel } from '../../../lib/i18n/words';
import { taskMatchesQuery } from '../../../lib/providers/types';
import { noticeFor } from '../../../lib/engine/notices';
import type { StoredTask } from '../../../lib/store/index';

const task = (label: StoredTask['label']): StoredTask =>
  ({ key: 'a:dns-batch:1', provider: 'huawei', accountId: 'a', kind: 'dns-batch', providerTaskId: '9a18', label, status: 'partial', failed: 2, firstSeenAt: 0 }) as StoredTask;

describe('a task label as stored', () => {
  it('reads what every version stored: a message, a plain string from before, an old { en, zh } pair', () => {
    expect(labelSchema.parse({ id: 'taskHuaweiZoneCreate', zone: 'example.com.' })).toEqual({ id: 'taskHuaweiZoneCreate', zone: 'example.com.' });
    expect(labelSchema.parse('Add record sets')).toBe('Add record sets');
    expect(sayLabel(labelSchema.parse({ en: 'DNS batch task', zh: 'DNS 批量任务' }), 'zh')).toBe('DNS 批量任务');
  });

  it('speaks the language chosen when it is shown, not the one of the day it was stored', () => {
    const label = { id: 'taskHuaweiAddRecordSets' } as const;
    expect(sayLabel(label, 'en')).toBe('Add record sets');
    expect(sayLabel(label, 'zh')).toBe('批量添加记录集');
    expect(noticeFor([task(label)], new Map(), () => 'Huawei Cloud', 'zh', 'g').message).toContain('批量添加记录集');
  });

  it('is found by a search in any language', () => {
    const t = task({ id: 'taskHuaweiAddRecordSets' });
    const searched = (query: string): boolean => taskMatchesQuery({ providerTaskId: t.providerTaskId, label: labelInEveryLanguage(t.label) }, query);
    expect(searched('record sets')).toBe(true);
    expect(searched('记录集')).toBe(true);
    expect(searched('zone')).toBe(false);
  });
});
