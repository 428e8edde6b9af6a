/**
 * ACS3-HMAC-SHA256 (Alibaba Cloud signature V3) with WebCrypto. Agrees byte for byte with
 * @alicloud/openapi-util's getAuthorization, the test oracle. RPC-style calls send their
 * parameters in the query string and an empty body.
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
}

/** "YYYY-MM-DDThh:mm:ssZ", UTC, no milliseconds. */
export const acsDate = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function canonicalQuery(query: Record<string, string>): string {
  return Object.keys(query)
    .sort(byCodeUnits)
    .map((k) => `${rfc3986(k)}=${rfc3986(query[k] ?? '')}`)
    .join('&');
}

export async function signAlibaba(input: AlibabaSignInput): Promise<{ url: string; headers: Record<string, string>; canonicalRequest: string }> {
  const bodyHash = await sha256Hex(input.body);
  const signed: Record<string, string> = {
    host: input.host,
    'x-acs-action': input.action,
    'x-acs-content-sha256': bodyHash,
    'x-acs-date': acsDate(input.date),
    'x-acs-signature-nonce': input.nonce,
    'x-acs-version': input.version,
  };
  const names = Object.keys(signed).sort(byCodeUnits);
  const query = canonicalQuery(input.query);
  const canonicalRequest = [
    input.method,
    '/',
    query,
    names.map((n) => `${n}:${(signed[n] ?? '').trim()}\n`).join(''),
    names.join(';'),
    bodyHash,
  ].join('\n');
  const stringToSign = `${ACS3}\n${await sha256Hex(canonicalRequest)}`;
  const signature = toHex(await hmac('SHA-256', input.accessKeySecret, stringToSign));
  const { host: _host, ...sent } = signed;
  return {
    url: `https://${input.host}/${query ? `?${query}` : ''}`,
    headers: { ...sent, Authorization: `${ACS3} Credential=${input.accessKeyId},SignedHeaders=${names.join(';')},Signature=${signature}` },
    canonicalRequest,
  };
}
