/**
 * DNSPod's legacy API requires `User-Agent: ProgramName/Version (contact email)`; a missing
 * or browser-like one can get the account banned. Chrome ignores a User-Agent set in
 * fetch(), so the background installs this declarativeNetRequest rule, which applies only
 * to the extension's own requests (tabIds -1) to dnsapi.cn. It must be a session rule:
 * Chrome refuses tabIds in a dynamic rule ("only supported for session-scoped rules").
 */
import { version } from '../../../package.json';

export const CONTACT = 'batchwatch@batchwatch.dev';
export const USER_AGENT = `Batchwatch/${version} (${CONTACT})`;

export const DNSPOD_USER_AGENT_RULE_ID = 1;

export const dnspodUserAgentRule = {
  id: DNSPOD_USER_AGENT_RULE_ID,
  priority: 1,
  action: {
    type: 'modifyHeaders' as const,
    requestHeaders: [{ header: 'user-agent', operation: 'set' as const, value: USER_AGENT }],
  },
  condition: {
    requestDomains: ['dnsapi.cn'],
    tabIds: [-1],
    resourceTypes: ['xmlhttprequest' as const, 'other' as const],
  },
};
