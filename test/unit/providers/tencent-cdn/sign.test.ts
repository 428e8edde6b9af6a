import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRequire } from 'node:module';
import { signTc3 } from '../../../../lib/providers/dnspod/sign';

const require = createRequire(import.meta.url);
const Sign = require('tencentcloud-sdk-nodejs-common/tencentcloud/common/sign').default;

describe('TC3 for Tencent Cloud CDN (service "cdn")', () => {
  it('signs 2,000 random CDN list requests byte-identically to the SDK\'s sign3', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ StartTime: fc.string(), EndTime: fc.string(), Offset: fc.nat(), Limit: fc.integer({ min: 1, max: 1000 }), TaskId: fc.option(fc.uuid(), { nil: undefined }) }),
        fc.integer({ min: 946_684_800, max: 4_102_444_800 }),
        fc.constantFrom('cdn.tencentcloudapi.com', 'cdn.intl.tencentcloudapi.com'),
        fc.constantFrom('DescribePurgeTasks', 'DescribePushTasks'),
        async (request, timestamp, host, action) => {
          const body = JSON.stringify(request);
          const ours = await signTc3({ host, service: 'cdn', action, version: '2018-06-06', body, timestamp, secretId: 'AKIDexample', secretKey: 'cdn-secret-key-example' });
          const sdk = Sign.sign3({ method: 'POST', url: `https://${host}/`, payload: Buffer.from(body), timestamp, service: 'cdn', secretId: 'AKIDexample', secretKey: 'cdn-secret-key-example', headers: { 'Content-Type': 'application/json' } });
          expect(ours.authorization).toBe(sdk);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
