/**
 * The provider contract's optional refreshTasks (several tasks a call), checked for every
 * registered provider and task source that offers it, against its fake cloud: the first task
 * offered is always answered, as refresh answers it; nothing is answered that was not offered;
 * a call that fails as a whole rejects, with the error refresh would give.
 */
import { describe, expect, it } from 'vitest';
import { createFakeCloud } from '../../../fake-cloud/index';
import { providers, sourceProviders } from '../../../../lib/providers/index';
import { ProviderError, type Credentials, type Provider, type Task } from '../../../../lib/providers/types';
import { testContext } from '../../support/context';
import { contractFixtures } from './fixtures';

const subjects = [...providers.map((p) => [p.id, p] as const), ...sourceProviders].filter(([, p]) => p.refreshTasks);

const withoutVolatile = (task: Task): Omit<Task, 'raw'> => {
  const { raw: _raw, ...rest } = task;
  return rest;
};

describe('provider contract: refreshTasks', () => {
  it('is offered by the Alibaba Cloud CDN source (DescribeRefreshTaskById takes 10 ids)', () => {
    expect(subjects.map(([name]) => name)).toContain('alibaba-cdn');
  });

  describe.each(subjects)('%s', (name, provider: Provider) => {
    const fixture = contractFixtures[name]!;
    const credOf = (): Credentials => ({ account: { id: `together-${name}`, provider: provider.id, name: 'Together', settings: { ...fixture.settings } }, secrets: { ...fixture.secrets } });

    it('answers the first task as refresh does, and only tasks it was offered', async () => {
      const cred = credOf();
      const first = await fixture.firstTask(provider, cred, testContext(createFakeCloud([fixture.fake()]).fetch));
      const others = (await provider.discover(cred, testContext(createFakeCloud([fixture.fake()]).fetch))).filter((t) => t.key !== first.key);
      const offer = [first, ...others];
      const together = await provider.refreshTasks!(cred, offer, testContext(createFakeCloud([fixture.fake()]).fetch));
      const alone = await provider.refresh(cred, first, testContext(createFakeCloud([fixture.fake()]).fetch));
      expect(together.has(first.key)).toBe(true);
      expect(withoutVolatile(together.get(first.key) as Task)).toEqual(withoutVolatile(alone));
      for (const key of together.keys()) expect(offer.map((t) => t.key)).toContain(key);
      for (const answer of together.values()) if (!(answer instanceof ProviderError)) expect(answer.accountId).toBe(cred.account.id);
    });

    it('rejects a call that fails as a whole (the server\'s bad day), as refresh does', async () => {
      const cred = credOf();
      const fake = fixture.fake();
      const cloud = createFakeCloud([fake]);
      const first = await fixture.firstTask(provider, cred, testContext(cloud.fetch));
      fake.forceNext('server');
      const err = await provider.refreshTasks!(cred, [first], testContext(cloud.fetch)).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(ProviderError);
      expect(err).toMatchObject({ cls: 'server' });
    });
  });
});
