/**
 * The least-privilege policy each provider's form copies follows from the calls its folder
 * declares, and reads as its identity service's own policy syntax: each schema below is
 * checked against the example the service documents, then against the derived policy.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { providers } from '../../../lib/providers/index';
import { declaredActions, policyDocument, shortKeyId, type PolicyDialect } from '../../../lib/providers/access';

/** Alibaba RAM, "Policy structure and syntax": Version "1", Statement with Effect, Action, Resource. */
const ramPolicy = z.strictObject({
  Version: z.literal('1'),
  Statement: z.array(z.strictObject({ Effect: z.enum(['Allow', 'Deny']), Action: z.union([z.string(), z.array(z.string())]), Resource: z.union([z.string(), z.array(z.string())]) })).min(1),
});
const RAM_EXAMPLE = { Version: '1', Statement: [{ Effect: 'Allow', Action: ['alidns:DescribeDomains', 'alidns:DescribeDomainRecords'], Resource: '*' }] };

/** Tencent CAM, "Policy syntax": version "2.0", lower-case statement/effect/action/resource, resource a list. */
const camPolicy = z.strictObject({
  version: z.literal('2.0'),
  statement: z.array(z.strictObject({ effect: z.enum(['allow', 'deny']), action: z.array(z.string().regex(/^[a-z]+:[A-Za-z*]+$/)), resource: z.array(z.string()) })).min(1),
});
const CAM_EXAMPLE = { version: '2.0', statement: [{ effect: 'allow', action: ['dnspod:DescribeDomainList'], resource: ['*'] }] };

/** Huawei IAM, "Custom policy syntax": Version "1.1", Statement with Effect and Action (service:resource:operation). */
const iamPolicy = z.strictObject({
  Version: z.literal('1.1'),
  Statement: z.array(z.strictObject({ Effect: z.enum(['Allow', 'Deny']), Action: z.array(z.string().regex(/^[a-z]+:[a-zA-Z]+:[a-zA-Z]+$/)) })).min(1),
});
const IAM_EXAMPLE = { Version: '1.1', Statement: [{ Effect: 'Allow', Action: ['dns:zone:list', 'dns:recordset:list'] }] };

const SYNTAX: Record<PolicyDialect, { schema: z.ZodType; example: unknown; actionsOf: (policy: never) => string[] }> = {
  ram: { schema: ramPolicy, example: RAM_EXAMPLE, actionsOf: (p: z.infer<typeof ramPolicy>) => p.Statement.flatMap((s) => s.Action) },
  cam: { schema: camPolicy, example: CAM_EXAMPLE, actionsOf: (p: z.infer<typeof camPolicy>) => p.statement.flatMap((s) => s.action) },
  iam: { schema: iamPolicy, example: IAM_EXAMPLE, actionsOf: (p: z.infer<typeof iamPolicy>) => p.Statement.flatMap((s) => s.Action) },
};

describe('the least-privilege policy', () => {
  it.each(Object.entries(SYNTAX))('the %s syntax check accepts the service\'s documented example', (_dialect, { schema, example }) => {
    expect(schema.safeParse(example).success).toBe(true);
  });

  it.each(providers.filter((p) => p.access?.dialect).map((p) => [p.id, p] as const))('%s: the copied policy parses as its service\'s syntax and grants exactly the declared actions', (_id, provider) => {
    const access = provider.access!;
    const text = policyDocument(access)!;
    const parsed = SYNTAX[access.dialect!].schema.parse(JSON.parse(text));
    expect(SYNTAX[access.dialect!].actionsOf(parsed as never)).toEqual(declaredActions(access));
    expect(declaredActions(access).length).toBeGreaterThan(0);
    // Read-only: no action that creates, changes or deletes.
    // (Huawei CDN names its reads query…, e.g. cdn:configuration:queryCacheHistoryTask.)
    for (const action of declaredActions(access)) expect(action).toMatch(/:(Describe|list|get|query)/i);
  });

  it('names the actions the issue lists, per provider', () => {
    // An account as saved by default: no task source on.
    const actions = (id: string, settings: Record<string, string> = {}): string[] => {
      const provider = providers.find((p) => p.id === id)!;
      return declaredActions(provider.accessFor?.(settings) ?? provider.access!);
    };
    expect(actions('alibaba')).toEqual(['alidns:DescribeBatchResultCount', 'alidns:DescribeBatchResultDetail']);
    // Issue 33: CDN tasks turned on add the CDN calls' actions (the RAM pages of both calls).
    expect(actions('alibaba', { 'watch-alibaba-cdn': 'on' })).toEqual(['alidns:DescribeBatchResultCount', 'alidns:DescribeBatchResultDetail', 'cdn:DescribeRefreshTasks', 'cdn:DescribeRefreshTaskById']);
    expect(actions('dnspod')).toEqual(['dnspod:DescribeBatchTask']);
    expect(actions('huawei')).toEqual(['dns:zone:listPublicZoneBatchOperationRecords', 'dns:zone:getPublicZoneBatchOperationResult', 'dcs:task:list', 'iam:projects:listProjects']);
    // CDN tasks turned on add their calls' actions (issue 33).
    expect(actions('dnspod', { 'watch-tencent-cdn': 'on' })).toEqual(['dnspod:DescribeBatchTask', 'cdn:DescribePurgeTasks', 'cdn:DescribePushTasks']);
    expect(actions('huawei', { 'watch-huawei-cdn': 'on' })).toEqual(['dns:zone:listPublicZoneBatchOperationRecords', 'dns:zone:getPublicZoneBatchOperationResult', 'dcs:task:list', 'iam:projects:listProjects', 'cdn:configuration:queryCacheHistoryTask']);
  });

  it('the legacy DNSPod token has no policy: it carries every right of its account', () => {
    const token = providers.find((p) => p.id === 'dnspod-token')!;
    expect(token.access?.fullRights).toBe(true);
    expect(policyDocument(token.access!)).toBeUndefined();
  });

  it.each(providers.map((p) => [p.id, p] as const))('%s: "Create a key" opens the China and international sub-user pages over https', (_id, provider) => {
    const pages = provider.access!.keyPages;
    expect(pages.map((p) => p.site).sort()).toEqual(['cn', 'intl']);
    for (const page of pages) expect(new URL(page.url).protocol).toBe('https:');
    expect(provider.fields.find((f) => f.key === provider.access!.keyIdField)?.secret).toBe(true);
  });
});

describe('a key ID as the consoles show it', () => {
  it('keeps the first and last four characters of a long ID', () => {
    expect(shortKeyId('LTAI5tAbCdEfGhIjKlMnab12')).toBe('LTAI…ab12');
    expect(shortKeyId('AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE')).toBe('AKID…MPLE');
  });

  it('shows a short ID (a DNSPod token ID) whole', () => {
    expect(shortKeyId('13490')).toBe('13490');
  });
});
