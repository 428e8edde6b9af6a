/**
 * "Test connection" in the add/edit form, before Save: the keys typed there, tried with the
 * provider's own testConnection (the signed calls polling makes, one per capability) and then
 * forgotten. Nothing is written: not the keys, not what the calls learn (a clock offset, a
 * project id), not a problem of the account being edited, which polls on as before.
 */
import type { KeyTestLine, PageRequest, Reply } from '../../messaging/messages';
import { ProviderError, type CapabilityReport, type Credentials, type Lang, type Provider } from '../../providers/types';
import { settingProblem } from '../../providers/field-check';
import { say } from '../../i18n/words';
import { accountsItem, emptyRuntime, runtimeItem } from '../../store/index';
import { describeProblem } from '../cycle';
import { makeContext } from '../context';
import { type ServiceDeps, fail, pick } from './common';
import { readableSecrets } from './calls';

type TestKeys = Extract<PageRequest, { type: 'testKeys' }>;

/** The call limiter's turn for keys of no saved account (one test at a time, as one account's calls are). */
const UNSAVED = 'unsaved-keys';

export async function testKeys(deps: ServiceDeps, req: TestKeys): Promise<Reply<{ lines: KeyTestLine[] }>> {
  const lang = deps.lang();
  const provider = deps.providers.get(req.provider);
  if (!provider) return fail(say({ id: 'keyTestNoProvider' }, lang));
  const existing = req.accountId ? (await accountsItem.getValue()).find((a) => a.id === req.accountId) : undefined;
  if (req.accountId && !existing) return fail(say({ id: 'accountGone' }, lang));
  // Stored keys are only ever sent to their own provider's API.
  if (existing && existing.provider !== provider.id) return fail(say({ id: 'keyTestOtherProvider' }, lang));
  const stored = existing ? ((await readableSecrets(deps, existing.id)) ?? {}) : {};

  const given = provider.migrateSettings?.(req.settings) ?? req.settings;
  const settings: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  const fieldErrors: Record<string, string> = {};
  for (const field of provider.fields) {
    const value = ((field.secret ? req.secrets[field.key] : given[field.key]) ?? '').trim();
    if (!value) {
      // As on Save: an empty secret field of a saved account is its stored key.
      const kept = field.secret ? stored[field.key] : field.defaultValue;
      if (kept) (field.secret ? secrets : settings)[field.key] = kept;
      else if (field.required) fieldErrors[field.key] = say({ id: 'keyTestMissingField', field: pick(field.label, lang) }, lang);
      continue;
    }
    const problem = field.secret ? field.validate?.(value) : settingProblem(field, value);
    if (problem) fieldErrors[field.key] = pick(problem, lang);
    else (field.secret ? secrets : settings)[field.key] = value;
  }
  if (Object.keys(fieldErrors).length) return fail(say({ id: 'fixFields' }, lang), { fieldErrors });

  const accountId = existing?.id ?? UNSAVED;
  const cred: Credentials = { account: { id: accountId, provider: provider.id, name: existing?.name ?? '', settings }, secrets };
  // A saved account's clock offset is a fact about this computer; its memo (projects found for
  // its saved settings) is not used for settings that may have changed.
  const offset = existing ? ((await runtimeItem.getValue())[existing.id]?.clockOffsetMs ?? 0) : 0;
  const ctx = makeContext(deps, { ...emptyRuntime(), clockOffsetMs: offset }, () => undefined, undefined, accountId);
  let reports: void | CapabilityReport[];
  try {
    reports = await provider.testConnection(cred, ctx);
  } catch (err) {
    const sentence = pick(describeProblem(provider, err), lang);
    // A provider with one capability refuses as a whole: its declared call is the one refused.
    if (err instanceof ProviderError && err.cls === 'permission') {
      const action = err.action ?? soleAction(provider);
      return { ok: true, lines: [{ ...wholeLine(provider, lang), result: 'missing-permission', ...(action ? { action } : {}), detail: sentence }] };
    }
    return fail(sentence, err instanceof ProviderError ? { errorClass: err.cls } : {});
  }
  const lines = reports?.length ? reports.map((r) => lineOf(r, lang)) : [{ ...wholeLine(provider, lang), result: 'works' as const }];
  return { ok: true, lines };
}

function soleAction(provider: Provider): string | undefined {
  const actions = (provider.access?.calls ?? []).flatMap((c) => (c.action ? [c.action] : []));
  return actions.length === 1 ? actions[0] : undefined;
}

/** A provider that reports no capabilities is one: its declared calls. */
function wholeLine(provider: Provider, lang: Lang): Pick<KeyTestLine, 'id' | 'label'> {
  const calls = (provider.access?.calls ?? []).map((c) => c.operation).join(', ');
  return { id: 'calls', label: say(calls ? { id: 'keyTestCalls', calls } : provider.name, lang) };
}

function lineOf(report: CapabilityReport, lang: Lang): KeyTestLine {
  const base = { id: report.id, label: say(report.label, lang), ...(report.reason ? { detail: say(report.reason, lang) } : {}) };
  if (report.state === 'watched') return { id: base.id, label: base.label, result: 'works' };
  if (report.state === 'retrying') return { ...base, result: 'not-checked' };
  if (report.cause?.kind === 'permission') return { ...base, result: 'missing-permission', ...(report.cause.action ? { action: report.cause.action } : {}) };
  if (report.cause?.kind === 'region') return { ...base, result: 'region-not-enabled' };
  return { ...base, result: 'refused' };
}
