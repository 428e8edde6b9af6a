// @vitest-environment happy-dom
/**
 * components/common/dom-snapshot.ts on its own: what a record may hold (the recording side
 * is the first filter; building is the second) and its limits exactly at their edges.
 */
import { describe, expect, it } from 'vitest';
import { buildDom, DOM_RECORD_LIMITS, recordDom, type DomRecord } from '../../../components/common/dom-snapshot';

/** Test fixture markup, parsed inert (scripts never run) into a detached element. */
const el = (markup: string): Element => document.adoptNode(new DOMParser().parseFromString(markup, 'text/html').body.firstElementChild!);
const chain = (depth: number): DomRecord => (depth === 0 ? 'x' : ['div', {}, [chain(depth - 1)]]);
const nested = (depth: number): Element => {
  const root = document.createElement('div');
  let at = root;
  for (let i = 0; i < depth; i++) at = at.appendChild(document.createElement('div'));
  return root;
};

describe('recording a page: only what the popup renders, nothing that acts', () => {
  it('keeps known tags and harmless attributes; drops handlers, styles, unknown tags and non-https links', () => {
    const root = el('<div class="c" aria-label="l" onclick="x()" style="color:red" data-x="1" aria-x1="y"><a href="https://ok.example/">ok</a><a href="javascript:alert(1)">js</a><a href="http://plain.example/">http</a><a href="not a url">bad</a><script>s()</script><img src="x"><!-- note --><span>t</span></div>');
    expect(recordDom(root)).toEqual(['div', { class: 'c', 'aria-label': 'l' }, [
      ['a', { href: 'https://ok.example/' }, ['ok']], ['a', {}, ['js']], ['a', {}, ['http']], ['a', {}, ['bad']], ['span', {}, ['t']],
    ]]);
  });

  it('keeps aria-* attributes by their whole name only, and a URL only in href', () => {
    const root = el('<form action="https://evil.example/collect" data-aria-label="x" x-aria-hidden="y" aria-hidden="true"><a href="https://ok.example/" data-u="https://ok.example/" ping="https://evil.example/p">ok</a></form>');
    expect(recordDom(root)).toEqual(['form', { 'aria-hidden': 'true' }, [['a', { href: 'https://ok.example/' }, ['ok']]]]);
  });

  it('cuts text at the limit, and leaves out empty text', () => {
    const root = el('<p></p>');
    root.append(document.createTextNode('a'.repeat(DOM_RECORD_LIMITS.text + 5)), document.createTextNode(''));
    expect(recordDom(root)).toEqual(['p', {}, ['a'.repeat(DOM_RECORD_LIMITS.text)]]);
  });

  it('refuses a page past the depth or node limit, exactly there', () => {
    expect(recordDom(nested(DOM_RECORD_LIMITS.depth))).toBeDefined();
    expect(recordDom(nested(DOM_RECORD_LIMITS.depth + 1))).toBeUndefined();
    const wide = (n: number) => {
      const root = document.createElement('ul');
      for (let i = 0; i < n; i++) root.append(document.createElement('li'));
      return root;
    };
    expect(recordDom(wide(DOM_RECORD_LIMITS.nodes - 1))).toBeDefined();
    expect(recordDom(wide(DOM_RECORD_LIMITS.nodes))).toBeUndefined();
  });

  it('leaves out elements below the fold (but never the root, nor elements without height)', () => {
    const root = el('<div><p>top</p><p>below</p><p>flat</p></div>');
    const [top, below, flat] = Array.from(root.children);
    const box = (top: number, height: number) => ({ top, height }) as DOMRect;
    root.getBoundingClientRect = () => box(900, 10);
    top!.getBoundingClientRect = () => box(10, 10);
    below!.getBoundingClientRect = () => box(600, 10);
    flat!.getBoundingClientRect = () => box(700, 0);
    expect(recordDom(root, { maxTop: 600 })).toEqual(['div', {}, [['p', {}, ['top']], ['p', {}, ['flat']]]]);
    expect(recordDom(root)).toEqual(['div', {}, [['p', {}, ['top']], ['p', {}, ['below']], ['p', {}, ['flat']]]]);
  });

  it('an error other than the size limit is not swallowed', () => {
    const root = el('<div><p>x</p></div>');
    expect(() => recordDom(root, { skipTextOf: () => { throw new TypeError('bug'); } })).toThrow(TypeError);
  });
});

describe('building a record back: the limits and shapes exactly', () => {
  it('builds text cut at the limit', () => {
    expect(buildDom(['p', {}, ['b'.repeat(DOM_RECORD_LIMITS.text + 9)]], document)?.textContent).toBe('b'.repeat(DOM_RECORD_LIMITS.text));
  });

  it('builds aria-* attributes by their whole name only, and a URL only in href', () => {
    const built = buildDom(['form', { action: 'https://evil.example/collect', 'data-aria-label': 'x', 'aria-hidden': 'true' }, [['a', { href: 'https://ok.example/', ping: 'https://evil.example/p' }, ['ok']]]], document);
    const attributes = (e: Element | null | undefined) => Object.fromEntries(Array.from(e?.attributes ?? [], (a) => [a.name, a.value]));
    expect(attributes(built)).toEqual({ 'aria-hidden': 'true' });
    expect(attributes(built?.firstElementChild)).toEqual({ href: 'https://ok.example/' });
    expect(built?.textContent).toBe('ok');
  });

  it('refuses a record with more nodes than the limit, exactly there', () => {
    const wide = (n: number): DomRecord => ['ul', {}, Array.from({ length: n - 1 }, (): DomRecord => ['li', {}, []])];
    expect(buildDom(wide(DOM_RECORD_LIMITS.nodes), document)?.childElementCount).toBe(DOM_RECORD_LIMITS.nodes - 1);
    expect(buildDom(wide(DOM_RECORD_LIMITS.nodes + 1), document)).toBeUndefined();
  });

  it('refuses a record deeper than the limit, exactly there', () => {
    expect(buildDom(chain(DOM_RECORD_LIMITS.depth), document)).toBeDefined();
    expect(buildDom(chain(DOM_RECORD_LIMITS.depth + 1), document)).toBeUndefined();
  });

  it('refuses every malformed element: wrong length, tag, attributes or children', () => {
    for (const bad of [['p', {}], ['p', {}, [], 'extra'], [7, {}, []], ['p', null, []], ['p', 'class', []], ['p', ['class'], []], ['p', {}, 'text'], ['p', { class: 7 }, []]]) {
      expect(buildDom(bad, document)).toBeUndefined();
      expect(buildDom(['div', {}, [bad]], document)).toBeUndefined();
    }
  });
});
