/** The language the user chose in Options: the browser's, or one Batchwatch speaks (one per locale file). */
import { LANGUAGES, type Lang } from '../i18n/keys';

export type LanguageChoice = 'auto' | Lang;
export const LANGUAGE_CHOICES: readonly [LanguageChoice, ...LanguageChoice[]] = ['auto', ...(Object.keys(LANGUAGES) as Lang[])];

export const isLanguageChoice = (value: unknown): value is LanguageChoice => (LANGUAGE_CHOICES as readonly unknown[]).includes(value);
