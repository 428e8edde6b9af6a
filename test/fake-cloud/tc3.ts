/**
 * How a Tencent Cloud API 3.0 fake checks a request before its action: the signature with the
 * SDK's own sign3 (never ours), then the common refusals in the order the service gives them.
 * Every product's fake (DNSPod, CDN) reads a request the same way.
 */
import { createRequire } from 'node:module';
import type { FakeClock, FakeRequest } from './types';

const require = createRequire(import.meta.url);
const Sign = require('tencentcloud-sdk-nodejs-common/tencentcloud/common/sign').default;

export type Tc3Refusal = 'AuthFailure.SecretIdNotFound' | 'AuthFailure.SignatureExpire' | 'AuthFailure.SignatureFailure';

export const TC3_REFUSAL_MESSAGES: Record<Tc3Refusal, string> = {
  'AuthFailure.SecretIdNotFound': 'The SecretId is not found, please ensure that your SecretId is correct.',
  'AuthFailure.SignatureExpire': 'Signature expire. Timestamp is out of range.',
  'AuthFailure.SignatureFailure': 'The provided credentials could not be validated. Please check your signature is correct.',
};

export function checkTc3(req: FakeRequest, clock: FakeClock, keys: { secretId: string; secretKey: string }, service: string): { action: string; signatureValid: boolean; refusal?: Tc3Refusal } {
  const action = req.headers['x-tc-action'] ?? 'unknown';
  const timestamp = Number(req.headers['x-tc-timestamp']);
  const expected = Sign.sign3({
    method: req.method, url: req.url.href, payload: Buffer.from(req.body), timestamp, service,
    secretId: keys.secretId, secretKey: keys.secretKey, headers: { 'Content-Type': req.headers['content-type'] ?? '' },
  });
  const signatureValid = expected === req.headers.authorization;
  if (!String(req.headers.authorization ?? '').includes(`Credential=${keys.secretId}/`)) return { action, signatureValid, refusal: 'AuthFailure.SecretIdNotFound' };
  if (!Number.isFinite(timestamp) || Math.abs(timestamp * 1000 - clock.now()) > 5 * 60_000) return { action, signatureValid, refusal: 'AuthFailure.SignatureExpire' };
  if (!signatureValid) return { action, signatureValid, refusal: 'AuthFailure.SignatureFailure' };
  return { action, signatureValid };
}
