import { alreadyExists } from '../../lib/console/failure-groups';
import type { TaskArea } from '../../lib/console/panel-tasks';

import type { PanelKey } from '../../lib/console/panel-words';

/**
 * A fix hint for a failure, from its code or message (providers word the same problem
 * differently). A DCS task is about a cache instance: record advice would mislead there.
 */
export function hintKey(code: string | undefined, message: string, area: TaskArea = 'dns'): PanelKey {
  const text = `${code ?? ''} ${message}`;
  if (area === 'dcs') return /permission|forbidden|denied|无权|权限/i.test(text) ? 'hintDcsPermission' : 'hintDcs';
  if (alreadyExists({ message: text })) return 'hintExists';
  if (/quota|limit exceeded|配额|上限|超出/i.test(text)) return 'hintQuota';
  if (/permission|forbidden|denied|无权|权限/i.test(text)) return 'hintPermission';
  if (/invalid|illegal|format|not an? |无效|不合法|格式|ttl/i.test(text)) return 'hintInvalid';
  return 'hintUnknown';
}
