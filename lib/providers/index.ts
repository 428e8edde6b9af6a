/** The registry: the only file that lists providers (and, in ./sources.ts, the task sources folded into them). */
import type { Provider } from './types';
import { huawei } from './huawei/index';
import { alibaba } from './alibaba/index';
import { dnspod, dnspodToken } from './dnspod/index';
import { sourceAsProvider, sources, withSources } from './sources';

const own: readonly Provider[] = [huawei, alibaba, dnspod, dnspodToken];

export const providers: readonly Provider[] = own.map((p) => withSources(p, sources));

/**
 * Each task source as a provider making its calls alone (with the keys of the first provider it
 * serves), named by the source's id: what the provider contract suite runs every source through.
 */
export const sourceProviders: readonly (readonly [string, Provider])[] = sources.flatMap((s) => {
  const base = own.find((p) => s.providers.includes(p.id));
  return base ? [[s.id, sourceAsProvider(s, base)] as const] : [];
});

export function getProvider(id: string): Provider | undefined {
  return providers.find((p) => p.id === id);
}
