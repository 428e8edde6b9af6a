/**
 * What a provider's keys must be allowed to do, declared once in each provider's folder
 * (lib/providers/<id>/actions.ts): the calls it makes and the identity-policy action each one
 * needs. The least-privilege policy the options form copies, the "Create a key" links and the
 * check that the fake cloud never sees an undeclared call all follow from that declaration.
 */

/** The identity service whose policy syntax a provider's keys are granted in. */
export type PolicyDialect = 'ram' | 'cam' | 'iam';

export interface ApiCall {
  /** The API operation as the provider names it (and the fake cloud records it). */
  operation: string;
  /** The policy action it needs; absent when the provider's page says the call needs none. */
  action?: string;
}

export interface KeyPage {
  /** Which of the provider's sites the page belongs to. */
  site: 'cn' | 'intl';
  /** Where a sub-user and its access key are made. */
  url: string;
}

export interface AccessSpec {
  /** Absent for credentials no policy can narrow (DNSPod's legacy token). */
  dialect?: PolicyDialect;
  calls: readonly ApiCall[];
  keyPages: readonly KeyPage[];
  /** The secret field holding the key's public ID: the card shows it shortened, as the consoles list it. */
  keyIdField: string;
  /** The credentials carry every right of the account (no sub-user can hold them). */
  fullRights?: boolean;
  /**
   * The account setting that names its site, and the value meaning the international one:
   * an account's links then open only its own site's pages. Absent: the credentials have one
   * site, or no setting says which.
   */
  siteSetting?: { key: string; intl: string };
}

/** The site an account's settings put it on (China unless its site setting says international). */
export function siteOf(access: AccessSpec, settings: Readonly<Record<string, string | undefined>>): KeyPage['site'] {
  return access.siteSetting && settings[access.siteSetting.key] === access.siteSetting.intl ? 'intl' : 'cn';
}

/**
 * The pages where a key is made: for an account (or a form whose site is chosen), its own
 * site's; without settings (no account yet), every site's. A provider whose only page is of
 * the other site still shows it: a link to the wrong site beats none.
 */
export function keyPagesFor(access: AccessSpec, settings?: Readonly<Record<string, string | undefined>>): readonly KeyPage[] {
  if (!settings || !access.siteSetting) return access.keyPages;
  const site = siteOf(access, settings);
  const own = access.keyPages.filter((page) => page.site === site);
  return own.length ? own : access.keyPages;
}

/** Each action once, in the order the calls were declared. */
export function declaredActions(access: AccessSpec): string[] {
  return [...new Set(access.calls.flatMap((c) => (c.action ? [c.action] : [])))];
}

export const declaredOperations = (access: AccessSpec): ReadonlySet<string> => new Set(access.calls.map((c) => c.operation));

/**
 * A custom policy granting exactly the declared actions, in the dialect's documented syntax:
 * Alibaba RAM (Version "1"), Tencent CAM (version "2.0", lower-case keys, resource a list),
 * Huawei IAM (Version "1.1", no Resource: these actions take none). Undefined without a dialect.
 */
export function policyDocument(access: AccessSpec): string | undefined {
  const actions = declaredActions(access);
  switch (access.dialect) {
    case 'ram':
      return JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] }, null, 2);
    case 'cam':
      return JSON.stringify({ version: '2.0', statement: [{ effect: 'allow', action: actions, resource: ['*'] }] }, null, 2);
    case 'iam':
      return JSON.stringify({ Version: '1.1', Statement: [{ Effect: 'Allow', Action: actions }] }, null, 2);
    default:
      return undefined;
  }
}

/**
 * A key ID as the consoles list it, shortened: its first and last four characters. Short IDs
 * (a DNSPod token ID is a few digits) are shown whole: hiding part of them tells nothing apart.
 */
export function shortKeyId(id: string): string {
  const trimmed = id.trim();
  if (trimmed.length <= 12) return trimmed;
  return `${trimmed.slice(0, 4)}…${trimmed.slice(-4)}`;
}
