/**
 * A Huawei account's settings: DNS public zones are global, called through one endpoint per
 * site (PROVIDERS.md; each DNS API page: "Public zones are global resources"); DCS is regional,
 * with a project per region. So the DNS site and the DCS regions are separate settings.
 * Accounts saved before this had one Region serving both: read as that region being the one
 * DCS region, the site following from it.
 */
export type DnsSite = 'cn' | 'intl';

/** The region each site's DNS endpoint is named after (PROVIDERS.md, Endpoints). */
export const DNS_SITE_REGIONS: Readonly<Record<DnsSite, string>> = { cn: 'cn-north-4', intl: 'ap-southeast-3' };
export const DEFAULT_DCS_REGIONS = 'cn-north-4';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const PROJECT = /^[0-9a-f]{32}$/i;
export const MAX_DCS_REGIONS = 20;

export interface DcsRegion {
  region: string;
  /** Given by the user; otherwise found through IAM. */
  projectId?: string;
}

export interface HuaweiSettings {
  site: DnsSite;
  dcs: DcsRegion[];
  /** Sent with DNS calls, for an IAM user scoped to one project. */
  dnsProjectId?: string;
}

/** Regions outside the Chinese mainland are served by the international site. */
export const siteOfRegion = (region: string): DnsSite => (region.startsWith('cn-') ? 'cn' : 'intl');

/** "cn-east-3, ap-southeast-1:0123…": each entry a region, or a region and its project ID. */
export function parseDcsRegions(value: string): { regions: DcsRegion[]; error?: string } {
  const regions: DcsRegion[] = [];
  if (value !== value.trim()) return { regions, error: value };
  for (const entry of value.split(/[\s,，]+/).filter(Boolean)) {
    const [region = '', projectId, extra] = entry.split(':');
    if (extra !== undefined || !REGION.test(region) || (projectId !== undefined && !PROJECT.test(projectId))) return { regions, error: entry };
    if (regions.some((r) => r.region === region)) return { regions, error: entry };
    regions.push({ region, ...(projectId ? { projectId } : {}) });
  }
  if (regions.length > MAX_DCS_REGIONS) return { regions, error: String(regions.length) };
  return { regions };
}

/** A stored account's settings in today's keys: one Region becomes the site and the one DCS region. */
export function migrateHuaweiSettings(settings: Record<string, string>): Record<string, string> {
  if (!('region' in settings)) return settings;
  const { region: legacy = '', ...rest } = settings;
  // Kept as stored (not trimmed): a planted value must fail the check, not be tidied into a valid one.
  const region = legacy || DEFAULT_DCS_REGIONS;
  const projectId = rest.projectId?.trim();
  return {
    ...rest,
    site: rest.site ?? siteOfRegion(region),
    dcsRegions: rest.dcsRegions ?? (projectId ? `${region}:${projectId}` : region),
  };
}

export function readHuaweiSettings(raw: Record<string, string>): HuaweiSettings {
  const settings = migrateHuaweiSettings(raw);
  const dnsProjectId = settings.projectId?.trim();
  return {
    site: settings.site === 'intl' ? 'intl' : 'cn',
    // An unreadable list watches nothing rather than something the user did not ask for.
    dcs: parseDcsRegions(settings.dcsRegions ?? '').regions,
    ...(dnsProjectId ? { dnsProjectId } : {}),
  };
}
