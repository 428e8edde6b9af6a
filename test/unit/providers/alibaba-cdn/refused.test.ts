/**
 * A RAM user whose policy lacks a CDN action is refused with Forbidden.RAM (403): the user is
 * told which CDN action to grant, not the Alidns permission sentence, and a refused Alidns call
 * keeps the provider's own sentence.
 */
import { describe, expect, it } from 'vitest';
import { alibabaCdn } from '../../../../lib/providers/alibaba-cdn/index';
import { getProvider } from '../../../../lib/providers/index';
import { ProviderError, type Credentials } from '../../../../lib/providers/types';
import { testContext } from '../../support/context';

const cred: Credentials = {
  account: { id: 'ali-refused', provider: 'alibaba', name: 'Ali', settings: {} },
  secrets: { accessKeyId: 'LTAI5tRefusedKey0001', secretAccessKey: 'TestSecretTestSecret0000' },
};
/** Alibaba's common error answer (help.aliyun.com "公共错误码": Forbidden.RAM, 403). */
const forbidden: typeof fetch = async () =>
  new Response(JSON.stringify({ RequestId: 'r1', HostId: 'cdn.aliyuncs.com', Code: 'Forbidden.RAM', Message: 'User not authorized to operate on the specified resource, or this API doesn\'t support RAM.' }), { status: 403, headers: { 'content-type': 'application/json' } });
const failure = (p: Promise<unknown>): Promise<unknown> => p.then(() => undefined, (e: unknown) => e);

describe('a CDN call the key\'s RAM policy refuses', () => {
  it('names the CDN action of the refused call', async () => {
    const err = await failure(alibabaCdn.discover(cred, testContext(forbidden)));
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ cls: 'permission', code: 'Forbidden.RAM', action: 'cdn:DescribeRefreshTasks' });
    expect(alibabaCdn.describeError?.(err as ProviderError)).toEqual({ id: 'errorWithCode', code: 'Forbidden.RAM', sentence: { id: 'errorPermissionCdn', action: 'cdn:DescribeRefreshTasks' } });
  });

  it('is told by the Alibaba account with the CDN permission sentence, not the Alidns one', async () => {
    const err = (await failure(alibabaCdn.discover(cred, testContext(forbidden)))) as ProviderError;
    const alibaba = getProvider('alibaba')!;
    expect(alibaba.describeError(err)).toEqual({ id: 'errorWithCode', code: 'Forbidden.RAM', sentence: { id: 'errorPermissionCdn', action: 'cdn:DescribeRefreshTasks' } });
    const dnsRefusal = new ProviderError('permission', 'Forbidden.RAM', { code: 'Forbidden.RAM', httpStatus: 403 });
    expect(alibaba.describeError(dnsRefusal)).not.toMatchObject({ sentence: { id: 'errorPermissionCdn' } });
  });
});
