import { render } from 'preact';
import { PrivacyPolicy } from '../../components/privacy/PrivacyPolicy';
import { useRememberedLanguage } from '../../components/common/page-language';
import { lang, t } from '../../components/common/i18n';
// The same files the stores are given: one text, no copy to keep in step.
import policyEn from '../../assets/store/privacy-policy.en.md?raw';
import policyZh from '../../assets/store/privacy-policy.zh_CN.md?raw';
import '../../assets/styles/base.css';

useRememberedLanguage();
document.title = t('privacyTitle');
render(<PrivacyPolicy markdown={lang() === 'zh' ? policyZh : policyEn} />, document.getElementById('app')!);
