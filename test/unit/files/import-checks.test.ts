/**
 * Issue 29, finding 6: an accounts file's settings are checked as saving checks them. An
 * `endpoint: "evil.example"` was reported as imported, then vanished when the stored accounts
 * were read back (that read refuses a value outside a field's options).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import fc from 'fast-check';
import { importAccounts, saveAccount } from '../../../lib/engine/service';
import { providers } from '../../../lib/providers/index';
import { settingProblem } from '../../../lib/providers/field-check';
import type { PortableAccount } from '../../../lib/messaging/messages';
import { accountsItem } from '../../../lib/store/index';
import { engineDeps } from '../support/fakes';
import { resetStores } from '../support/private-area';

beforeEach(() => fakeBrowser.reset());

const good: PortableAccount = { provider: 'alibaba', name: 'Prod', settings: { endpoint: 'alidns.aliyuncs.com' } };
const evil: PortableAccount = { provider: 'alibaba', name: 'Staging', settings: { endpoint: 'evil.example' } };

describe('importing an accounts file: each setting checked as saving checks it', () => {
  it('refuses an endpoint outside the field\'s options, says which account, which field and why, and imports nothing', async () => {
    const env = engineDeps([...providers]);
    const reply = await importAccounts(env.deps, [good, evil]);
    expect(reply).toEqual({
      ok: false,
      error: 'Account 2 (Staging): Endpoint "evil.example": Choose one of the listed values (alidns.aliyuncs.com, alidns.ap-southeast-1.aliyuncs.com). Nothing was imported.',
    });
    expect(await accountsItem.getValue()).toEqual([]);
  });

  it('says it in Chinese too', async () => {
    const env = engineDeps([...providers], undefined, { lang: () => 'zh' });
    const reply = await importAccounts(env.deps, [{ provider: 'dnspod', name: '生产', settings: { site: 'evil.example' } }]);
    expect(reply).toEqual({
      ok: false,
      error: '第 1 个账号（生产）：站点 "evil.example"：请选择列出的值之一（dnspod.tencentcloudapi.com, dnspod.intl.tencentcloudapi.com）。未导入任何内容。',
    });
  });

  it('names the field for a value its own check refuses (an older file\'s Huawei region, read as its DCS region)', async () => {
    const env = engineDeps([...providers]);
    const reply = await importAccounts(env.deps, [{ provider: 'huawei', name: 'H', settings: { region: 'evil.example/x?' } }]);
    expect(reply).toEqual({ ok: false, error: 'Account 1 (H): DCS regions "evil.example/x?": Not a region (or region:project ID): evil.example/x?. A region looks like cn-east-3; at most 20, each once. Nothing was imported.' });
  });

  it('an account reported as imported is one the store reads back (property over every provider\'s settings)', async () => {
    const settingValue = (options: readonly string[]) => fc.oneof(fc.constantFrom(...options, 'evil.example', 'cn-north-4', 'cn-north-4.evil.example', ''), fc.string({ maxLength: 30 }));
    const entry = fc.constantFrom(...providers).chain((p) => {
      const plain = p.fields.filter((f) => !f.secret);
      return fc.record({
        provider: fc.constant(p.id),
        name: fc.constantFrom('a', 'b', 'c'),
        settings: fc.record(Object.fromEntries(plain.map((f) => [f.key, settingValue((f.options ?? []).map((o) => o.value))])) as Record<string, fc.Arbitrary<string>>),
      });
    });
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { minLength: 1, maxLength: 3 }), async (entries) => {
        // Accounts are in the private area (issue 29, finding 7): each run starts with both stores empty.
        resetStores(() => fakeBrowser.reset());
        const env = engineDeps([...providers]);
        const reply = await importAccounts(env.deps, entries);
        const stored = await accountsItem.getValue();
        if (!reply.ok) {
          expect(stored).toEqual([]);
          return;
        }
        expect(stored).toHaveLength(reply.imported);
      }),
      { numRuns: 400 },
    );
  });

  it('saving and importing refuse the same values (property: one check)', async () => {
    const withOptions = providers.flatMap((p) => p.fields.filter((f) => !f.secret).map((field) => ({ provider: p, field })));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...withOptions),
        fc.oneof(fc.constantFrom('evil.example', 'alidns.aliyuncs.com', 'dnspod.tencentcloudapi.com', 'cn-north-4', 'ap-southeast-3'), fc.string({ minLength: 1, maxLength: 30 })),
        async ({ provider, field }, raw) => {
          const value = raw.trim();
          fc.pre(value !== '');
          fakeBrowser.reset();
          const env = engineDeps([...providers]);
          const saved = await saveAccount(env.deps, { type: 'saveAccount', provider: provider.id, name: 'n', settings: { [field.key]: value }, secrets: {} });
          const refusedBySave = !saved.ok && saved.fieldErrors?.[field.key] !== undefined;
          const imported = await importAccounts(env.deps, [{ provider: provider.id, name: 'imported', settings: { [field.key]: value } }]);
          expect(!imported.ok).toBe(refusedBySave);
          expect(refusedBySave).toBe(settingProblem(field, value) !== undefined);
        },
      ),
      { numRuns: 400 },
    );
  });
});
