/**
 * Accounts files: the account list without a single secret (names, providers, regions,
 * endpoints, colours, notification choices), so a team can share one setup. Pure functions:
 * the options page turns the text into a download and back.
 */
import { z } from 'zod';
import { MAX_PORTABLE_ACCOUNTS, portableAccountSchema, type AccountView, type PortableAccount } from '../messaging/messages';
import type { FieldSpec } from '../providers/types';
import type { Message } from '../i18n/catalogue';

export const ACCOUNTS_FILE_FORMAT = 'batchwatch-accounts';
export const ACCOUNTS_FILE_VERSION = 1;
/** A file bigger than this is not an accounts file (200 accounts are a few tens of KB). */
export const MAX_ACCOUNTS_FILE_BYTES = 1_000_000;

const fileSchema = z.object({
  format: z.literal(ACCOUNTS_FILE_FORMAT),
  version: z.literal(ACCOUNTS_FILE_VERSION),
  accounts: z.array(portableAccountSchema).min(1).max(MAX_PORTABLE_ACCOUNTS),
});

interface ProviderFields {
  id: string;
  fields: readonly Pick<FieldSpec, 'key' | 'secret'>[];
}

/**
 * The file's text. Only the fields each provider declares as not secret are written, so a
 * key stored under a setting's name by some older version could still never leave.
 */
export function accountsFileText(accounts: readonly AccountView[], providers: readonly ProviderFields[]): string {
  const portable: PortableAccount[] = accounts.map((account) => {
    const fields = providers.find((p) => p.id === account.provider)?.fields ?? [];
    const settings = Object.fromEntries(Object.entries(account.settings).filter(([key]) => fields.some((f) => f.key === key && !f.secret)));
    return { provider: account.provider, name: account.name, settings, ...(account.notify ? { notify: account.notify } : {}), ...(account.color ? { color: account.color } : {}) };
  });
  return `${JSON.stringify({ format: ACCOUNTS_FILE_FORMAT, version: ACCOUNTS_FILE_VERSION, accounts: portable }, null, 2)}\n`;
}

export type ParsedAccountsFile = { ok: true; accounts: PortableAccount[] } | { ok: false; reason: Message };

/** The accounts of a file, or why it is not an accounts file (a message the page puts into words). */
export function parseAccountsFile(text: string): ParsedAccountsFile {
  if (text.length > MAX_ACCOUNTS_FILE_BYTES) return { ok: false, reason: { id: 'importFileTooLarge' } };
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return { ok: false, reason: { id: 'importFileNotJson' } };
  }
  const parsed = fileSchema.safeParse(json);
  if (parsed.success) return { ok: true, accounts: parsed.data.accounts };
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : '';
  return { ok: false, reason: where ? { id: 'importFileBadField', field: where } : { id: 'importFileBadFormat' } };
}
