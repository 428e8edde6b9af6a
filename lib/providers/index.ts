/** The registry: the only file that lists providers. */
import type { Provider } from './types';

export const providers: readonly Provider[] = [];

export function getProvider(id: string): Provider | undefined {
  return providers.find((p) => p.id === id);
}
