import { ProviderError, type CapabilityReport, type Credentials, type Provider, type ProviderContext, type Task } from '../types';
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
    return mapDnsTask(cred.account.id, { ...answer, id: task.providerTaskId }, ctx.lang) ?? task;
  }
  if (task.kind === 'dns-zone-batch-create') {
    const zoneId = task.locator?.zoneId ?? '';
    const mapped = mapZoneCreateTask(cred.account.id, zoneId, task.locator?.zoneName, await showZoneCreateTask(cred, ctx, zoneId), ctx.lang);
    if (!mapped) throw new ProviderError('malformed', 'ShowBatchCreateRecordsetsTask: the answer has no task id');
    if (mapped.providerTaskId === task.providerTaskId) return mapped;
    // The zone endpoint shows the zone's latest task only; a newer one hides ours there, but the
    // batch API still answers for it by its id (one id, two views), and the zone view stays.
    const answer = await showDnsTask(cred, ctx, task.providerTaskId);
    return mergeDnsViews(task, mapDnsTask(cred.account.id, { ...answer, id: task.providerTaskId }, ctx.lang) ?? task);
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
      label: { en: 'Access key ID', zh: '访问密钥 ID（AK）' },
      secret: true,
      required: true,
      validate: (v) => (/^[A-Za-z0-9]{16,64}$/.test(v) ? undefined : { en: 'An access key ID is 16–64 letters and digits, like HPUAXXXXXXXXXXXXXXXX.', zh: '访问密钥 ID 为 16–64 位字母和数字，例如 HPUAXXXXXXXXXXXXXXXX。' }),
    },
    {
      key: 'secretAccessKey',
      label: { en: 'Secret access key', zh: '秘密访问密钥（SK）' },
      secret: true,
      required: true,
      validate: (v) => (v.length >= 16 && !/\s/.test(v) ? undefined : { en: 'A secret access key is at least 16 characters, without spaces.', zh: '秘密访问密钥至少 16 个字符，且不含空格。' }),
    },
    {
      key: 'site',
      label: { en: 'DNS site', zh: 'DNS 站点' },
      secret: false,
      required: true,
      defaultValue: 'cn',
      options: [
        { value: 'cn', label: { en: 'China (dns.cn-north-4)', zh: '中国站（dns.cn-north-4）' } },
        { value: 'intl', label: { en: 'International (dns.ap-southeast-3)', zh: '国际站（dns.ap-southeast-3）' } },
      ],
      help: { en: 'DNS public zones are global: one endpoint serves the whole site your account belongs to.', zh: '公网域名为全局资源：同一站点的账号使用同一个接入点。' },
    },
    {
      key: 'dcsRegions',
      label: { en: 'DCS regions', zh: 'DCS 区域' },
      secret: false,
      required: false,
      defaultValue: DEFAULT_DCS_REGIONS,
      placeholder: 'cn-east-3, ap-southeast-1',
      help: {
        en: 'DCS is regional: list each region whose DCS tasks to watch, separated by commas. Its project is found through IAM; to give it, write region:project ID (cn-east-3:0123…). Leave empty to watch DNS tasks only.',
        zh: 'DCS 为区域级服务：填写要监视 DCS 任务的各个区域，用逗号分隔。项目 ID 会通过 IAM 自动查找；如需指定，请写成“区域:项目 ID”（如 cn-east-3:0123…）。留空则只监视 DNS 任务。',
      },
      validate: (v) => {
        const { error } = parseDcsRegions(v);
        return error === undefined ? undefined : { en: `Not a region (or region:project ID): ${error}. A region looks like cn-east-3; at most ${MAX_DCS_REGIONS}, each once.`, zh: `不是有效的区域（或“区域:项目 ID”）：${error}。区域格式如 cn-east-3；最多 ${MAX_DCS_REGIONS} 个，不可重复。` };
      },
    },
    {
      key: 'projectId',
      label: { en: 'Project ID', zh: '项目 ID' },
      secret: false,
      required: false,
      help: { en: 'Optional: only for an IAM user limited to one project; it is sent with the DNS calls.', zh: '可选：仅当 IAM 用户只被授权于一个项目时填写，会随 DNS 请求发送。' },
      validate: (v) => (/^[0-9a-f]{32}$/i.test(v) ? undefined : { en: 'A project ID is 32 hexadecimal characters.', zh: '项目 ID 为 32 位十六进制字符。' }),
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
      return task.status === 'failed'
        ? { items: [{ item: task.label, ...(code ? { code } : {}), message: code ? `DCS error ${code}` : 'The DCS task failed' }], total: 1 }
        : { items: [], total: 0 };
    }
    return dnsFailedItems(cred, ctx, task, page);
  },
  track: {
    idLabel: { en: 'Task ID', zh: '任务 ID' },
    validateId: (id) =>
      TASK_ID.test(id) || ZONE_AND_TASK.test(id)
        ? undefined
        : { en: 'A Huawei task ID is 32 hexadecimal characters; for a per-zone batch-create task enter zone ID/task ID.', zh: '华为云任务 ID 为 32 位十六进制字符；单域名批量创建任务请输入“域名 ID/任务 ID”。' },
    async track(cred, id, ctx) {
      const zoned = ZONE_AND_TASK.exec(id);
      if (zoned) {
        const [, zoneId = '', taskId = ''] = zoned;
        const mapped = mapZoneCreateTask(cred.account.id, zoneId, undefined, await showZoneCreateTask(cred, ctx, zoneId), ctx.lang);
        if (!mapped || mapped.providerTaskId !== taskId) throw new ProviderError('not-found', 'That zone has no batch-create task with this ID');
        return mapped;
      }
      const mapped = mapDnsTask(cred.account.id, await showDnsTask(cred, ctx, id), ctx.lang);
      if (!mapped) throw new ProviderError('not-found', 'No batch task with this ID');
      return mapped;
    },
  },
  async testConnection(cred, ctx) {
    const dns = await dnsCapability(cred, ctx);
    return [dns.report, ...(await dcsCapabilities(cred, ctx)).reports];
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

