/**
 * The popup of someone with accounts but no task yet: where each provider's first task will
 * come from (polling, or a console page that shows its id), rather than "add an account",
 * which they have done.
 */
import type { Message } from '../../lib/i18n/catalogue';
import type { AccountView, ProviderMeta } from '../../lib/messaging/messages';
import { words } from '../common/i18n';

/** How often an account with nothing pending is polled, in words ("5 minutes", "90 seconds"). */
const intervalWords = (seconds: number): Message => (seconds % 60 === 0 ? { id: 'intervalMinutes', n: seconds / 60 } : { id: 'intervalSeconds', n: seconds });

export function NextSteps({ accounts, providers, idleIntervalSec, providerName }: { accounts: readonly AccountView[]; providers: readonly ProviderMeta[]; idleIntervalSec: number; providerName: (id: string) => string }) {
  const byProvider = new Map<string, string[]>();
  for (const a of accounts) byProvider.set(a.provider, [...(byProvider.get(a.provider) ?? []), a.name]);
  return (
    <div class="state empty" role="status">
      {[...byProvider].map(([id, names]) => {
        const said = { provider: providerName(id), accounts: names.join(', ') };
        const fromConsole = providers.find((p) => p.id === id)?.tasksFromConsolePages;
        return <p key={id} data-next-steps={id}>{words(fromConsole ? { id: 'nextStepsConsole', ...said } : { id: 'nextStepsListed', ...said, interval: intervalWords(idleIntervalSec) })}</p>;
      })}
    </div>
  );
}
