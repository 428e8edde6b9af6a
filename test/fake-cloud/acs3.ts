/**
 * How an Alibaba Cloud OpenAPI fake (Alidns, CDN) checks a request before its action: the
 * ACS3-HMAC-SHA256 signature with the SDK's own getAuthorization (@alicloud/openapi-util, never
 * ours), then the gateway's common refusals in the order it gives them. Both products sit behind
 * the same gateway, so both fakes read a request here; each renders a refusal in its own answer.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { AlibabaCode } from './alibaba-errors';
import type { FakeClock, FakeRequest } from './types';

const require = createRequire(import.meta.url);
const OpenApiUtil = require('@alicloud/openapi-util').default;

export interface Acs3Keys {
  accessKeyId: string;
  accessKeySecret: string;
  /**
   * Temporary keys: every call must carry this STS token in x-acs-security-token (with
   * x-acs-accesskey-id), both signed, as the SDK's V3 path sends them; a call without them is a
   * bad signature. From `tokenExpiresAt` (epoch ms) on, calls get InvalidSecurityToken.Expired.
   */
  securityToken?: string;
  tokenExpiresAt?: number;
}

/** A refusal of the gateway: only common codes with a documented source (alibaba-errors.ts). */
export interface Acs3Refusal {
  status: number;
  code: AlibabaCode;
  message: string;
}

export interface Acs3Verdict {
  /** x-acs-action: the operation the request names. */
  action: string;
  query: Record<string, string>;
  signatureValid: boolean;
  refusal?: Acs3Refusal;
}

const refuse = (status: number, code: AlibabaCode, message: string): Acs3Refusal => ({ status, code, message });

/**
 * One checker per fake: it remembers the signature nonces it has seen (a nonce may never be
 * used twice). `version`, when given, is the API version the request must sign (x-acs-version).
 */
export function acs3Checker(keys: Acs3Keys, version?: string): (req: FakeRequest, clock: FakeClock) => Acs3Verdict {
  const seenNonces = new Set<string>();
  return (req, clock) => {
    const host = req.url.hostname;
    const action = req.headers['x-acs-action'] ?? 'unknown';
    const query: Record<string, string> = {};
    req.url.searchParams.forEach((v, k) => (query[k] = v));
    const auth = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/.exec(req.headers.authorization ?? '');
    const signedNames = (auth?.[2] ?? '').split(';');
    const signedHeaders: Record<string, string> = {};
    for (const name of signedNames) signedHeaders[name] = name === 'host' ? host : (req.headers[name] ?? '');
    const bodyHash = createHash('sha256').update(req.body).digest('hex');
    const expected = auth
      ? OpenApiUtil.getAuthorization({ pathname: req.url.pathname, method: req.method, query, headers: signedHeaders }, 'ACS3-HMAC-SHA256', bodyHash, keys.accessKeyId, keys.accessKeySecret)
      : '';
    const tokenSigned = keys.securityToken === undefined
      || (req.headers['x-acs-security-token'] === keys.securityToken && signedNames.includes('x-acs-security-token')
        && req.headers['x-acs-accesskey-id'] === keys.accessKeyId && signedNames.includes('x-acs-accesskey-id'));
    const signatureValid = Boolean(auth) && auth?.[1] === keys.accessKeyId && expected === req.headers.authorization
      && req.headers['x-acs-content-sha256'] === bodyHash && tokenSigned && (version === undefined || req.headers['x-acs-version'] === version);
    const verdict = (refusal?: Acs3Refusal): Acs3Verdict => ({ action, query, signatureValid, ...(refusal ? { refusal } : {}) });

    if (!auth) return verdict(refuse(400, 'IncompleteSignature', 'The request signature does not conform to Aliyun standards.'));
    if (auth[1] !== keys.accessKeyId) return verdict(refuse(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.'));
    const at = Date.parse(req.headers['x-acs-date'] ?? '');
    if (!Number.isFinite(at) || Math.abs(at - clock.now()) > 15 * 60_000) return verdict(refuse(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.'));
    if (!signatureValid) return verdict(refuse(400, 'SignatureDoesNotMatch', `Specified signature does not match our calculation. The string to sign is: ACS3-HMAC-SHA256\n${keys.accessKeyId}`));
    if (keys.tokenExpiresAt !== undefined && clock.now() >= keys.tokenExpiresAt) return verdict(refuse(400, 'InvalidSecurityToken.Expired', 'Specified SecurityToken is expired.'));
    const nonce = req.headers['x-acs-signature-nonce'] ?? '';
    if (seenNonces.has(nonce)) return verdict(refuse(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.'));
    seenNonces.add(nonce);
    return verdict();
  };
}
