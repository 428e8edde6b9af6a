import type { CapabilityView } from '../../lib/messaging/messages';
import { t } from './i18n';

/** "DCS tasks in cn-east-3 are not watched." / "DNS tasks: watched." / "…: retrying." */
export function capabilityLine(c: Pick<CapabilityView, 'state' | 'label'>): string {
  return t(c.state === 'not-watched' ? 'capabilityNotWatched' : c.state === 'retrying' ? 'capabilityRetrying' : 'capabilityWatched', c.label);
}
