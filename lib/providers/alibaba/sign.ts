/**
 * ACS3-HMAC-SHA256 (Alibaba Cloud signature V3) with WebCrypto. Agrees byte for byte with
 * @alicloud/openapi-util's getAuthorization, the test oracle. RPC-style calls send their
 * parameters in the query string and an empty body. Temporary keys add their security token as a
 * signed header (the V3 way); the V2 `SecurityToken` query parameter is not used.
 */
import { hmac, rfc3986, sha256Hex, toHex } from '../http';

export const ACS3 = 'ACS3-HMAC-SHA256';

export interface AlibabaSignInput {
  method: 'GET' | 'POST';
  host: string;
  action: string;
  version: string;
  /** API parameters; names are plain identifiers (the SDK does not escape them). */
  query: Record<string, string>;
  body: string;
  date: Date;
  nonce: string;
  accessKeyId: string;
  accessKeySecret: string;
  /** Temporary keys' STS token: sent and signed as x-acs-security-token, beside x-acs-accesskey-id (as the SDK does). */
  securityToken?: string | undefined;
}

/** "YYYY-MM-DDThh:mm:ssZ", UTC, no milliseconds. */
export function acsDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Name/value pairs by the name's raw UTF-16 code units, as the SDK's plain sort(). A consistent
 * comparator (-1, 0, 1), not just "a < b": V8 only asks whether the result is negative,
 * SpiderMonkey (Firefox) whether it is positive.
 */
function byName([a]: readonly [string, string], [b]: readonly [string, string]): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function canonicalQuery(query: Record<string, string>): string {
  return Object.entries(query)
    .sort(byName)
    .map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`)
    .join('&');
}

export async function signAlibaba(input: AlibabaSignInput): Promise<{ url: string; headers: Record<string, string>; canonicalRequest: string }> {
  const bodyHash = await sha256Hex(input.body);
  const sent = {
    'x-acs-action': input.action,
    'x-acs-content-sha256': bodyHash,
    'x-acs-date': acsDate(input.date),
    'x-acs-signature-nonce': input.nonce,
    'x-acs-version': input.version,
    // openapi-core's doRequest (the V3 path) adds both, so both are signed as x-acs-* headers.
    ...(input.securityToken ? { 'x-acs-accesskey-id': input.accessKeyId, 'x-acs-security-token': input.securityToken } : {}),
  };
  const signed = Object.entries({ host: input.host, ...sent }).sort(byName);
  const names = signed.map(([n]) => n).join(';');
  const query = canonicalQuery(input.query);
  const canonicalRequest = [
    input.method,
    '/',
    query,
    signed.map(([n, v]) => `${n}:${v.trim()}\n`).join(''),
    names,
    bodyHash,
  ].join('\n');
  const stringToSign = `${ACS3}\n${await sha256Hex(canonicalRequest)}`;
  const signature = toHex(await hmac('SHA-256', input.accessKeySecret, stringToSign));
  return {
    url: `https://${input.host}/${query ? `?${query}` : ''}`,
    headers: { ...sent, Authorization: `${ACS3} Credential=${input.accessKeyId},SignedHeaders=${names},Signature=${signature}` },
    canonicalRequest,
  };
}
