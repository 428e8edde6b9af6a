/** The panel's texts in one language, for the background to send to a console's panel. */
import { render } from '../../i18n/catalogue';
import type { Lang } from '../../i18n/lang';
import { PANEL_KEY_NAMES, PANEL_KEYS, type PanelKey, type PanelWords } from '../../console/panel-words';

export const panelWords = (lang: Lang): PanelWords =>
  // No parameter is given: `$1` and `$2` stay in the text for the panel to fill.
  Object.fromEntries(PANEL_KEY_NAMES.map((key) => [key, render({ id: PANEL_KEYS[key] }, lang)])) as Record<PanelKey, string>;
