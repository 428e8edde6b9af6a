/**
 * SDK-HMAC-SHA256, Huawei Cloud's API gateway signature, with WebCrypto. Agrees byte for
 * byte with @huaweicloud/huaweicloud-sdk-core's AKSKSigner (the test oracle): where that
 * signer and the prose docs differ on an edge (it sorts query keys by their raw UTF-16 code
 * units, not their escaped form), the SDK wins, because it is what the gateway accepts.
 */
import { hmac, sha256Hex, toHex } from '../http';

export interface HuaweiSignInput {
  method: string;
  host: string;
  /** Decoded path, e.g. '/v2.1/batch-operation-tasks'. */
  path: string;
  /** Query pairs in any order; repeated keys and empty values allowed. */
  query: readonly (readonly [string, string])[];
  /** Extra headers to sign and send, e.g. x-project-id (signed under their lower-case names). */
  headers?: Record<string, string>;
  body: string;
  date: Date;
  accessKeyId: string;
  secretAccessKey: string;
  /** Temporary keys' security token: sent as X-Security-Token and signed, as the SDK's credentials add it. */
  securityToken?: string | undefined;
}

export interface SignedRequest {
  url: string;
  headers: Record<string, string>;
  /** Exposed for tests and debugging; contains no secret. */
  canonicalRequest: string;
  stringToSign: string;
}

/** UTF-8 percent-encoding; only A-Z a-z 0-9 - _ . ~ stay literal; space is %20. */
export function huaweiEscape(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Sorting by raw UTF-16 code units, as Array.prototype.sort does without a comparator. A
 * consistent comparator (-1, 0, 1), not just "a < b": V8 only asks whether the result is
 * negative, SpiderMonkey (Firefox) whether it is positive.
 */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function canonicalUri(path: string): string {
  const encoded = path.split('/').map(huaweiEscape).join('/');
  return encoded.endsWith('/') ? encoded : `${encoded}/`;
}

export function canonicalQuery(query: readonly (readonly [string, string])[]): string {
  const byKey = new Map<string, string[]>();
  for (const [key, value] of query) byKey.set(key, [...(byKey.get(key) ?? []), value]);
  const pairs: string[] = [];
  for (const [key, values] of [...byKey].sort(([a], [b]) => byCodeUnits(a, b))) {
    for (const value of values.sort(byCodeUnits)) pairs.push(`${huaweiEscape(key)}=${huaweiEscape(value)}`);
  }
  return pairs.join('&');
}

/** "YYYYMMDDTHHMMSSZ" in UTC. */
export function sdkDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

export async function signHuawei(input: HuaweiSignInput): Promise<SignedRequest> {
  const xSdkDate = sdkDate(input.date);
  const extra = input.securityToken ? { ...input.headers, 'X-Security-Token': input.securityToken } : input.headers;
  // Signed under lower-case names (a caller's "X-Project-Id" included) with trimmed values: what
  // the gateway reads, since fetch sends header values without surrounding whitespace.
  const signed = Object.entries({ ...extra, host: input.host, 'x-sdk-date': xSdkDate })
    .map(([n, v]) => [n.toLowerCase(), v.trim()] as const)
    .sort(([a], [b]) => byCodeUnits(a, b));
  const canonicalHeaders = signed.map(([n, v]) => `${n}:${v}\n`).join('');
  const signedHeaders = signed.map(([n]) => n).join(';');
  const query = canonicalQuery(input.query);
  const payloadHash = await sha256Hex(input.body);
  const canonicalRequest = [input.method, canonicalUri(input.path), query, canonicalHeaders, signedHeaders, payloadHash].join('\n');
  const stringToSign = `SDK-HMAC-SHA256\n${xSdkDate}\n${await sha256Hex(canonicalRequest)}`;
  const signature = toHex(await hmac('SHA-256', input.secretAccessKey, stringToSign));
  const sentPath = input.path.split('/').map(huaweiEscape).join('/');
  const headers: Record<string, string> = {
    ...extra,
    'X-Sdk-Date': xSdkDate,
    Authorization: `SDK-HMAC-SHA256 Access=${input.accessKeyId}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
  return { url: `https://${input.host}${sentPath}${query ? `?${query}` : ''}`, headers, canonicalRequest, stringToSign };
}
