/**
 * Every registered task source is whole: it serves a registered provider, its console pages
 * are registered where the content scripts read them (and agree with its own), its opt-in is
 * on that provider's form, and its console pages are recognised as its provider family's.
 */
import { describe, expect, it } from 'vitest';
import { providers } from '../../../../lib/providers/index';
import { sources, sourceSettingKey } from '../../../../lib/providers/sources';
import { sourceConsoles } from '../../../../lib/providers/source-consoles';
import { CONSOLE_MATCHES, FAMILY_PROVIDERS, type ConsoleFamily } from '../../../../lib/console/pages';
import { tasksForPage } from '../../../../lib/console/panel-tasks';
import type { PanelTaskView } from '../../../../lib/messaging/messages';

describe('the task sources\' registry', () => {
  it('names each source once, and each registered console belongs to a registered source', () => {
    expect(new Set(sources.map((s) => s.id)).size).toBe(sources.length);
    for (const c of sourceConsoles) expect(sources.map((s) => s.id)).toContain(c.source);
  });

  it.each(sources.map((s) => [s.id, s] as const))('%s: serves registered providers, whose forms carry its opt-in', (_id, source) => {
    expect(source.providers.length).toBeGreaterThan(0);
    for (const id of source.providers) {
      const provider = providers.find((p) => p.id === id);
      expect(provider, id).toBeDefined();
      expect(provider!.fields.map((f) => f.key)).toContain(sourceSettingKey(source));
      for (const pattern of source.apiHostPatterns) expect(provider!.apiHostPatterns).toContain(pattern);
    }
    expect(source.kinds.length).toBeGreaterThan(0);
    expect(source.calls.length).toBeGreaterThan(0);
  });

  it.each(sources.map((s) => [s.id, s] as const))('%s: its console pages are registered for the content scripts of its provider family', (_id, source) => {
    const registered = sourceConsoles.find((c) => c.source === source.id);
    expect(registered, `${source.id} has a line in lib/providers/source-consoles.ts`).toBeDefined();
    expect([...registered!.matches]).toEqual([...source.consoleMatches]);
    expect([...registered!.providers]).toEqual([...source.providers]);
    expect([...registered!.kinds].sort()).toEqual([...source.kinds].sort());
    // Each kind has its words (the popup's rows and kind filter).
    expect(Object.keys(registered!.kindNames).sort()).toEqual([...source.kinds].sort());
    const family = (Object.keys(FAMILY_PROVIDERS) as ConsoleFamily[]).find((f) => FAMILY_PROVIDERS[f].some((p) => source.providers.includes(p)));
    expect(family).toBeDefined();
    for (const m of source.consoleMatches) expect(CONSOLE_MATCHES[family!]).toContain(m);
  });
});

describe('the panel on a task source\'s console page', () => {
  const view = (kind: string, id: string): PanelTaskView => ({ key: `acc:${kind}:${id}`, provider: 'alibaba', accountId: 'acc', providerTaskId: id, label: id, status: 'failed', failed: 1 }) as PanelTaskView;

  it('lists the tasks of the kinds that page shows first, and keeps the others reachable', () => {
    const tasks = [view('alidns-batch', '1'), view('extra-refresh', '2'), view('extra-preload', '3')];
    const split = tasksForPage(tasks, { family: 'alibaba', page: 'extra', params: {}, kinds: ['extra-refresh', 'extra-preload'] });
    expect(split.here.map((t) => t.providerTaskId)).toEqual(['2', '3']);
    expect(split.others.map((t) => t.providerTaskId)).toEqual(['1']);
  });
});

