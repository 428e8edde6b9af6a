/**
 * A stand-in for Huawei Cloud's DNS console that looks like one (its top bar, service menu
 * and public-zone list), for the store screenshot of the panel: the panel is shown where it
 * runs, not over a bare test page. Text only, no logo or other artwork of the provider's.
 * Served at the real console URL, so the content script treats it as the real one.
 */
type Lang = 'en' | 'zh';

const WORDS: Record<Lang, Record<string, string>> = {
  en: {
    brand: 'Huawei Cloud', console: 'Console', region: 'CN North-Beijing4', service: 'Domain Name Service',
    dashboard: 'Dashboard', publicZones: 'Public Zones', privateZones: 'Private Zones', ptr: 'PTR Records', batch: 'Batch Operations', intelligent: 'Intelligent Resolution',
    title: 'Public Zones', add: 'Add Public Zone', search: 'Search by domain name',
    name: 'Domain Name', status: 'Status', recordSets: 'Record Sets', created: 'Created', operation: 'Operation',
    normal: 'Normal', manage: 'Manage Record Set', notice: 'Batch add record sets submitted. Check the task in Batch Operations.',
  },
  zh: {
    brand: '华为云', console: '控制台', region: '华北-北京四', service: '云解析服务',
    dashboard: '总览', publicZones: '公网域名', privateZones: '内网域名', ptr: '反向解析', batch: '批量操作', intelligent: '智能解析',
    title: '公网域名', add: '添加公网域名', search: '按域名搜索',
    name: '域名', status: '状态', recordSets: '记录集', created: '创建时间', operation: '操作',
    normal: '正常', manage: '管理解析', notice: '批量添加记录集任务已提交，可在“批量操作”中查看任务。',
  },
};

const ZONES = [
  ['example.com.', 2012, '2026/11/02 10:14:31'],
  ['example.org.', 514, '2026/10/21 16:02:07'],
  ['shop.example.net.', 86, '2026/09/30 09:45:52'],
  ['cdn.example.cn.', 1203, '2026/08/17 11:20:13'],
  ['mail.example.io.', 12, '2026/07/05 14:58:40'],
] as const;

const STYLE = `
  * { box-sizing: border-box; }
  body { margin: 0; font: 13px/1.5 "Helvetica Neue", Arial, "WenQuanYi Micro Hei", sans-serif; color: #252b3a; background: #f1f3f5; }
  header { height: 48px; background: #1f2329; color: #fff; display: flex; align-items: center; gap: 24px; padding: 0 16px; }
  header .brand { font-weight: 700; font-size: 16px; letter-spacing: .5px; }
  header .region { border: 1px solid #4a4f57; border-radius: 2px; padding: 2px 10px; color: #dfe1e6; }
  header .right { margin-left: auto; color: #c0c4cc; }
  .layout { display: flex; min-height: calc(100vh - 48px); }
  nav { width: 208px; background: #fff; border-right: 1px solid #dfe1e6; padding: 12px 0; }
  nav h2 { font-size: 14px; margin: 0 16px 12px; }
  nav a { display: block; padding: 8px 24px; color: #252b3a; text-decoration: none; }
  nav a.active { background: #eaf1ff; color: #0a58ca; border-left: 3px solid #0a58ca; padding-left: 21px; }
  main { flex: 1; padding: 16px 24px; }
  main h1 { font-size: 20px; font-weight: 600; margin: 0 0 12px; }
  .notice { background: #e8f3ff; border: 1px solid #9ec5fe; padding: 8px 12px; margin-bottom: 12px; border-radius: 2px; }
  .card { background: #fff; border: 1px solid #dfe1e6; padding: 16px; }
  .tools { display: flex; justify-content: space-between; margin-bottom: 12px; }
  .tools .primary { background: #c7000b; color: #fff; border: 0; padding: 6px 16px; border-radius: 2px; font: inherit; }
  .tools input { width: 260px; padding: 5px 8px; border: 1px solid #c0c4cc; border-radius: 2px; font: inherit; }
  table { width: 100%; border-collapse: collapse; }
  th { text-align: left; font-weight: 600; background: #f7f8fa; color: #575d6c; }
  th, td { padding: 10px 12px; border-bottom: 1px solid #ebeef5; }
  td a { color: #0a58ca; text-decoration: none; }
  .ok::before { content: ''; display: inline-block; width: 8px; height: 8px; border-radius: 50%; background: #50b432; margin-right: 6px; }
`;

const escape = (s: string): string => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** The public-zone list page of the DNS console, in the screenshot's language. */
export function huaweiDnsConsole(lang: Lang): string {
  const w = WORDS[lang];
  const rows = ZONES.map(([zone, count, created]) => `<tr><td><a href="#/dns/publiczones">${escape(zone)}</a></td><td class="ok">${w.normal}</td><td>${count}</td><td>${created}</td><td><a href="#/dns/publiczones">${w.manage}</a></td></tr>`).join('');
  return `<!doctype html><html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><title>${w.service} - ${w.brand}</title><style>${STYLE}</style></head><body>
<header><span class="brand">${w.brand}</span><span>${w.console}</span><span class="region">${w.region}</span><span class="right">${w.service}</span></header>
<div class="layout"><nav><h2>${w.service}</h2><a href="#/dns/dashboard">${w.dashboard}</a><a class="active" href="#/dns/publiczones">${w.publicZones}</a><a href="#/dns/privatezones">${w.privateZones}</a><a href="#/dns/ptr">${w.ptr}</a><a href="#/dns/batch">${w.batch}</a><a href="#/dns/intelligent">${w.intelligent}</a></nav>
<main><h1>${w.title}</h1><p class="notice">${w.notice}</p><div class="card"><div class="tools"><button class="primary" type="button">${w.add}</button><input placeholder="${w.search}"></div>
<table><thead><tr><th>${w.name}</th><th>${w.status}</th><th>${w.recordSets}</th><th>${w.created}</th><th>${w.operation}</th></tr></thead><tbody>${rows}</tbody></table></div></main></div>
</body></html>`;
}
