/** The registry: the only file that lists providers. */
import type { Provider } from './types';
import { huawei } from './huawei/index';
import { alibaba } from './alibaba/index';
import { dnspod, dnspodToken } from './dnspod/index';

export const providers: readonly Provider[] = [huawei, alibaba, dnspod, dnspodToken];

export function getProvider(id: string): Provider | undefined {
  return providers.find((p) => p.id === id);
}
