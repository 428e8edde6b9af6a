import { render } from 'preact';
import { PrivacyPolicy } from '../../components/privacy/PrivacyPolicy';
import { useRememberedLanguage } from '../../components/common/page-language';
import { lang, t } from '../../components/common/i18n';
import { LOCALES } from '../../lib/i18n/catalogue';
import '../../assets/styles/base.css';

useRememberedLanguage();
document.title = t('privacyTitle');
// The same files the stores are given, one per language named as its locale file; English
// where a language has none yet.
const POLICIES = import.meta.glob<string>('../../assets/store/privacy-policy.*.md', { query: '?raw', import: 'default', eager: true });
const policy = (file: string): string | undefined => POLICIES[`../../assets/store/privacy-policy.${file.replace(/\.yml$/, '')}.md`];
render(<PrivacyPolicy markdown={policy(LOCALES[lang()].file) ?? policy('en') ?? ''} />, document.getElementById('app')!);
