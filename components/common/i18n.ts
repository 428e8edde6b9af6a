/**
 * The words of every extension page, from the catalogue (lib/i18n), in the language the page
 * speaks now. The language is a signal: each component that read words re-renders when the
 * user picks another language, without a reload.
 */
import { signal } from '@preact/signals';
import { render, type CatalogueKey, type Message, type Params } from '../../lib/i18n/catalogue';
import type { Text, Lang } from '../../lib/providers/types';
import { say, sayLabel, type Label } from '../../lib/i18n/words';

const language = signal<Lang>('en');

export function setLang(lang: Lang): void {
  language.value = lang;
}

export const lang = (): Lang => language.value;

/** A message in the page's language. */
export const words = (message: Message): string => render(message, language.value);

/** A catalogue text whose parameters are positional (`$1`, `$2`). */
export function t(key: CatalogueKey, ...substitutions: (string | number)[]): string {
  const params: Params = {};
  substitutions.forEach((value, i) => (params[String(i + 1)] = value));
  return render({ ...params, id: key }, language.value);
}

/** Words lib/ handed over (a message, or an old stored pair), in the page's language. */
export const pick = (text: Text): string => say(text, language.value);

/** A task's label (data, or words) in the page's language. */
export const pickLabel = (label: Label): string => sayLabel(label, language.value);
