/**
 * What a page showed, as plain data, and that data built back into elements. The popup
 * records its first screen once it is live; the next open paints that record from a tiny
 * script while the app itself is still loading (see entrypoints/popup-first-frame.ts).
 *
 * The record lives in the extension's own localStorage, but it is still treated as
 * untrusted on the way back: only known tags and attributes are built, text only ever
 * becomes text nodes, links only to https, and sizes are capped. Nothing is ever parsed as HTML.
 */

/** A text node, or an element as [tag, attributes, children]. */
export type DomRecord = string | [tag: string, attributes: Record<string, string>, children: DomRecord[]];

/** The tags the popup renders; anything else is dropped with its subtree. */
const TAGS = new Set([
  'main', 'header', 'section', 'div', 'p', 'span', 'strong', 'code', 'h1', 'h2', 'ul', 'li',
  'label', 'select', 'option', 'input', 'button', 'form', 'progress', 'time', 'a',
]);

/** Attributes that change neither behaviour nor where anything leads. */
const ATTRIBUTES = new Set([
  'class', 'id', 'role', 'title', 'type', 'value', 'max', 'datetime', 'target', 'rel',
  'elementtiming', 'disabled', 'selected', 'autocomplete', 'spellcheck', 'novalidate', 'hidden',
]);
const isAllowedAttribute = (name: string): boolean => ATTRIBUTES.has(name) || /^aria-[a-z]+$/.test(name);

const isSafeHref = (href: string): boolean => URL.canParse(href) && new URL(href).protocol === 'https:';

/** Past these the record is not worth its storage (and is refused on the way back). */
export const DOM_RECORD_LIMITS = { nodes: 3_000, depth: 32, text: 2_000 } as const;

export interface RecordOptions {
  /** Elements starting at or below this many pixels from the top are left out (not on screen). */
  maxTop?: number;
  /** Elements whose text is stale by the next open (relative times): kept empty. */
  skipTextOf?: (element: Element) => boolean;
}

/** The element and what it shows, or undefined when it is too big to be worth keeping. */
export function recordDom(root: Element, options: RecordOptions = {}): DomRecord | undefined {
  let nodes = 0;
  const visit = (node: Node, depth: number): DomRecord | undefined => {
    if (++nodes > DOM_RECORD_LIMITS.nodes || depth > DOM_RECORD_LIMITS.depth) throw new RangeError('too big');
    if (node.nodeType === 3) return (node as Text).data.slice(0, DOM_RECORD_LIMITS.text);
    if (node.nodeType !== 1) return undefined;
    const element = node as Element;
    const tag = element.tagName.toLowerCase();
    if (!TAGS.has(tag)) return undefined;
    if (options.maxTop !== undefined && depth > 0) {
      const box = element.getBoundingClientRect();
      if (box.height > 0 && box.top >= options.maxTop) return undefined;
    }
    const attributes: Record<string, string> = {};
    for (const { name, value } of Array.from(element.attributes)) {
      if (isAllowedAttribute(name) || (name === 'href' && isSafeHref(value))) attributes[name] = value;
    }
    const children: DomRecord[] = [];
    if (!options.skipTextOf?.(element)) {
      for (const child of Array.from(element.childNodes)) {
        const recorded = visit(child, depth + 1);
        if (recorded !== undefined && recorded !== '') children.push(recorded);
      }
    }
    return [tag, attributes, children];
  };
  try {
    return visit(root, 0);
  } catch (err) {
    if (err instanceof RangeError) return undefined;
    throw err;
  }
}

/**
 * Builds a record back into elements (not yet attached), or undefined when the record is
 * not one: a wrong shape anywhere, or past the limits. Unknown tags and attributes are left
 * out rather than refused, so an older record still paints what it can.
 */
export function buildDom(record: unknown, doc: Document): Element | undefined {
  let nodes = 0;
  const build = (value: unknown, depth: number): Node | null | undefined => {
    if (++nodes > DOM_RECORD_LIMITS.nodes || depth > DOM_RECORD_LIMITS.depth) return undefined;
    if (typeof value === 'string') return doc.createTextNode(value.slice(0, DOM_RECORD_LIMITS.text));
    if (!Array.isArray(value) || value.length !== 3) return undefined;
    const [tag, attributes, children] = value as unknown[];
    if (typeof tag !== 'string' || !attributes || typeof attributes !== 'object' || Array.isArray(attributes) || !Array.isArray(children)) return undefined;
    if (!TAGS.has(tag)) return null;
    const element = doc.createElement(tag);
    for (const [name, attributeValue] of Object.entries(attributes as Record<string, unknown>)) {
      if (typeof attributeValue !== 'string') return undefined;
      if (isAllowedAttribute(name) || (name === 'href' && isSafeHref(attributeValue))) element.setAttribute(name, attributeValue);
    }
    for (const child of children) {
      const built = build(child, depth + 1);
      if (built === undefined) return undefined;
      if (built) element.append(built);
    }
    return element;
  };
  const root = build(record, 0);
  return root && root.nodeType === 1 ? (root as Element) : undefined;
}
