/**
 * TC3-HMAC-SHA256 (Tencent Cloud API 3.0) with WebCrypto. Agrees byte for byte with
 * tencentcloud-sdk-nodejs-common's sign3, the test oracle. Signs content-type and host.
 */
import { hmac, sha256Hex, toHex } from '../http';

export interface Tc3Input {
  host: string;
  service: string;
  action: string;
  version: string;
  /** The exact JSON body sent. */
  body: string;
  /** Unix seconds. */
  timestamp: number;
  secretId: string;
  secretKey: string;
  contentType?: string;
  /** Temporary keys' token: sent as X-TC-Token, which TC3 does not sign (the SDK signs content-type and host only). */
  token?: string | undefined;
}

export function utcDate(timestamp: number): string {
  return new Date(timestamp * 1000).toISOString().slice(0, 10);
}

export async function signTc3(input: Tc3Input): Promise<{ headers: Record<string, string>; authorization: string }> {
  const contentType = input.contentType ?? 'application/json';
  const canonicalRequest = ['POST', '/', '', `content-type:${contentType}\nhost:${input.host}\n`, 'content-type;host', await sha256Hex(input.body)].join('\n');
  const date = utcDate(input.timestamp);
  const scope = `${date}/${input.service}/tc3_request`;
  const stringToSign = `TC3-HMAC-SHA256\n${input.timestamp}\n${scope}\n${await sha256Hex(canonicalRequest)}`;
  const kDate = await hmac('SHA-256', `TC3${input.secretKey}`, date);
  const kService = await hmac('SHA-256', new Uint8Array(kDate), input.service);
  const kSigning = await hmac('SHA-256', new Uint8Array(kService), 'tc3_request');
  const signature = toHex(await hmac('SHA-256', new Uint8Array(kSigning), stringToSign));
  const authorization = `TC3-HMAC-SHA256 Credential=${input.secretId}/${scope}, SignedHeaders=content-type;host, Signature=${signature}`;
  return {
    authorization,
    headers: {
      Authorization: authorization,
      'Content-Type': contentType,
      'X-TC-Action': input.action,
      'X-TC-Version': input.version,
      'X-TC-Timestamp': String(input.timestamp),
      ...(input.token ? { 'X-TC-Token': input.token } : {}),
    },
  };
}

