/**
 * A kind of task that an existing provider's keys can also watch (CDN refresh and preload):
 * one folder and one registry line. The registry folds each source into the providers whose
 * keys it uses, so the engine, the store and the UI keep seeing one Provider per account and
 * never name a source. An account turns a source on in its settings (opt-in); only then are
 * its host permissions asked for and its actions added to the account's policy.
 */
import type { ApiCall } from './access';
import type { CatalogueKey } from '../i18n/keys';
import type { Account, CapabilityReport, Credentials, FailedItem, Page, ProviderContext, ProviderError, RefreshTogether, Task, Text } from './types';

export interface TaskSource {
  /** Unique and stable (stored in account settings as the opt-in), e.g. 'alibaba-cdn'. */
  id: string;
  /** The provider ids whose keys it uses, e.g. ['alibaba'] or ['dnspod'] (a Tencent Cloud API key). */
  providers: readonly string[];
  /** What the account form's opt-in says, e.g. "CDN refresh and preload tasks". */
  label: Text;
  /** The Task.kind values it owns: refresh, failedItems and consoleUrl of these kinds go to it. */
  kinds: readonly string[];
  /** Host match patterns of its API endpoints, asked for only when an account turns it on. */
  apiHostPatterns: readonly string[];
  /** The calls it makes and the policy action each needs, added to the account's policy when on. */
  calls: readonly ApiCall[];
  /** Console pages (content-script match patterns, as narrow as the manifest allows) that show its tasks. */
  consoleMatches: readonly string[];
  discover(cred: Credentials, ctx: ProviderContext): Promise<Task[]>;
  refresh(cred: Credentials, task: Task, ctx: ProviderContext): Promise<Task>;
  /** Its tasks asked for several a call (see RefreshTogether); without it, one refresh a task. */
  refreshTasks?: RefreshTogether;
  /** One page of failed items (URLs with the provider's reason); page starts at 1. */
  failedItems(cred: Credentials, task: Task, page: number, ctx: ProviderContext): Promise<Page<FailedItem>>;
  /** One report per capability it needs (e.g. "CDN refresh tasks": works / missing permission). */
  testConnection(cred: Credentials, ctx: ProviderContext): Promise<CapabilityReport[]>;
  consoleUrl(task: Task, account: Account): string;
  /** Its own sentence for an error, where the provider's would mislead; undefined to use the provider's. */
  describeError?(err: ProviderError): Text | undefined;
}

/**
 * A source's console pages as the content scripts and the page classification see them. It
 * imports nothing, so a console's content script (which bundles CONSOLE_MATCHES) carries none
 * of the source's code; registered in ./source-consoles.ts, and the source's consoleMatches
 * are these matches (test/unit/providers/sources.test.ts checks the two agree).
 */
export interface SourceConsole {
  /** The TaskSource's id. */
  source: string;
  /** The provider ids whose console family these pages belong to (the TaskSource's providers). */
  providers: readonly string[];
  /** Content-script match patterns, as narrow as the manifest allows. */
  matches: readonly string[];
  /** The task kinds these pages show: on them, the panel lists those tasks first. */
  kinds: readonly string[];
  /** Each kind's display name in the catalogue ("Refresh URLs"): the popup's rows and its kind filter say it. */
  kindNames: Readonly<Record<string, CatalogueKey>>;
  /** The page's name ('alicdn-refresh') when this URL is one of these pages, else undefined. */
  page(url: URL): string | undefined;
  /**
   * For a console whose routes live in the URL's fragment (its content script runs on every
   * route, as match patterns cannot see fragments): whether this URL is on another of its
   * routes, where the panel is hidden and no task id is read.
   */
  otherRoute?(url: URL): boolean;
}
