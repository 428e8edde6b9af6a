import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { runCycle, updateBadge } from '../lib/engine/cycle';
import type { EngineDeps } from '../lib/engine/deps';
import { createCycleRunner } from '../lib/engine/runner';
import { hasPendingWork, cadenceMs } from '../lib/engine/schedule';
import { routeMessage } from '../lib/engine/router';
import { writePopupSnapshot, type ServiceDeps } from '../lib/engine/service';
import { changesStateView, coalescedWriter } from '../lib/popup/snapshot';
import { providers, getProvider } from '../lib/providers/index';
import { migratedAccount } from '../lib/providers/types';
import { storedAccountValid } from '../lib/providers/field-check';
import { accountsItem, checkStoredAccountsWith, getSettings, noticeGroupsItem, popupFocusItem, readActiveTasks, readTask, runtimeItem, vaultMaxUnlockedMs } from '../lib/store/index';
import { noticeTarget } from '../lib/engine/notices';
import { STOP_NOTICE_PREFIX } from '../lib/engine/stop-notices';
import { createVault } from '../lib/vault/index';
import { restrictToTrustedContexts, type AccessLevelArea } from '../lib/store/access-level';
import { lockAlarmAt, lockAtDeadline, lockedByRead, VAULT_LOCK_ALARM, VAULT_LOCKED_NOTICE } from '../lib/engine/vault-lock';
import { dnspodUserAgentRule } from '../lib/providers/dnspod/user-agent';
import { settingsSchema } from '../lib/messaging/messages';
import type { LanguageChoice } from '../lib/settings/language';
import { browserLang } from '../components/common/ui-lang';
import { render as renderMessage } from '../lib/i18n/catalogue';
import { welcomeOnInstall } from '../lib/engine/first-run';

const POLL_ALARM = 'batchwatch-poll';

export default defineBackground(() => {
  // Stored accounts are read only as their provider could have saved them (a planted region never reaches a signer).
  checkStoredAccountsWith((account) => storedAccountValid(getProvider(account.provider), account), (account) => migratedAccount(getProvider(account.provider), account));
  const sessionArea = browser.storage.session;
  // Chrome: keep the unlocked data key and storage.local out of content scripts' reach (a
  // refusal is logged). Accounts, tasks and failed items are in the extension's IndexedDB in
  // both browsers (lib/store/private-area.ts): Firefox cannot restrict storage.local.
  void restrictToTrustedContexts({ session: sessionArea as AccessLevelArea, local: browser.storage.local as AccessLevelArea });
  const vault = createVault({
    session: {
      get: (key) => sessionArea.get(key),
      set: (items) => sessionArea.set(items),
      remove: (key) => sessionArea.remove(key),
    },
    // Read at each check, so a change in Options applies to the current unlock too.
    maxUnlockedMs: vaultMaxUnlockedMs,
    // The key is dropped at its deadline by an alarm, not left until the next read.
    onDeadline: lockAlarmAt(browser.alarms),
    // A read that beat the alarm to it says the lock all the same.
    onExpired: () => lockedByRead(lockDeps()),
  });
  const ownerId = crypto.randomUUID();

  // DNSPod bans API clients without a proper User-Agent, and Chrome ignores one set in fetch().
  // A session rule: Chrome refuses tabIds (the extension's own requests only) in a dynamic rule
  // (measured: the dynamic rule was never installed). Session rules end with the browser
  // session, so every worker start sets it again, and no call goes out before it is set.
  // Started inside a promise: a browser without session rules rejects it (logged), never throws here.
  const userAgentRuleSet = Promise.resolve()
    .then(() => browser.declarativeNetRequest?.updateSessionRules({ removeRuleIds: [dnspodUserAgentRule.id], addRules: [dnspodUserAgentRule] }))
    .catch((err: unknown) => console.warn('Batchwatch: the DNSPod User-Agent rule could not be installed', err instanceof Error ? err.message : ''));

  /** The language notifications, the badge's title and replies speak: the user's choice, kept in step with the setting. */
  let language: LanguageChoice = 'auto';
  const languageOf = (stored: unknown): LanguageChoice => settingsSchema.shape.language.parse((stored as { language?: unknown } | undefined)?.language);

  const deps: ServiceDeps = {
    providers: { all: providers, get: getProvider },
    secrets: vault,
    vault,
    fetch: async (input, init) => {
      await userAgentRuleSet;
      return fetch(input, init);
    },
    now: () => Date.now(),
    random: () => Math.random(),
    lang: () => (language === 'auto' ? browserLang() : language),
    ownerId,
    async notify(notice) {
      await browser.notifications.create(notice.id, {
        type: 'basic',
        iconUrl: browser.runtime.getURL('/icon/128.png'),
        title: notice.title,
        message: notice.message,
      });
    },
    async setBadge(text, color) {
      await browser.action.setBadgeText({ text });
      await browser.action.setBadgeBackgroundColor({ color });
    },
    async setTitle(title) {
      await browser.action.setTitle({ title });
    },
    pollSoon: (options) => void runner.request(options),
    newId: () => crypto.randomUUID(),
  } satisfies ServiceDeps & EngineDeps;

  /** One alarm at the current cadence: 30 s while anything is pending, else the idle interval. */
  async function scheduleAlarm(): Promise<void> {
    const [tasks, accounts, runtime, settings] = await Promise.all([readActiveTasks(), accountsItem.getValue(), runtimeItem.getValue(), getSettings()]);
    const periodInMinutes = cadenceMs(settings, hasPendingWork(tasks, accounts, runtime)) / 60_000;
    const existing = await browser.alarms.get(POLL_ALARM);
    // An alarm that already has the right period is kept: re-creating it would postpone it.
    if (existing?.periodInMinutes !== periodInMinutes) {
      await browser.alarms.create(POLL_ALARM, { periodInMinutes, delayInMinutes: periodInMinutes });
    }
  }

  // Cycles never overlap in this worker; one asked for while another runs follows it.
  const runner = createCycleRunner(
    async (options) => {
      try {
        await runCycle(deps, options);
      } finally {
        await scheduleAlarm().catch(() => undefined);
      }
    },
    (err) => console.error('Batchwatch: polling cycle failed', err instanceof Error ? err.name : typeof err),
  );

  const lockDeps = () => ({
    notify: deps.notify,
    // In the language the user chose, as every other notification.
    text: (key: 'vaultLockedNoticeTitle' | 'vaultLockedNoticeMessage', substitutions: string[] = []) => renderMessage({ ...Object.fromEntries(substitutions.map((value, i) => [String(i + 1), value])), id: key }, deps.lang()),
    afterLock: () => updateBadge(deps),
  });
  const lockIfDue = (): Promise<boolean> => lockAtDeadline({ vault, ...lockDeps() });

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === POLL_ALARM) void runner.request();
    if (alarm.name === VAULT_LOCK_ALARM) void lockIfDue();
  });

  browser.runtime.onInstalled.addListener((details) => {
    // Storage migrations run as the items are first read; a first cycle fills the popup.
    void runner.request();
    void welcomeOnInstall(details, (path) => browser.tabs.create({ url: browser.runtime.getURL(path) })).catch(() => undefined);
  });

  browser.runtime.onMessage.addListener((message: unknown, sender) =>
    routeMessage(deps, message, sender, { id: browser.runtime.id, origin: browser.runtime.getURL('/') }),
  );

  browser.notifications.onClicked.addListener((notificationId) => {
    void (async () => {
      if (notificationId === VAULT_LOCKED_NOTICE) {
        // The popup unlocks (its first line holds the passphrase field).
        await openPopup();
        await browser.notifications.clear(notificationId);
        return;
      }
      if (notificationId.startsWith(STOP_NOTICE_PREFIX)) {
        // Keys and permissions are edited in Options.
        await browser.runtime.openOptionsPage();
        await browser.notifications.clear(notificationId);
        return;
      }
      const target = noticeTarget(notificationId, await noticeGroupsItem.getValue());
      if (target.kind === 'console') {
        const task = await readTask(target.taskKey);
        const account = task ? (await accountsItem.getValue()).find((a) => a.id === task.accountId) : undefined;
        const provider = task ? getProvider(task.provider) : undefined;
        if (task && account && provider) await browser.tabs.create({ url: provider.consoleUrl(task, account) });
      } else if (target.kind === 'popup') {
        // The popup shows just these tasks once (it clears the item as it reads it).
        await popupFocusItem.setValue({ taskKeys: target.taskKeys, at: Date.now() });
        await openPopup('?focus=notification');
      }
      await browser.notifications.clear(notificationId);
    })();
  });

  /**
   * Chrome opens the toolbar popup for a notification's click; where it cannot (no focused
   * window, an older browser), the same page opens in a tab.
   */
  async function openPopup(search = ''): Promise<void> {
    const action = browser.action as typeof browser.action & { openPopup?: () => Promise<void> };
    const opened = await (action.openPopup?.().then(() => true, () => false) ?? Promise.resolve(false));
    if (!opened) await browser.tabs.create({ url: browser.runtime.getURL(`/popup.html${search}`) });
  }

  // The popup paints its first screen from this snapshot, so it follows every change of what
  // the popup shows (and is rewritten at every worker start, e.g. after an update). During a
  // cycle it waits: the lease's release, at the cycle's end, brings it up to date once.
  const popupSnapshotSoon = coalescedWriter(() => writePopupSnapshot(deps), 500);
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && changes.settings) {
      const next = languageOf(changes.settings.newValue);
      // The toolbar button's title speaks the new language at once, not at the next cycle.
      if (next !== language) {
        language = next;
        void updateBadge(deps);
      }
    }
    if (changesStateView(Object.keys(changes))) popupSnapshotSoon();
  });

  // Alarms are re-created at every worker start; the badge and the popup's snapshot are
  // restored from storage, in the language the user chose. A key whose deadline passed while
  // no worker ran is dropped now; a live one gets its alarm again.
  void scheduleAlarm();
  void lockIfDue();
  void getSettings()
    .then((settings) => (language = settings.language), () => undefined)
    .then(() => {
      popupSnapshotSoon();
      return updateBadge(deps);
    });
});
