/** Failures the user has seen (opened in the popup or a console panel, or dismissed) leave the badge. */
import { markSeen } from '../../store/index';
import { updateBadge } from '../badge';
import type { ServiceDeps } from './common';

export async function seenFailures(deps: ServiceDeps, taskKeys: readonly string[]): Promise<void> {
  if (await markSeen(taskKeys)) await updateBadge(deps);
}
