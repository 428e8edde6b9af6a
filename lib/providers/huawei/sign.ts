/**
 * SDK-HMAC-SHA256, Huawei Cloud's API gateway signature, with WebCrypto. Agrees byte for
 * byte with @huaweicloud/huaweicloud-sdk-core's AKSKSigner (the test oracle): where that
 * signer and the prose docs differ on an edge (it sorts query keys by their raw UTF-16 code
 * units, not their escaped form), the SDK wins, because it is what the gateway accepts.
 */
import { hmac, sha256Hex, toHex } from '../http';

export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export interface HuaweiSignInput {
  method: string;
  host: string;
  /** Decoded path, e.g. '/v2.1/batch-operation-tasks'. */
  path: string;
  /** Query pairs in any order; repeated keys and empty values allowed. */
  query: readonly (readonly [string, string])[];
  /** Extra headers to sign and send (lower-case names), e.g. x-project-id. */
  headers?: Record<string, string>;
  body: string;
  date: Date;
  accessKeyId: string;
  secretAccessKey: string;
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

/** Sorting by raw UTF-16 code units, as Array.prototype.sort does without a comparator. */
const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function canonicalUri(path: string): string {
  const encoded = path.split('/').map(huaweiEscape).join('/');
  return encoded.endsWith('/') ? encoded : `${encoded}/`;
}

export function canonicalQuery(query: readonly (readonly [string, string])[]): string {
  const byKey = new Map<string, string[]>();
  for (const [key, value] of query) byKey.set(key, [...(byKey.get(key) ?? []), value]);
  const pairs: string[] = [];
  for (const key of [...byKey.keys()].sort(byCodeUnits)) {
    for (const value of (byKey.get(key) ?? []).sort(byCodeUnits)) pairs.push(`${huaweiEscape(key)}=${huaweiEscape(value)}`);
  }
  return pairs.join('&');
}

/** "YYYYMMDDTHHMMSSZ" in UTC. */
export function sdkDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

export async function signHuawei(input: HuaweiSignInput): Promise<SignedRequest> {
  const xSdkDate = sdkDate(input.date);
  const signed: Record<string, string> = { ...input.headers, host: input.host, 'x-sdk-date': xSdkDate };
  const names = Object.keys(signed).map((n) => n.toLowerCase()).sort(byCodeUnits);
  const canonicalHeaders = names.map((n) => `${n}:${(signed[n] ?? '').trim()}\n`).join('');
  const signedHeaders = names.join(';');
  const query = canonicalQuery(input.query);
  const payloadHash = input.body === '' ? EMPTY_BODY_SHA256 : await sha256Hex(input.body);
  const canonicalRequest = [input.method, canonicalUri(input.path), query, canonicalHeaders, signedHeaders, payloadHash].join('\n');
  const stringToSign = `SDK-HMAC-SHA256\n${xSdkDate}\n${await sha256Hex(canonicalRequest)}`;
  const signature = toHex(await hmac('SHA-256', input.secretAccessKey, stringToSign));
  const sentPath = input.path.split('/').map(huaweiEscape).join('/');
  const headers: Record<string, string> = {
    ...input.headers,
    'X-Sdk-Date': xSdkDate,
    Authorization: `SDK-HMAC-SHA256 Access=${input.accessKeyId}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
  return { url: `https://${input.host}${sentPath}${query ? `?${query}` : ''}`, headers, canonicalRequest, stringToSign };
}
