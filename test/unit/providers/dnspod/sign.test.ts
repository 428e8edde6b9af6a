import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRequire } from 'node:module';
import { signTc3 } from '../../../../lib/providers/dnspod/sign';

const require = createRequire(import.meta.url);
const Sign = require('tencentcloud-sdk-nodejs-common/tencentcloud/common/sign').default;

describe('Tencent Cloud TC3-HMAC-SHA256 signer', () => {
  it('signs 10,000 random requests byte-identically to the SDK\'s sign3', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.json(),
        fc.integer({ min: 946_684_800, max: 4_102_444_800 }),
        fc.constantFrom('dnspod.tencentcloudapi.com', 'dnspod.intl.tencentcloudapi.com'),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
        async (body, timestamp, host, secretKey) => {
          const ours = await signTc3({ host, service: 'dnspod', action: 'DescribeBatchTask', version: '2021-03-23', body, timestamp, secretId: 'AKIDexample', secretKey });
          const sdk = Sign.sign3({ method: 'POST', url: `https://${host}/`, payload: Buffer.from(body), timestamp, service: 'dnspod', secretId: 'AKIDexample', secretKey, headers: { 'Content-Type': 'application/json' } });
          expect(ours.authorization).toBe(sdk);
        },
      ),
      { numRuns: 10_000 },
    );
  });
});
