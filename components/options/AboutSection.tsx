/** The options page's "About": the installed version, what changed in it, and the privacy policy. */
import { browser } from 'wxt/browser';
import { t } from '../common/i18n';

/** The version the browser installed, as its manifest says (not the one the page was built with). */
function installedVersion(): string | null {
  try {
    return browser.runtime.getManifest().version;
  } catch {
    // A page rendered outside the extension (component tests) has no manifest to read.
    return null;
  }
}

export function AboutSection({ version = installedVersion() }: { version?: string | null }) {
  return (
    <section aria-labelledby="about-heading">
      <h2 id="about-heading">{t('aboutHeading')}</h2>
      {version && <p>{t('aboutVersion', version)}</p>}
      {version && <h3>{t('aboutChangesHeading', version)}</h3>}
      <ul>
        {t('aboutChanges').split('\n').map((change) => <li key={change}>{change}</li>)}
      </ul>
      <p><a href="/privacy.html" target="_blank" rel="noopener">{t('privacyPolicy')}</a></p>
    </section>
  );
}
