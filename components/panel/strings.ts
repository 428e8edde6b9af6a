import { alreadyExists } from '../../lib/console/failure-groups';
import type { TaskArea } from '../../lib/console/panel-tasks';

/**
 * The panel's strings in both languages. Kept here rather than in the extension's locale
 * files so the on-demand bundle does not pull in the i18n runtime and the polyfill.
 */
export const PANEL_STRINGS = {
  en: {
    title: 'Batchwatch: failed items',
    expand: 'Show failed items',
    collapse: 'Hide failed items',
    task: 'Task',
    loading: 'Loading failed items…',
    empty: 'No failed items.',
    noTasks: 'No recent tasks with failures for this console.',
    error: 'Batchwatch could not load the failed items:',
    groups: 'Failures by reason',
    items: 'Failed items',
    exportCsv: 'Export CSV',
    exportJson: 'Export JSON',
    exportResubmit: 'Resubmit file',
    openConsole: 'Open task page',
    failedOf: '$1 failed of $2',
    failed: '$1 failed',
    firstOf: 'First $1 of $2 failed items; the console has the rest.',
    trackFound: 'Batchwatch found task $1 on this page.',
    track: 'Track this task',
    tracked: 'Now tracking task $1.',
    hintExists: 'The record already exists: delete or skip it, then resubmit the rest.',
    hintQuota: 'Quota exceeded: raise the quota or split the batch.',
    hintInvalid: 'Invalid value: fix the value’s format (IP address, TTL, domain name), then resubmit.',
    hintPermission: 'Permission denied: check the account’s access to this zone.',
    accountColor: 'Account colour: $1',
    red: 'Red', orange: 'Orange', yellow: 'Yellow', green: 'Green', teal: 'Teal', blue: 'Blue', purple: 'Purple', pink: 'Pink', grey: 'Grey',
    hintUnknown: 'See the message; fix the record and resubmit it.',
    hintDcs: 'See the message; check the instance in the DCS console, then run the task again.',
    hintDcsPermission: 'Permission denied: check the account’s access to DCS in this region.',
    moreGroups: '+$1 more',
    showAll: 'Show all $1 failed items',
    groupsHelp: 'Choose a reason to list and export only its items.',
    selectedOf: 'Showing $1 of $2 failed items: the reasons chosen above. Exports take these.',
    example: 'e.g.',
    tasksHere: 'Tasks of this page',
    tasksOther: 'Other tasks',
    noneHere: 'No task of this page has failures; showing the others.',
    includeExisting: 'Include the $1 items that already exist',
    leftOut: 'The resubmit file leaves out $1 items that already exist: resubmitted, they would fail again.',
    leftOutNone: 'The resubmit file holds every failed item shown.',
    noResubmitDcs: 'DCS tasks have no records to resubmit: run the task again from the DCS console.',
  },
  zh: {
    title: 'Batchwatch：失败条目',
    expand: '展开失败条目',
    collapse: '收起失败条目',
    task: '任务',
    loading: '正在加载失败条目…',
    empty: '没有失败条目。',
    noTasks: '此控制台最近没有含失败条目的任务。',
    error: 'Batchwatch 无法加载失败条目：',
    groups: '按原因分组',
    items: '失败条目',
    exportCsv: '导出 CSV',
    exportJson: '导出 JSON',
    exportResubmit: '重新提交文件',
    openConsole: '打开任务页面',
    failedOf: '失败 $1 / 共 $2',
    failed: '失败 $1 条',
    firstOf: '仅显示前 $1 条（共 $2 条失败）；其余请在控制台查看。',
    trackFound: 'Batchwatch 在此页面发现任务 $1。',
    track: '跟踪此任务',
    tracked: '已开始跟踪任务 $1。',
    hintExists: '记录已存在：删除或跳过它，然后重新提交其余记录。',
    hintQuota: '超出配额：提升配额或拆分批次。',
    hintInvalid: '取值无效：修正格式（IP 地址、TTL、域名）后重新提交。',
    hintPermission: '权限不足：请检查账号对该域名的访问权限。',
    accountColor: '账号颜色：$1',
    red: '红色', orange: '橙色', yellow: '黄色', green: '绿色', teal: '青色', blue: '蓝色', purple: '紫色', pink: '粉色', grey: '灰色',
    hintUnknown: '请查看错误信息，修正记录后重新提交。',
    hintDcs: '请查看错误信息，在 DCS 控制台检查该实例后重新执行任务。',
    hintDcsPermission: '权限不足：请检查账号在该区域对 DCS 的访问权限。',
    moreGroups: '还有 $1 项',
    showAll: '显示全部 $1 条失败条目',
    groupsHelp: '选择一个原因，只列出并导出该原因的条目。',
    selectedOf: '显示 $1 / $2 条失败条目（上方所选原因），导出也只含这些条目。',
    example: '例：',
    tasksHere: '本页面的任务',
    tasksOther: '其他任务',
    noneHere: '本页面没有含失败条目的任务，以下为其他任务。',
    includeExisting: '包含 $1 条已存在的条目',
    leftOut: '重新提交文件未包含 $1 条已存在的条目：再次提交也会失败。',
    leftOutNone: '重新提交文件包含所显示的全部失败条目。',
    noResubmitDcs: 'DCS 任务没有可重新提交的记录，请在 DCS 控制台重新执行该任务。',
  },
} as const;

export type PanelLang = keyof typeof PANEL_STRINGS;
export type PanelKey = keyof (typeof PANEL_STRINGS)['en'];

export function panelText(lang: PanelLang, key: PanelKey, ...subs: (string | number)[]): string {
  return subs.reduce<string>((s, v, i) => s.replace(`$${i + 1}`, String(v)), PANEL_STRINGS[lang][key]);
}

/**
 * A fix hint for a failure, from its code or message (providers word the same problem
 * differently). A DCS task is about a cache instance: record advice would mislead there.
 */
export function hintKey(code: string | undefined, message: string, area: TaskArea = 'dns'): PanelKey {
  const text = `${code ?? ''} ${message}`;
  if (area === 'dcs') return /permission|forbidden|denied|无权|权限/i.test(text) ? 'hintDcsPermission' : 'hintDcs';
  if (alreadyExists({ message: text })) return 'hintExists';
  if (/quota|limit exceeded|配额|上限|超出/i.test(text)) return 'hintQuota';
  if (/permission|forbidden|denied|无权|权限/i.test(text)) return 'hintPermission';
  if (/invalid|illegal|format|not an? |无效|不合法|格式|ttl/i.test(text)) return 'hintInvalid';
  return 'hintUnknown';
}
