/** Saving temporary keys: a token belongs to the key pair it was issued with, never to the next one. */
import type { Provider } from '../../providers/types';
import { SECURITY_TOKEN_FIELD } from '../../providers/temporary-keys';

/**
 * The secrets to store: a new key ID entered without a token is a long-lived key, so the token
 * stored for the previous (temporary) key is dropped rather than sent with keys it does not belong to.
 */
export function withoutStaleToken(provider: Pick<Provider, 'access' | 'fields'>, merged: Record<string, string>, entered: Record<string, string>): Record<string, string> {
  const keyIdField = provider.access?.keyIdField ?? provider.fields.find((f) => f.secret)?.key;
  if (!keyIdField || !entered[keyIdField] || entered[SECURITY_TOKEN_FIELD]) return merged;
  const { [SECURITY_TOKEN_FIELD]: _stale, ...rest } = merged;
  return rest;
}
