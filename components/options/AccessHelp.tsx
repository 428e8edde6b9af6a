/**
 * What key to make and what to grant it, from the provider's declared calls: "Create a key"
 * links to the provider's sub-user pages, which user type to choose, and "Copy policy" with
 * a custom policy granting exactly the declared actions. No provider is named here.
 */
import { useSignal } from '@preact/signals';
import { keyPagesFor, policyDocument, type PolicyDialect } from '../../lib/providers/access';
import type { CatalogueKey } from '../../lib/i18n/catalogue';
import { t } from '../common/i18n';
import type { ProviderForm } from './intents';

const USER_TYPE: Record<PolicyDialect, CatalogueKey> = { ram: 'keyUserRam', cam: 'keyUserCam', iam: 'keyUserIam' };
const PASTE_WHERE: Record<PolicyDialect, CatalogueKey> = { ram: 'policyWhereRam', cam: 'policyWhereCam', iam: 'policyWhereIam' };
const SITE_LINK: Record<'cn' | 'intl', CatalogueKey> = { cn: 'createKeyChina', intl: 'createKeyIntl' };

/** `settings`: the form's values, whose site chooses the links; none (no account yet): every site's. */
export function AccessHelp({ provider, settings }: { provider: ProviderForm; settings?: Readonly<Record<string, string | undefined>> }) {
  const copied = useSignal('');
  // What this account will call with the settings chosen so far (a task source turned on adds its calls).
  // No account yet (the welcome page): the provider's own calls, as a new account's policy has them.
  const chosen = settings && Object.fromEntries(Object.entries(settings).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const access = (chosen && provider.accessFor?.(chosen)) || provider.access;
  if (!access) return null;
  const policy = policyDocument(access);
  const copy = (): void => {
    if (!policy) return;
    copied.value = '';
    navigator.clipboard.writeText(policy).then(
      () => (copied.value = t('policyCopied')),
      () => (copied.value = t('policyCopyFailed')),
    );
  };
  return (
    <div class="access-help" data-provider={provider.id}>
      {access.fullRights && <p class="field-error" role="note">{t('tokenFullRights')}</p>}
      {access.dialect && <p class="help">{t(USER_TYPE[access.dialect])}</p>}
      <p class="actions">
        {keyPagesFor(access, settings).map((page) => (
          <a key={page.url} class="button" href={page.url} target="_blank" rel="noopener noreferrer">{t(SITE_LINK[page.site])}</a>
        ))}
      </p>
      {access.dialect && policy && (
        <>
          <p class="actions">
            <button type="button" class="button" onClick={copy}>{t('copyPolicy')}</button>
            <span role="status" aria-live="polite">{copied.value}</span>
          </p>
          <p class="help">{t(PASTE_WHERE[access.dialect])}</p>
          <details>
            <summary>{t('showPolicy')}</summary>
            <pre class="policy"><code>{policy}</code></pre>
          </details>
        </>
      )}
    </div>
  );
}
