/**
 * The panel's words, by the short names its code uses, as catalogue ids. The panel bundle
 * holds no catalogue (both locale files would outweigh the rest of it): the background sends
 * these texts in the language the user chose (lib/engine/service/panel-words.ts), and until
 * it answers, the browser's own i18n gives them in the browser's language.
 */
import type { CatalogueKey } from '../i18n/keys';

export const PANEL_KEYS = {
  title: 'panelTitle',
  expand: 'panelExpand',
  collapse: 'panelCollapse',
  task: 'panelTask',
  loading: 'panelLoading',
  empty: 'panelEmpty',
  noTasks: 'panelNoTasks',
  error: 'panelError',
  groups: 'panelGroups',
  items: 'panelItems',
  exportCsv: 'panelExportCsv',
  exportJson: 'panelExportJson',
  exportResubmit: 'panelExportResubmit',
  openConsole: 'panelOpenConsole',
  failedOf: 'panelFailedOf',
  failed: 'panelFailed',
  firstOf: 'panelFirstOf',
  trackFound: 'panelTrackFound',
  track: 'panelTrack',
  tracked: 'panelTracked',
  hintExists: 'panelHintExists',
  hintQuota: 'panelHintQuota',
  hintInvalid: 'panelHintInvalid',
  hintPermission: 'panelHintPermission',
  accountColor: 'panelAccountColor',
  red: 'colorRed',
  orange: 'colorOrange',
  yellow: 'colorYellow',
  green: 'colorGreen',
  teal: 'colorTeal',
  blue: 'colorBlue',
  purple: 'colorPurple',
  pink: 'colorPink',
  grey: 'colorGrey',
  hintUnknown: 'panelHintUnknown',
  hintDcs: 'panelHintDcs',
  hintDcsPermission: 'panelHintDcsPermission',
  moreGroups: 'panelMoreGroups',
  showAll: 'panelShowAll',
  groupsHelp: 'panelGroupsHelp',
  selectedOf: 'panelSelectedOf',
  example: 'panelExample',
  tasksHere: 'panelTasksHere',
  tasksOther: 'panelTasksOther',
  noneHere: 'panelNoneHere',
  includeExisting: 'panelIncludeExisting',
  leftOut: 'panelLeftOut',
  leftOutNone: 'panelLeftOutNone',
  noResubmitDcs: 'panelNoResubmitDcs',
} as const satisfies Record<string, CatalogueKey>;

export type PanelKey = keyof typeof PANEL_KEYS;
/** Each text with its `$1`, `$2` still in it: the panel fills them. */
export type PanelWords = Readonly<Record<PanelKey, string>>;

export const PANEL_KEY_NAMES = Object.keys(PANEL_KEYS) as PanelKey[];

export function panelText(words: PanelWords, key: PanelKey, ...subs: (string | number)[]): string {
  return subs.reduce<string>((s, v, i) => s.replace(`$${i + 1}`, String(v)), words[key]);
}

/**
 * The texts in the browser's language, from the extension's _locales (WXT writes them from
 * the same locale files). Each placeholder is passed as itself so it stays for panelText.
 */
export function browserPanelWords(getMessage: (id: string, substitutions: string[]) => string): PanelWords {
  const placeholders = ['$1', '$2', '$3'];
  return Object.fromEntries(PANEL_KEY_NAMES.map((key) => [key, getMessage(PANEL_KEYS[key], placeholders)])) as Record<PanelKey, string>;
}
