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
  },
} as const;

export type PanelLang = keyof typeof PANEL_STRINGS;
export type PanelKey = keyof (typeof PANEL_STRINGS)['en'];

export function panelText(lang: PanelLang, key: PanelKey, ...subs: (string | number)[]): string {
  return subs.reduce<string>((s, v, i) => s.replace(`$${i + 1}`, String(v)), PANEL_STRINGS[lang][key]);
}

/** A fix hint for a failure, from its code or message (providers word the same problem differently). */
export function hintKey(code: string | undefined, message: string): PanelKey {
  const text = `${code ?? ''} ${message}`;
  if (/exist|duplicate|已存在|已经存在|重复/i.test(text)) return 'hintExists';
  if (/quota|limit exceeded|配额|上限|超出/i.test(text)) return 'hintQuota';
  if (/permission|forbidden|denied|无权|权限/i.test(text)) return 'hintPermission';
  if (/invalid|illegal|format|not an? |无效|不合法|格式|ttl/i.test(text)) return 'hintInvalid';
  return 'hintUnknown';
}
