/**
 * A task kind's display name, where a task source gives one (lib/providers/source-consoles.ts:
 * catalogue words keyed by kind). A provider's own batch kinds have none (their label already
 * says what they are): they show no kind, and are not in the kind filter.
 */
import type { CatalogueKey } from '../../lib/i18n/keys';
import { sourceConsoles } from '../../lib/providers/source-consoles';

const NAMES: ReadonlyMap<string, CatalogueKey> = new Map(sourceConsoles.flatMap((c) => Object.entries(c.kindNames)));

export function kindWords(kind: string): CatalogueKey | undefined {
  return NAMES.get(kind);
}
