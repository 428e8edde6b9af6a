/** Relative ages for the popup: pure, so they are tested without a clock. */
export type AgeUnit = 'now' | 'minutes' | 'hours' | 'days';

export function relativeAge(then: number, now: number): { unit: AgeUnit; value: number } {
  const seconds = Math.max(0, Math.round((now - then) / 1000));
  if (seconds < 60) return { unit: 'now', value: 0 };
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return { unit: 'minutes', value: minutes };
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return { unit: 'hours', value: hours };
  return { unit: 'days', value: Math.floor(hours / 24) };
}

const relativeFormatters = new Map<string, Intl.RelativeTimeFormat>();

/**
 * An age in words, in the user's locale ("3 min. ago" in English), or undefined under a
 * minute, which the catalogue words itself ("just now": Intl's "now" reads like an order).
 */
export function ageWords(then: number, now: number, locale: string): string | undefined {
  const age = relativeAge(then, now);
  if (age.unit === 'now') return undefined;
  let formatter = relativeFormatters.get(locale);
  if (!formatter) {
    formatter = new Intl.RelativeTimeFormat(locale, { numeric: 'always', style: 'short' });
    relativeFormatters.set(locale, formatter);
  }
  return formatter.format(-age.value, age.unit === 'minutes' ? 'minute' : age.unit === 'hours' ? 'hour' : 'day');
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The exact time shown on hover, in the user's locale and time zone. One formatter per
 * locale: building an Intl formatter per row made a 500-task popup take half a second.
 */
export function exactTime(ms: number, locale: string): string {
  let formatter = formatters.get(locale);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' });
    formatters.set(locale, formatter);
  }
  return formatter.format(ms);
}
