/** The language the user chose in Options: the browser's, or one Batchwatch speaks. */
export const LANGUAGE_CHOICES = ['auto', 'en', 'zh'] as const;
export type LanguageChoice = (typeof LANGUAGE_CHOICES)[number];

export const isLanguageChoice = (value: unknown): value is LanguageChoice => (LANGUAGE_CHOICES as readonly unknown[]).includes(value);
