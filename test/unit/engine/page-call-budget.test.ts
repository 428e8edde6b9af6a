import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createPageCallBudget, PAGE_CALL_LIMITS } from '../../../lib/engine/page-call-budget';

const MIN = 60_000;

describe('page-call budget: what a console page may cost an account', () => {
  it('the limits are the reviewed ones: 10 signed calls a minute per account, 20 new ids per page view', () => {
    expect(PAGE_CALL_LIMITS).toMatchObject({ callsPerWindow: 10, windowMs: 60_000, newIdsPerPageView: 20 });
  });

  it('allows 10 signed calls in a minute, refuses the 11th, and allows one more once the first is a minute old', () => {
    const budget = createPageCallBudget();
    for (let i = 0; i < 10; i++) expect(budget.spend('a', 1000 + i)).toBe(true);
    expect(budget.spend('a', 1010)).toBe(false);
    expect(budget.remaining('a', 1010)).toBe(0);
    expect(budget.spend('a', 1000 + MIN - 1)).toBe(false);
    expect(budget.spend('a', 1000 + MIN)).toBe(true);
    expect(budget.spend('a', 1000 + MIN)).toBe(false);
  });

  it('a refused call spends nothing: the window reopens a minute after the calls that were sent', () => {
    const budget = createPageCallBudget();
    for (let i = 0; i < 10; i++) budget.spend('a', 0);
    for (let t = 1; t < MIN; t += 5000) expect(budget.spend('a', t)).toBe(false);
    expect(budget.remaining('a', MIN)).toBe(10);
  });

  it('each account has its own window', () => {
    const budget = createPageCallBudget();
    for (let i = 0; i < 10; i++) budget.spend('a', 0);
    expect(budget.spend('a', 1)).toBe(false);
    expect(budget.spend('b', 1)).toBe(true);
    expect(budget.remaining('b', 1)).toBe(9);
  });

  it('one operation in flight per account: a second is refused (not queued) until the first ends', () => {
    const budget = createPageCallBudget();
    expect(budget.begin('a', 0)).toBeUndefined();
    expect(budget.begin('a', 0)).toBe('busy');
    expect(budget.begin('b', 0)).toBeUndefined();
    budget.end('a');
    expect(budget.begin('a', 0)).toBeUndefined();
  });

  it('an operation is not started when the account has no call left in its window', () => {
    const budget = createPageCallBudget();
    for (let i = 0; i < 10; i++) budget.spend('a', 0);
    expect(budget.begin('a', 1)).toBe('rate');
    // A refused start holds no slot.
    expect(budget.begin('a', MIN)).toBeUndefined();
  });

  it('takes 20 new ids per page view and drops the rest; another page view has its own 20', () => {
    const budget = createPageCallBudget();
    const taken = Array.from({ length: 25 }, () => budget.takeNewId('tab-1'));
    expect(taken.filter(Boolean)).toHaveLength(20);
    expect(taken.slice(20)).toEqual([false, false, false, false, false]);
    expect(budget.takeNewId('tab-2')).toBe(true);
  });

  it('remembers a bounded number of page views, forgetting the least recently used first', () => {
    const budget = createPageCallBudget({ ...PAGE_CALL_LIMITS, newIdsPerPageView: 1, pageViewsRemembered: 2 });
    expect(budget.takeNewId('v1')).toBe(true);
    expect(budget.takeNewId('v2')).toBe(true);
    expect(budget.takeNewId('v3')).toBe(true); // forgets v1
    expect(budget.takeNewId('v3')).toBe(false);
    expect(budget.takeNewId('v1')).toBe(true); // a fresh view again; forgets v2
    expect(budget.takeNewId('v3')).toBe(false);
    expect(budget.takeNewId('v2')).toBe(true);
  });

  it('property: whatever the order of spends, no window of a minute holds more than 10 sent calls', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('a', 'b'), fc.integer({ min: 0, max: 5000 })), { maxLength: 200 }), (steps) => {
        const budget = createPageCallBudget();
        const sent: Record<string, number[]> = { a: [], b: [] };
        let now = 0;
        for (const [account, dt] of steps) {
          now += dt;
          if (budget.spend(account, now)) sent[account]!.push(now);
        }
        for (const times of Object.values(sent)) {
          for (const start of times) expect(times.filter((t) => t >= start && t < start + MIN).length).toBeLessThanOrEqual(10);
        }
      }),
    );
  });
});
