/** The languages Batchwatch speaks, one per locale file. */
export type Lang = 'en' | 'zh';
