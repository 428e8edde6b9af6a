/**
 * Which console URL is which provider family and page. Pure functions, table-tested.
 * (Stub signature: the console-panel work fills this in.)
 */
export type ConsoleFamily = 'huawei' | 'alibaba' | 'dnspod';

export interface ConsolePage {
  family: ConsoleFamily;
  /** e.g. 'dns-zones', 'dns-recordsets', 'dcs', 'alidns-domains', 'dnspod-records' */
  page: string;
  /** Details read from the URL (zone id, domain, region). */
  params: Record<string, string>;
}

/** Provider ids whose tasks a console family may see. */
export const FAMILY_PROVIDERS: Record<ConsoleFamily, readonly string[]> = {
  huawei: ['huawei'],
  alibaba: ['alibaba'],
  dnspod: ['dnspod', 'dnspod-token'],
};

export function detectConsolePage(_url: string): ConsolePage | undefined {
  return undefined;
}
