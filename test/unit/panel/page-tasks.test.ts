import { describe, expect, it } from 'vitest';
import { detectConsolePage } from '../../../lib/console/pages';
import { kindOfKey, taskArea, tasksForPage } from '../../../lib/console/panel-tasks';
import type { PanelTaskView } from '../../../lib/messaging/messages';

const ZONE_A = 'ff8080827d1f2c3b017d2f0b1e0c0a1b';
const ZONE_B = 'ff8080827d1f2c3b017d2f0b1e0c0a1c';
const HOST = 'https://console.huaweicloud.com';
const task = (key: string, consoleUrl?: string): PanelTaskView => ({ key, providerTaskId: key.split(':').pop()!, label: key, status: 'partial', failed: 1, ...(consoleUrl ? { consoleUrl } : {}) });

// Newest first, as the background sends them: the DCS task is the newest.
const DCS = task('acct-1:dcs-task:d1', `${HOST}/dcs/?region=cn-north-4#/dcs/manager/cacheList`);
const DNS = task('acct-1:dns-batch:b1', `${HOST}/dns/?region=cn-north-4#/dns/publiczones`);
const ZONE_A_TASK = task('acct-1:dns-zone-batch-create:z1', `${HOST}/dns/?region=cn-north-4#/dns/publicRset?zoneid=${ZONE_A}&zonename=example.com.`);
const ZONE_B_TASK = task('acct-2:dns-zone-batch-create:z2', `${HOST}/dns/?region=cn-north-4#/dns/publicRset?zoneid=${ZONE_B}&zonename=example.org.`);
const TASKS = [DCS, ZONE_B_TASK, DNS, ZONE_A_TASK];
const keys = (list: readonly PanelTaskView[]): string[] => list.map((t) => t.key);

describe('the tasks of the page the panel is on', () => {
  it('on a DNS page, the DNS tasks first (newest first) and the DCS task after them, still reachable', () => {
    const page = detectConsolePage(`${HOST}/dns/?region=cn-north-4#/dns/publiczones`);
    const { here, others } = tasksForPage(TASKS, page);
    expect(keys(here)).toEqual([ZONE_B_TASK.key, DNS.key, ZONE_A_TASK.key]);
    expect(keys(others)).toEqual([DCS.key]);
  });

  it("on a zone's record-set page, that zone's tasks first", () => {
    const page = detectConsolePage(`${HOST}/dns/?region=cn-north-4#/dns/publicRset?zoneid=${ZONE_A}&zonename=example.com.`);
    expect(keys(tasksForPage(TASKS, page).here)).toEqual([ZONE_A_TASK.key, ZONE_B_TASK.key, DNS.key]);
  });

  it('on a DCS page, the DCS tasks first', () => {
    const page = detectConsolePage(`${HOST}/dcs/?region=cn-north-4#/dcs/manager/cacheList`);
    const { here, others } = tasksForPage(TASKS, page);
    expect(keys(here)).toEqual([DCS.key]);
    expect(keys(others)).toEqual([ZONE_B_TASK.key, DNS.key, ZONE_A_TASK.key]);
  });

  it('on a domain\'s record page of another provider, that domain first', () => {
    const a = task('al:alidns-batch:1', 'https://dns.console.aliyun.com/#/dns/setting/example.org');
    const b = task('al:alidns-batch:2', 'https://dns.console.aliyun.com/#/dns/setting/example.com');
    const page = detectConsolePage('https://dns.console.aliyun.com/#/dns/setting/example.com');
    expect(keys(tasksForPage([a, b], page).here)).toEqual([b.key, a.key]);
  });

  it('a page it cannot place keeps the order it was given', () => {
    expect(tasksForPage(TASKS, undefined)).toEqual({ here: TASKS, others: [] });
  });

  it('knows a DCS task by its kind even without a console link', () => {
    expect(kindOfKey('acct-1:dns-zone-batch-create:abc')).toBe('dns-zone-batch-create');
    expect(kindOfKey('acct-1:dcs-task:abc')).toBe('dcs-task');
    expect(kindOfKey('nokind')).toBe('');
    expect(taskArea(task('acct-1:dcs-task:abc'))).toBe('dcs');
    expect(taskArea(task('acct-1:dns-batch:abc'))).toBe('dns');
    expect(taskArea(DCS)).toBe('dcs');
  });
});
