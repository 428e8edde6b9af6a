/**
 * The welcome page a new install opens: the three steps from nothing to a watched task. Step
 * one is each provider's own "Create a key" links and least-privilege policy, as the account
 * form shows them (AccessHelp, from the provider's declared calls): no provider is named here.
 */
import { pick, t } from '../common/i18n';
import { AccessHelp } from '../options/AccessHelp';
import type { ProviderForm } from '../options/intents';

export interface WelcomeIntents {
  /** Opens the options page at the form that adds an account. */
  addAccount(): void;
}

export function Welcome({ providers, intents }: { providers: readonly ProviderForm[]; intents: WelcomeIntents }) {
  // Step one is a key a policy can limit: credentials that carry every right (DNSPod's legacy
  // token) are not offered here; the account form still takes them, with its warning.
  const limitable = providers.filter((p) => p.access?.dialect);
  return (
    <main class="options welcome">
      <h1>{t('welcomeTitle')}</h1>
      <p>{t('welcomeIntro')}</p>
      <ol class="steps">
        <li>
          <section aria-labelledby="welcome-step-key">
            <h2 id="welcome-step-key">{t('welcomeStepKeyHeading')}</h2>
            <p>{t('welcomeStepKeyText')}</p>
            {limitable.map((provider) => (
              <section key={provider.id} aria-labelledby={`welcome-provider-${provider.id}`} class="welcome-provider">
                <h3 id={`welcome-provider-${provider.id}`}>{pick(provider.name)}</h3>
                <AccessHelp provider={provider} />
              </section>
            ))}
          </section>
        </li>
        <li>
          <section aria-labelledby="welcome-step-paste">
            <h2 id="welcome-step-paste">{t('welcomeStepPasteHeading')}</h2>
            <p>{t('welcomeStepPasteText')}</p>
            <p class="actions">
              <button type="button" class="button primary" onClick={() => intents.addAccount()}>{t('welcomeAddAccount')}</button>
            </p>
          </section>
        </li>
        <li>
          <section aria-labelledby="welcome-step-badge">
            <h2 id="welcome-step-badge">{t('welcomeStepBadgeHeading')}</h2>
            <p>{t('welcomeStepBadgeText')}</p>
          </section>
        </li>
      </ol>
    </main>
  );
}
