/**
 * Issue 29, finding 4: the page chooses the text that `extractTaskIds` scans, so the scan
 * must stay linear in that text's length, whatever the page writes.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { extractTaskIds, TASK_ID_PATTERNS } from '../../../lib/console/pages';

/**
 * The quantifiers of a regex source that have no upper bound (`*`, `+`, `{n,}`), outside
 * character classes and escapes. A regex whose quantifiers are all bounded, with no
 * backreference or lookaround, reads at most a fixed number of characters per match attempt:
 * the scan is linear in the text, however the page arranges it.
 */
function unboundedQuantifiers(source: string): string[] {
  const found: string[] = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '*' || c === '+') found.push(`${c} at ${i}`);
    else if (c === '{') {
      const bound = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
      if (bound && bound[2] !== undefined && bound[3] === '') found.push(`${bound[0]} at ${i}`);
    }
  }
  return found;
}

const HUAWEI_ID = '9a186e66977dd48f01977e021c480cac';

describe('extractTaskIds: linear in whatever text a page shows', () => {
  it('uses only bounded quantifiers, no backreference and no lookaround (each match attempt reads a bounded number of characters)', () => {
    for (const [family, pattern] of Object.entries(TASK_ID_PATTERNS)) {
      expect(unboundedQuantifiers(pattern.source), family).toEqual([]);
      expect(pattern.source, family).not.toMatch(/\\[1-9k]|\(\?<?[=!]/);
    }
  });

  it('the structural check itself spots the unbounded quantifiers a quadratic pattern had', () => {
    expect(unboundedQuantifiers(String.raw`(?:task[\s_-]*id)\s*[:：]?\s*(\d{3,})\b`)).toEqual(['* at 13', '* at 19', '* at 27', '{3,} at 31']);
    expect(unboundedQuantifiers(String.raw`[*+]\*\+a{2,5}`)).toEqual([]);
  });

  // Before the fix, 40 k spaces after "task id" took 2.5 to 3.5 s; 200 k would take minutes.
  it('scans a 200,000-character page of adversarial shapes at once', { timeout: 10_000 }, () => {
    const n = 200_000;
    const shapes = [
      'task id' + ' '.repeat(n),
      'task id:' + ' '.repeat(n),
      '任务ID' + ' '.repeat(n),
      'job id' + '\n'.repeat(n),
      'task' + '_'.repeat(n),
      'task id '.repeat(n / 8),
    ];
    for (const family of ['huawei', 'alibaba', 'dnspod'] as const) {
      for (const text of shapes) expect(extractTaskIds(text, family)).toEqual([]);
    }
    // Distinct ids by the thousand, and one at the very end of the scanned text.
    const many = Array.from({ length: 12_000 }, (_, i) => `task id ${100_000 + i} `).join('');
    expect(extractTaskIds(many, 'dnspod')).toHaveLength(12_000);
    const last = ' '.repeat(n - 50) + `Task ID: ${HUAWEI_ID}`;
    expect(extractTaskIds(last, 'huawei')).toEqual([HUAWEI_ID]);
    // Past the first 200,000 characters nothing is read.
    expect(extractTaskIds(' '.repeat(n) + `Task ID: ${HUAWEI_ID}`, 'huawei')).toEqual([]);
  });

  it('still finds an id however its label is spelt and spaced on a real console (property)', () => {
    const space = fc.constantFrom(' ', '\n', '\t', '\u00a0', '\u3000');
    const gap = (max: number) => fc.array(space, { maxLength: max }).map((a) => a.join(''));
    fc.assert(
      fc.property(
        fc.constantFrom('Task ID', 'task_id', 'TaskId', 'task-id', '任务ID', '任务 ID', '任务编号', 'Job ID', 'JobId'),
        gap(16),
        fc.option(fc.constantFrom(':', '：'), { nil: '' }),
        gap(16),
        fc.integer({ min: 100, max: 99_999_999 }),
        (label, before, colon, after, id) => {
          const text = `Submitted. ${label}${before}${colon}${colon ? after : ''}${id} queued`;
          expect(extractTaskIds(text, 'dnspod')).toEqual([String(id)]);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
