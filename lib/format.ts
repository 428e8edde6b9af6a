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

/** The exact time shown on hover, in the user's locale and time zone. */
export function exactTime(ms: number, locale: string): string {
  return new Date(ms).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'medium' });
}
