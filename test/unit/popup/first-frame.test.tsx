// @vitest-environment happy-dom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { useEnglishStrings } from '../support/english';
import { cleanup, render } from '@testing-library/preact';
import { signal } from '@preact/signals';
import fc from 'fast-check';
import { Popup, type PopupIntents } from '../../../components/popup/Popup';
import { buildDom, DOM_RECORD_LIMITS, recordDom, type DomRecord } from '../../../components/common/dom-snapshot';
import { buildFirstFrame, recordFirstFrame } from '../../../components/popup/first-frame';
import { POPUP_FIRST_FRAME_SCHEMA } from '../../../lib/popup/snapshot';
import type { StateView, TaskView } from '../../../lib/messaging/messages';
import { DEFAULT_SETTINGS } from '../../../lib/settings/defaults';

beforeAll(useEnglishStrings);
afterEach(cleanup);

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
const task = (id: string, over: Partial<TaskView> = {}): TaskView => ({
  key: `a1:dns-batch:${id}`, provider: 'huawei', accountId: 'a1', kind: 'dns-batch', providerTaskId: id, label: 'Add record sets', status: 'succeeded', createdAt: NOW - 3 * 60_000, consoleUrl: 'https://console.huaweicloud.com/dns/', ...over,
});
const state: StateView = {
  providers: [{ id: 'huawei', name: { en: 'Huawei Cloud', zh: '华为云' } }],
  tasks: [task('running', { status: 'running' }), task('partial', { status: 'partial', total: 100, done: 90, failed: 10 }), task('done')],
  accounts: [{ id: 'a1', provider: 'huawei', name: 'Production', settings: { region: 'cn-north-4' }, storedSecrets: ['accessKeyId', 'secretAccessKey'] }],
  settings: DEFAULT_SETTINGS,
  refreshing: false,
};
const intents: PopupIntents = { page: vi.fn(), refresh: vi.fn(), retry: vi.fn(), openOptions: vi.fn(), track: vi.fn(), failedItems: vi.fn(), setMuted: vi.fn(), copy: vi.fn() };
const showPopup = () => render(<Popup load={signal({ kind: 'ready', state })} intents={intents} now={NOW} />).container.querySelector('main')!;

/** Markup, to compare (read, never written). */
const markup = (element: Element) => new XMLSerializer().serializeToString(element);
/** The markup with relative times emptied (the first frame leaves them out on purpose). */
const withoutTimes = (html: string) => html.replace(/(<time[^>]*>).*?(<\/time>)/g, '$1$2');

describe("the popup's first frame", () => {
  it('is built back into exactly the markup the popup showed, relative times left empty', () => {
    const shown = showPopup();
    const built = buildFirstFrame(recordFirstFrame(shown, 'en', 600)!, 'en', document)!;
    expect(markup(built)).toBe(withoutTimes(markup(shown)));
    expect(markup(built)).toContain('Finished with failures');
    expect(built.querySelector('time')?.textContent).toBe('');
    expect(shown.querySelector('time')?.textContent).toBe('3 min. ago');
  });

  it('keeps only what starts above the bottom of the screen', () => {
    const shown = showPopup();
    const rows = [...shown.querySelectorAll('li.task')];
    vi.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(function (this: Element) {
      const row = rows.indexOf(this);
      return { top: row < 0 ? 0 : 100 + row * 250, height: row < 0 ? 0 : 250 } as DOMRect;
    });
    const built = buildFirstFrame(recordFirstFrame(shown, 'en', 600)!, 'en', document)!;
    const ids = (root: Element) => [...root.querySelectorAll('li.task code')].map((c) => c.textContent);
    expect(ids(shown)).toHaveLength(3);
    expect(ids(built)).toEqual(ids(shown).slice(0, 2));
  });

  it('is painted only by the same version of the popup, in the same language', () => {
    const stored = recordFirstFrame(showPopup(), 'en', 600)!;
    expect(buildFirstFrame(stored, 'en', document)).toBeDefined();
    expect(buildFirstFrame(stored, 'zh', document)).toBeUndefined();
    const parsed = JSON.parse(stored) as { schema: number };
    expect(buildFirstFrame(JSON.stringify({ ...parsed, schema: POPUP_FIRST_FRAME_SCHEMA + 1 }), 'en', document)).toBeUndefined();
    for (const broken of [null, '', '{', 'null', '42', '"text"', '[]', JSON.stringify({ ...parsed, root: 'not an element' })]) {
      expect(buildFirstFrame(broken, 'en', document)).toBeUndefined();
    }
  });

  it('is not kept when it is too big to be worth its storage', () => {
    const root = document.createElement('ul');
    for (let i = 0; i < DOM_RECORD_LIMITS.nodes; i++) root.append(document.createElement('li'));
    expect(recordDom(root)).toBeUndefined();
  });
});

describe('building a stored record back (it is treated as untrusted)', () => {
  const build = (record: unknown) => buildDom(record, document);

  it('turns markup in text into text', () => {
    const built = build(['p', {}, ['<img src=x onerror=alert(1)>']])!;
    expect(built.textContent).toBe('<img src=x onerror=alert(1)>');
    expect(built.querySelector('img')).toBeNull();
  });

  it('leaves out scripts, frames, images and styles, and every event handler', () => {
    const built = build(['div', { onclick: 'alert(1)', class: 'ok', style: 'x' }, [['script', {}, ['alert(1)']], ['iframe', { src: 'https://evil.example' }, []], ['img', { src: 'x', onerror: 'alert(1)' }, []], ['style', {}, ['*{}']], 'kept']])!;
    expect(markup(built)).toBe('<div xmlns="http://www.w3.org/1999/xhtml" class="ok">kept</div>');
  });

  it('keeps links only to https', () => {
    for (const href of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,x', 'http://example.com', 'chrome-extension://x/options.html', '/options.html']) {
      expect(build(['a', { href }, ['x']])!.hasAttribute('href')).toBe(false);
    }
    expect(build(['a', { href: 'https://console.huaweicloud.com/dns/' }, ['x']])!.getAttribute('href')).toBe('https://console.huaweicloud.com/dns/');
  });

  it('refuses a record past the depth or size limits, or of the wrong shape', () => {
    let deep: DomRecord = 'x';
    for (let i = 0; i <= DOM_RECORD_LIMITS.depth; i++) deep = ['div', {}, [deep]];
    expect(build(deep)).toBeUndefined();
    expect(build(['ul', {}, Array.from({ length: DOM_RECORD_LIMITS.nodes }, () => ['li', {}, []])])).toBeUndefined();
    for (const wrong of [undefined, null, 1, 'text', [], ['div'], ['div', {}], ['div', [], []], ['div', {}, 'x'], ['div', { class: 1 }, []], ['div', {}, [1]], [1, {}, []]]) {
      expect(build(wrong)).toBeUndefined();
    }
  });

  it('never throws, and never builds a handler, a script or a non-https link, whatever is stored', () => {
    const tag = fc.constantFrom('div', 'span', 'a', 'script', 'img', 'iframe', 'button', 'time', 'svg', 'object', 'li');
    const name = fc.constantFrom('class', 'href', 'onclick', 'onerror', 'src', 'style', 'aria-label', 'title', 'formaction', 'srcdoc', 'value');
    const value = fc.oneof(fc.string(), fc.constantFrom('javascript:alert(1)', 'https://a.example/', 'data:,x'));
    const { node } = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, fc.string(), fc.tuple(tag, fc.dictionary(name, value), fc.array(tie('node'), { maxLength: 4 })), fc.anything()),
    }));
    fc.assert(
      fc.property(node, (record) => {
        const built = build(record);
        if (!built) return;
        for (const element of [built, ...built.querySelectorAll('*')]) {
          expect(['script', 'img', 'iframe', 'svg', 'object']).not.toContain(element.tagName.toLowerCase());
          for (const attribute of Array.from(element.attributes)) {
            expect(attribute.name.startsWith('on')).toBe(false);
            expect(['src', 'style', 'formaction', 'srcdoc']).not.toContain(attribute.name);
            if (attribute.name === 'href') expect(attribute.value.startsWith('https:')).toBe(true);
          }
        }
      }),
      { numRuns: 2_000 },
    );
  });
});
