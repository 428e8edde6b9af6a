/** The registry: the only file that lists providers. */
import type { Provider } from './types';
import { huawei } from './huawei/index';

export const providers: readonly Provider[] = [huawei];

export function getProvider(id: string): Provider | undefined {
  return providers.find((p) => p.id === id);
}
