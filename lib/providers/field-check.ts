/**
 * The one check of an account setting's value, shared by saving an account, importing an
 * accounts file and reading stored accounts back, so none of the three can let through a value
 * another would refuse (an imported `endpoint: "evil.example"` was reported as imported, then
 * dropped by the stored-account check).
 */
import type { Account, FieldSpec, Provider, Text } from './types';

/** Why this trimmed, non-empty value cannot be saved in this field, or undefined when it can. */
export function settingProblem(field: Pick<FieldSpec, 'options' | 'validate'>, value: string): Text | undefined {
  if (field.options && !field.options.some((o) => o.value === value)) {
    const listed = field.options.map((o) => o.value).join(', ');
    return { id: 'settingNotListed', values: listed };
  }
  return field.validate?.(value);
}

/**
 * Whether a stored account is one its provider could have saved: a known provider, and
 * every setting a non-secret field of it whose value passes that field's own check (a
 * region of the region's shape, an endpoint among the options). Stored state is untrusted:
 * a planted region such as `evil.example/x?` must never reach a signer.
 */
export function storedAccountValid(provider: Provider | undefined, account: Account): boolean {
  if (!provider || provider.id !== account.provider) return false;
  return Object.entries(account.settings).every(([key, value]) => {
    const field = provider.fields.find((f) => f.key === key);
    if (!field || field.secret) return false;
    if (field.options && !field.options.some((o) => o.value === value)) return false;
    return value === '' || !settingProblem(field, value);
  });
}
