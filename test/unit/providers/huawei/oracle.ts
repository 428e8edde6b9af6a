/**
 * The official Huawei signer (huaweicloud-sdk-core's AKSKSigner), composed from its static
 * helpers so any signed-header set can be checked. Shared by huawei/sign.test.ts and the
 * provider contract's fixture.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner');

export function sdkSignature(input: { method: string; host: string; path: string; query: [string, string][]; headers?: Record<string, string>; bodyHash: string; date: string; sk: string }): string {
  const queryParams: Record<string, string | string[]> = {};
  for (const [k, v] of input.query) {
    const existing = queryParams[k];
    queryParams[k] = existing === undefined ? v : Array.isArray(existing) ? [...existing, v] : [existing, v];
  }
  const all = { ...input.headers, host: input.host, 'x-sdk-date': input.date };
  const names = Object.keys(all).map((n) => n.toLowerCase()).sort().join(';');
  const canonical = AKSKSigner.buildCanonicalRequest(
    input.method,
    AKSKSigner.CanonicalURI(input.path),
    AKSKSigner.CanonicalQueryString({ queryParams }),
    AKSKSigner.buildCanonicalHeaders(all),
    names,
    input.bodyHash,
  );
  return AKSKSigner.hmacSHA256(input.sk, AKSKSigner.getStringToSign('SDK-HMAC-SHA256', input.date, AKSKSigner.Hex(canonical)));
}
