/**
 * Temporary credentials (an STS token beside a temporary key pair), shared by the three API
 * providers: the two optional fields each one adds to its form, the check every signed call
 * makes before signing, and reading the JSON the providers' CLIs print for role assumption.
 *
 * The token is a secret (kept in the vault with the keys); its expiry is not (a setting, so the
 * options card can say "temporary until 14:05" while the vault is locked).
 */
import { z } from 'zod';
import { ProviderError, type Account, type Credentials, type FieldSpec } from './types';

/** The secret field holding the security token (STS token). */
export const SECURITY_TOKEN_FIELD = 'securityToken';
/** The setting holding when the temporary keys expire (ISO 8601, UTC). */
export const TOKEN_EXPIRY_FIELD = 'tokenExpiresAt';

/** Tokens run to a few kilobytes (Alibaba's STS tokens are the longest seen); never whitespace. */
const TOKEN_SHAPE = /^\S{16,8192}$/;

/**
 * An instant as the providers write it: ISO 8601 with a zone (any number of fractional digits:
 * Huawei writes six), or Unix seconds (Tencent's ExpiredTime). Undefined for anything else.
 */
export function parseExpiry(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? value * 1000 : undefined;
  const text = value.trim();
  if (/^\d{9,11}$/.test(text)) return Number(text) * 1000;
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})$/i.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number((frac ?? '0').slice(0, 3).padEnd(3, '0')));
  // Date.UTC rolls 2026-02-31 over to March: such a date is not one the provider wrote.
  const check = new Date(utc);
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  let offset = 0;
  if (zone && zone.toUpperCase() !== 'Z') {
    const z2 = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
    offset = (z2[1] === '-' ? -1 : 1) * (Number(z2[2]) * 60 + Number(z2[3])) * 60_000;
  }
  return utc - offset;
}

/** The expiry as stored: ISO 8601 in UTC, without milliseconds when there are none. */
export const formatExpiry = (ms: number): string => new Date(ms).toISOString().replace(/\.000Z$/, 'Z');

/** The optional token field, for providers whose API takes temporary credentials. */
export const securityTokenField: FieldSpec = {
  key: SECURITY_TOKEN_FIELD,
  label: { id: 'fieldSecurityToken' },
  secret: true,
  required: false,
  help: { id: 'fieldSecurityTokenHelp' },
  validate: (v) => (TOKEN_SHAPE.test(v) ? undefined : { id: 'fieldSecurityTokenInvalid' }),
};

/** When the temporary keys expire, if known. */
export const tokenExpiryField: FieldSpec = {
  key: TOKEN_EXPIRY_FIELD,
  label: { id: 'fieldTokenExpiry' },
  secret: false,
  required: false,
  placeholder: '2026-01-31T14:05:00Z',
  help: { id: 'fieldTokenExpiryHelp' },
  validate: (v) => (parseExpiry(v) === undefined ? { id: 'fieldTokenExpiryInvalid' } : undefined),
};

/** The known expiry of an account's temporary keys (epoch ms), if it has one. */
export function expiryOf(account: Pick<Account, 'settings'>): number | undefined {
  const raw = account.settings[TOKEN_EXPIRY_FIELD];
  return raw ? parseExpiry(raw) : undefined;
}

/** The token is known to have expired (or the provider said so): no call is signed with it. */
export class TemporaryKeysExpiredError extends ProviderError {
  /** When they expired (epoch ms): the known expiry, or when the provider refused them. */
  readonly expiredAt: number;
  constructor(expiredAt: number, code?: string) {
    super('expired', 'The temporary keys have expired', code ? { code } : {});
    this.expiredAt = expiredAt;
  }
}

/**
 * The security token to send with this call, or undefined for long-lived keys. Called before
 * signing: past the known expiry it throws, so an expired token never leaves the browser.
 */
export function usableToken(cred: Credentials, now: number): string | undefined {
  const token = cred.secrets[SECURITY_TOKEN_FIELD]?.trim();
  if (!token) return undefined;
  const expires = expiryOf(cred.account);
  if (expires !== undefined && now >= expires) throw new TemporaryKeysExpiredError(expires);
  return token;
}

// ---- the CLIs' JSON ------------------------------------------------------------------------

/** Which cloud printed the credentials; each fills its own provider's form only. */
export type TemporaryKeysSource = 'alibaba' | 'tencent' | 'huawei';

export interface TemporaryKeys {
  source: TemporaryKeysSource;
  keyId: string;
  secret: string;
  token: string;
  /** Epoch ms, when the JSON says. */
  expiresAt?: number;
}

const value = z.string().trim().min(1).max(8192);
const instant = z.union([z.string().max(64), z.number()]).optional();

/**
 * The three shapes, read by lower-cased key so a hand-edited paste still reads:
 * - `aliyun sts AssumeRole`: Credentials{AccessKeyId, AccessKeySecret, SecurityToken, Expiration};
 * - `tccli sts AssumeRole`: Credentials{TmpSecretId, TmpSecretKey, Token} beside ExpiredTime/Expiration;
 * - Huawei's temporary AK/SK answer: credential{access, secret, securitytoken, expires_at}.
 */
const SHAPES: readonly { source: TemporaryKeysSource; schema: z.ZodType<{ id: string; secret: string; token: string; expires?: string | number | undefined }> }[] = [
  { source: 'alibaba', schema: z.looseObject({ accesskeyid: value, accesskeysecret: value, securitytoken: value, expiration: instant }).transform((o) => ({ id: o.accesskeyid, secret: o.accesskeysecret, token: o.securitytoken, expires: o.expiration })) },
  { source: 'tencent', schema: z.looseObject({ tmpsecretid: value, tmpsecretkey: value, token: value, expiredtime: instant, expiration: instant }).transform((o) => ({ id: o.tmpsecretid, secret: o.tmpsecretkey, token: o.token, expires: o.expiredtime ?? o.expiration })) },
  { source: 'huawei', schema: z.looseObject({ access: value, secret: value, securitytoken: value, expires_at: instant }).transform((o) => ({ id: o.access, secret: o.secret, token: o.securitytoken, expires: o.expires_at })) },
];

const lowerKeys = (o: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(o).map(([k, v]) => [k.toLowerCase(), v]));
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The first object (breadth first, a few levels deep) that has one of the shapes, with its parent for the expiry Tencent puts beside it. */
function find(root: unknown): TemporaryKeys | undefined {
  let level: { node: Record<string, unknown>; parent?: Record<string, unknown> }[] = isObject(root) ? [{ node: lowerKeys(root) }] : [];
  for (let depth = 0; depth < 4 && level.length; depth++) {
    for (const { node, parent } of level) {
      for (const { source, schema } of SHAPES) {
        const parsed = schema.safeParse(node);
        if (!parsed.success) continue;
        const raw = parsed.data.expires ?? (parent ? (parent.expiredtime ?? parent.expiration ?? parent.expires_at) : undefined);
        const expiresAt = typeof raw === 'string' || typeof raw === 'number' ? parseExpiry(raw) : undefined;
        return { source, keyId: parsed.data.id, secret: parsed.data.secret, token: parsed.data.token, ...(expiresAt !== undefined ? { expiresAt } : {}) };
      }
    }
    level = level.flatMap(({ node }) => Object.values(node).filter(isObject).map((child) => ({ node: lowerKeys(child), parent: node })));
  }
  return undefined;
}

/**
 * The temporary keys in what the user pasted: a CLI's whole answer, its Credentials object
 * alone, or either with text around it (a prompt, a trailing comma). Undefined when none is
 * found. Pure, and silent: it never logs, and nothing it throws carries the pasted text.
 */
export function parseTemporaryKeys(text: string): TemporaryKeys | undefined {
  if (text.length > 65_536) return undefined;
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end < start) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text.slice(start, end + 1));
  } catch {
    return undefined;
  }
  return find(json);
}

/** The provider each source's keys belong to, and its form's key fields. */
const FORM_FIELDS: Record<TemporaryKeysSource, { provider: string; keyId: string; secret: string }> = {
  alibaba: { provider: 'alibaba', keyId: 'accessKeyId', secret: 'secretAccessKey' },
  tencent: { provider: 'dnspod', keyId: 'secretId', secret: 'secretKey' },
  huawei: { provider: 'huawei', keyId: 'accessKeyId', secret: 'secretAccessKey' },
};

/** Whether a provider's form takes pasted temporary keys (it has the token field). */
export const takesTemporaryKeys = (fields: readonly Pick<FieldSpec, 'key'>[]): boolean => fields.some((f) => f.key === SECURITY_TOKEN_FIELD);

/**
 * The form values the keys fill for this provider, or the provider they belong to when it is
 * another one (keys are never sent to another cloud's API).
 */
export function formValuesFor(providerId: string, keys: TemporaryKeys): { values: Record<string, string> } | { otherProvider: string } {
  const form = FORM_FIELDS[keys.source];
  if (form.provider !== providerId) return { otherProvider: form.provider };
  return {
    values: {
      [form.keyId]: keys.keyId,
      [form.secret]: keys.secret,
      [SECURITY_TOKEN_FIELD]: keys.token,
      [TOKEN_EXPIRY_FIELD]: keys.expiresAt !== undefined ? formatExpiry(keys.expiresAt) : '',
    },
  };
}

/** "14:05": the local time the user reads beside the expiry (the day is the same in practice: tokens live hours). */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}
