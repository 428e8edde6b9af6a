import { describe, expect, it } from 'vitest';
import { createFakeCloud } from '../../../fake-cloud/index';
import { createHuaweiFake, defaultHuaweiScenario, DEMO_HUAWEI_KEYS } from '../../../fake-cloud/huawei';
import { huawei } from '../../../../lib/providers/huawei/index';
import { ProviderError, type Credentials } from '../../../../lib/providers/types';
import { testContext } from '../../support/context';

const cred = (secrets = DEMO_HUAWEI_KEYS, settings: Record<string, string> = { region: 'cn-north-4' }): Credentials => ({
  account: { id: 'acc1', provider: 'huawei', name: 'Prod', settings },
  secrets: { ...secrets },
});

describe('Huawei DNS batch tasks against the fake cloud', () => {
  it('discovers tasks with one DNS list call, and DCS through one IAM lookup remembered afterwards', async () => {
    const fake = createHuaweiFake(defaultHuaweiScenario());
    const cloud = createFakeCloud([fake]);
    const ctx = testContext(cloud.fetch);
    const tasks = await huawei.discover(cred(), ctx);
    expect(tasks.map((t) => [t.providerTaskId, t.status, t.label])).toEqual([
      ['9a186e66977dd48f01977e021c480cac', 'partial', 'Add record sets'],
      ['9a186e66977dd48f01977e021c480cad', 'running', 'Import record sets'],
      ['9a186e66977dd48f01977e021c480cae', 'running', 'Delete record sets'],
    ]);
    expect(tasks[0]).toMatchObject({ total: 2000, done: 1880, failed: 120 });
    expect(Math.abs(tasks[0]!.createdAt! - (Date.now() - 95 * 60_000))).toBeLessThan(60_000);
    expect(cloud.count('huawei', 'ListBatchOperationTasks')).toBe(1);
    expect(cloud.count('huawei', 'KeystoneListProjects')).toBe(1);
    expect(cloud.count('huawei', 'ListDcsTasks')).toBe(1);
    await huawei.discover(cred(), ctx);
    expect(cloud.count('huawei', 'KeystoneListProjects')).toBe(1);
    expect(cloud.records.every((r) => r.signatureValid)).toBe(true);
  });

  it('refreshes a pending task until it is DONE, then reads its failed items in one page', async () => {
    const fake = createHuaweiFake(defaultHuaweiScenario());
    const cloud = createFakeCloud([fake]);
    const ctx = testContext(cloud.fetch);
    const [, , pending] = await huawei.discover(cred(), ctx);
    let task = pending!;
    for (let i = 0; i < 3 && task.status === 'running'; i++) task = await huawei.refresh(cred(), task, ctx);
    expect(task).toMatchObject({ status: 'partial', done: 495, failed: 5 });
    const page = await huawei.failedItems(cred(), task, 1, ctx);
    expect(page.items).toHaveLength(5);
    expect(page.items[0]).toMatchObject({ item: 'host1.example.org. A 192.0.2.1', message: 'The record set already exists.' });
    expect(page.nextPage).toBeUndefined();
  });

  it('answers a wrong secret with an auth error, sent once and never retried', async () => {
    const cloud = createFakeCloud([createHuaweiFake(defaultHuaweiScenario())]);
    const err = await huawei.discover(cred({ ...DEMO_HUAWEI_KEYS, secretAccessKey: 'WrongSecretKeyWrongSecretKey00' }), testContext(cloud.fetch)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ cls: 'auth', code: 'APIGW.0301', httpStatus: 401 });
    expect(cloud.records).toHaveLength(1);
    expect(cloud.records[0]!.signatureValid).toBe(false);
    expect(huawei.describeError(err as ProviderError, 'en')).toMatch(/edit the account/);
    expect(huawei.describeError(err as ProviderError, 'zh')).toMatch(/编辑账号/);
  });

  it('corrects a clock 20 minutes slow from the Date header and retries exactly once', async () => {
    const cloud = createFakeCloud([createHuaweiFake(defaultHuaweiScenario())]);
    const ctx = testContext(cloud.fetch, { offsetMs: -20 * 60 * 1000 });
    const tasks = await huawei.discover(cred(), ctx);
    expect(tasks.length).toBe(3);
    expect(cloud.count('huawei', 'ListBatchOperationTasks')).toBe(2);
    expect(Math.abs(ctx.offset())).toBeLessThan(5_000);
  });

  it('turns a truncated JSON answer into a malformed error, and throttling into a throttled one', async () => {
    const fake = createHuaweiFake(defaultHuaweiScenario());
    const cloud = createFakeCloud([fake]);
    fake.forceNext('malformed');
    await expect(huawei.discover(cred(), testContext(cloud.fetch))).rejects.toMatchObject({ cls: 'malformed' });
    fake.forceNext('throttled');
    await expect(huawei.discover(cred(), testContext(cloud.fetch))).rejects.toMatchObject({ cls: 'throttled', code: 'APIGW.0308' });
  });

  it('turns a dead network into a network error', async () => {
    const ctx = testContext(async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(huawei.discover(cred(), ctx)).rejects.toMatchObject({ cls: 'network' });
  });
});
