import { ProviderError, type CapabilityReport, type Credentials, type Provider, type ProviderContext, type Reason, type Task } from '../types';
import { addUnreadable, NO_UNREADABLE } from '../shape';
import { securityTokenField, tokenExpiryField } from '../temporary-keys';
import { capabilityFailure, dcsCapability, dcsLabel, DNS_CAPABILITY, dnsLabel, watched } from './capabilities';
import { API_HOST_PATTERNS, dcsRegionsOf, dnsFailedItems, mergeDnsViews, listDcsTasks, listDnsTasks, mapDnsTask, mapZoneCreateTask, reportListed, showDnsTask, showZoneCreateTask, type Listed } from './client';
import { describeHuaweiError } from './errors';
import { HUAWEI_ACCESS } from './actions';
import { DEFAULT_DCS_REGIONS, DNS_SITE_REGIONS, MAX_DCS_REGIONS, migrateHuaweiSettings, parseDcsRegions, readHuaweiSettings } from './settings';

const TASK_ID = /^[0-9a-f]{32}$/i;
const ZONE_AND_TASK = /^([0-9a-f]{32})\/([0-9a-f]{32})$/i;

/**
 * Each DCS region is a capability of its own: a refused permission, an unknown project or a
 * region not enabled says so (not watched), throttling or a dead network is retried, and neither
 * costs the DNS tasks. Only a refused key (or a clock that could not be corrected) is the account's.
 */
async function dcsCapabilities(cred: Credentials, ctx: ProviderContext): Promise<{ listed: Listed; reports: CapabilityReport[] }> {
  let listed: Listed = { tasks: [], unreadable: NO_UNREADABLE };
  const reports: CapabilityReport[] = [];
  for (const dcs of dcsRegionsOf(cred)) {
    const region = dcs.region;
    const id = dcsCapability(region);
    try {
      const found = await listDcsTasks(cred, ctx, dcs);
      listed = { tasks: [...listed.tasks, ...found.tasks], unreadable: addUnreadable(listed.unreadable, found.unreadable) };
      reports.push(watched(id, dcsLabel(region)));
    } catch (err) {
      const report = capabilityFailure(id, dcsLabel(region), err, region);
      if (!report) throw err;
      reports.push(report);
    }
  }
  return { listed, reports };
}

/** The DNS list is the account's own test: its failure is the account's problem, as before. */
async function dnsCapability(cred: Credentials, ctx: ProviderContext): Promise<{ listed: Listed; report: CapabilityReport }> {
  const listed = await listDnsTasks(cred, ctx);
  return { listed, report: watched(DNS_CAPABILITY, dnsLabel()) };
}

/** A DCS task is looked for from a little before it was created, not over the whole 30 days. */
const DCS_REFRESH_SLACK_MS = 3600_000;

async function refreshTask(cred: Credentials, task: Task, ctx: ProviderContext): Promise<Task> {
  if (task.kind === 'dns-batch') {
    // Asked by id, the answer is that task: its echoed id (absent, or of another type) costs that
    // field, never the task's identity.
    const answer = await showDnsTask(cred, ctx, task.providerTaskId);
    return mapDnsTask(cred.account.id, { ...answer, id: task.providerTaskId }) ?? task;
  }
  if (task.kind === 'dns-zone-batch-create') {
    const zoneId = task.locator?.zoneId ?? '';
    const mapped = mapZoneCreateTask(cred.account.id, zoneId, task.locator?.zoneName, await showZoneCreateTask(cred, ctx, zoneId));
    if (!mapped) throw new ProviderError('malformed', 'ShowBatchCreateRecordsetsTask: the answer has no task id');
    if (mapped.providerTaskId === task.providerTaskId) return mapped;
    // The zone endpoint shows the zone's latest task only; a newer one hides ours there, but the
    // batch API still answers for it by its id (one id, two views), and the zone view stays.
    const answer = await showDnsTask(cred, ctx, task.providerTaskId);
    return mergeDnsViews(task, mapDnsTask(cred.account.id, { ...answer, id: task.providerTaskId }) ?? task);
  }
  const since = task.createdAt !== undefined ? task.createdAt - DCS_REFRESH_SLACK_MS : undefined;
  // A DCS task is asked for where it was listed: its own region and project.
  const region = task.locator?.region ?? dcsRegionsOf(cred)[0]?.region ?? DNS_SITE_REGIONS.cn;
  const given = dcsRegionsOf(cred).find((d) => d.region === region);
  const projectId = task.locator?.projectId ?? given?.projectId;
  const found = (await listDcsTasks(cred, ctx, { region, ...(projectId ? { projectId } : {}) }, since)).tasks.find((t) => t.providerTaskId === task.providerTaskId);
  if (!found) throw new ProviderError('not-found', 'The DCS task is no longer listed');
  return found;
}

const isChinaRegion = (region: string): boolean => region.startsWith('cn-');

export const huawei: Provider = {
  id: 'huawei',
  name: { id: 'providerHuawei' },
  fields: [
    {
      key: 'accessKeyId',
      label: { id: 'fieldHuaweiAccessKeyId' },
      secret: true,
      required: true,
      validate: (v) => (/^[A-Za-z0-9]{16,64}$/.test(v) ? undefined : { id: 'fieldHuaweiAccessKeyIdInvalid' }),
    },
    {
      key: 'secretAccessKey',
      label: { id: 'fieldHuaweiSecret' },
      secret: true,
      required: true,
      validate: (v) => (v.length >= 16 && !/\s/.test(v) ? undefined : { id: 'fieldHuaweiSecretInvalid' }),
    },
    {
      key: 'site',
      label: { id: 'fieldHuaweiSite' },
      secret: false,
      required: true,
      defaultValue: 'cn',
      options: [
        { value: 'cn', label: { id: 'fieldHuaweiSiteChina' } },
        { value: 'intl', label: { id: 'fieldHuaweiSiteIntl' } },
      ],
      help: { id: 'fieldHuaweiSiteHelp' },
    },
    {
      key: 'dcsRegions',
      label: { id: 'fieldHuaweiDcsRegions' },
      secret: false,
      required: false,
      defaultValue: DEFAULT_DCS_REGIONS,
      placeholder: 'cn-east-3, ap-southeast-1',
      help: { id: 'fieldHuaweiDcsRegionsHelp' },
      validate: (v) => {
        const { error } = parseDcsRegions(v);
        return error === undefined ? undefined : { id: 'fieldHuaweiDcsRegionsInvalid', value: error, max: MAX_DCS_REGIONS };
      },
    },
    {
      key: 'projectId',
      label: { id: 'fieldHuaweiProjectId' },
      secret: false,
      required: false,
      help: { id: 'fieldHuaweiProjectIdHelp' },
      validate: (v) => (/^[0-9a-f]{32}$/i.test(v) ? undefined : { id: 'fieldHuaweiProjectIdInvalid' }),
    },
    securityTokenField, tokenExpiryField,
  ],
  apiHostPatterns: API_HOST_PATTERNS,
  access: HUAWEI_ACCESS,
  async discover(cred, ctx) {
    const dns = await dnsCapability(cred, ctx);
    const dcs = await dcsCapabilities(cred, ctx);
    reportListed(ctx, cred, dns.listed.unreadable, dcs.listed.unreadable);
    for (const report of [dns.report, ...dcs.reports]) ctx.capability?.(report);
    return [...dns.listed.tasks, ...dcs.listed.tasks];
  },
  refresh: refreshTask,
  mergeViews: mergeDnsViews,
  async failedItems(cred, task, page, ctx) {
    if (task.kind === 'dcs-task') {
      const code = task.locator?.errorCode;
      // DCS lists a task's error code but no words for it: the sentence is ours, in the user's language.
      const reason: Reason = code ? { id: 'failedDcsTaskCode', code } : { id: 'failedDcsTask' };
      return task.status === 'failed'
        ? { items: [{ item: typeof task.label === 'string' ? task.label : task.providerTaskId, ...(code ? { code } : {}), message: reason }], total: 1 }
        : { items: [], total: 0 };
    }
    return dnsFailedItems(cred, ctx, task, page);
  },
  track: {
    idLabel: { id: 'taskId' },
    validateId: (id) =>
      TASK_ID.test(id) || ZONE_AND_TASK.test(id)
        ? undefined
        : { id: 'trackHuaweiIdInvalid' },
    async track(cred, id, ctx) {
      const zoned = ZONE_AND_TASK.exec(id);
      if (zoned) {
        const [, zoneId = '', taskId = ''] = zoned;
        const mapped = mapZoneCreateTask(cred.account.id, zoneId, undefined, await showZoneCreateTask(cred, ctx, zoneId));
        if (!mapped || mapped.providerTaskId !== taskId) throw new ProviderError('not-found', 'That zone has no batch-create task with this ID');
        return mapped;
      }
      const mapped = mapDnsTask(cred.account.id, await showDnsTask(cred, ctx, id));
      if (!mapped) throw new ProviderError('not-found', 'No batch task with this ID');
      return mapped;
    },
  },
  async testConnection(cred, ctx) {
    // Unlike a discovery, a test goes on past a DNS refusal of its own (a permission): the user
    // asked what each capability can do, and DCS is asked with the same keys either way. A DNS
    // call that got no answer proves nothing about the keys: that still fails the test.
    let dns: CapabilityReport;
    try {
      dns = (await dnsCapability(cred, ctx)).report;
    } catch (err) {
      const report = capabilityFailure(DNS_CAPABILITY, dnsLabel(), err);
      if (report?.state !== 'not-watched') throw err;
      dns = report;
    }
    return [dns, ...(await dcsCapabilities(cred, ctx)).reports];
  },
  consoleUrl(task, account) {
    // A DCS task's page is in its own region; DNS pages are on the account's site.
    const region = task.kind === 'dcs-task' ? task.locator?.region ?? DEFAULT_DCS_REGIONS : DNS_SITE_REGIONS[readHuaweiSettings(account.settings).site];
    const host = isChinaRegion(region) ? 'console.huaweicloud.com' : 'console-intl.huaweicloud.com';
    if (task.kind === 'dcs-task') return `https://${host}/dcs/?region=${encodeURIComponent(region)}#/dcs/manager/cacheList`;
    if (task.kind === 'dns-zone-batch-create' && task.locator?.zoneId) {
      const name = task.locator.zoneName ? `&zonename=${encodeURIComponent(task.locator.zoneName)}` : '';
      return `https://${host}/dns/?region=${encodeURIComponent(region)}#/dns/publicRset?zoneid=${encodeURIComponent(task.locator.zoneId)}${name}`;
    }
    return `https://${host}/dns/?region=${encodeURIComponent(region)}#/dns/publiczones`;
  },
  migrateSettings: migrateHuaweiSettings,
  describeError: describeHuaweiError,
};

