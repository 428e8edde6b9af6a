/**
 * What a provider's error means, as a catalogue message: one sentence per error class with the
 * provider's name as a parameter, so rewording one is one line of each locale file. A provider
 * names its own sentence only where its advice differs (its permissions, its keys' lockout).
 */
import type { Message } from '../i18n/catalogue';
import type { CatalogueKey } from '../i18n/keys';
import type { ErrorClass, ProviderError } from './types';

type ClassMessages = Record<ErrorClass, Message>;

/** The sentences every provider shares; `own` replaces those whose advice is the provider's. */
export function errorMessages(provider: CatalogueKey, own: Partial<ClassMessages>): ClassMessages {
  const name = { id: provider };
  return {
    auth: { id: 'errorUnexpected' },
    permission: { id: 'errorUnexpected' },
    throttled: { id: 'errorThrottled', provider: name },
    'clock-skew': { id: 'errorClockSkew', minutes: 15 },
    'not-found': { id: 'errorNotFound', provider: name },
    network: { id: 'errorNetwork', provider: name },
    timeout: { id: 'errorTimeout', provider: name },
    malformed: { id: 'errorMalformed', provider: name },
    server: { id: 'errorServer', provider: name },
    'invalid-input': { id: 'errorInvalidInput', provider: name },
    expired: { id: 'errorTemporaryKeysExpired', provider: name },
    ...own,
  };
}

/** The sentence, followed by the provider's own code where it gave one (what support asks for). */
export function withCode(sentence: Message, err: Pick<ProviderError, 'code'>): Message {
  return err.code ? { id: 'errorWithCode', sentence, code: err.code } : sentence;
}
