/**
 * The fake cloud answers the providers' real hostnames in e2e tests and in `npm run demo`
 * (through Playwright's context.route, which also sees the service worker's fetches), and
 * in unit tests (as a `fetch`). One module per provider implements FakeProviderCloud; the
 * router in ./index.ts dispatches by host and records every request.
 */
export interface FakeRequest {
  method: string;
  url: URL;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
}

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

export interface RequestRecord {
  provider: string;
  method: string;
  url: string;
  /** The API operation (e.g. 'ListBatchOperationTasks', 'DescribeBatchResultCount'). */
  operation: string;
  /** Whether the signature matched what the official SDK signer computes. */
  signatureValid: boolean;
  status: number;
  /** The User-Agent the request carried, where the fake checks it (DNSPod's legacy API). */
  userAgent?: string;
}

export interface FakeClock {
  /** Epoch ms the fake cloud believes it is (may be skewed on purpose in a scenario). */
  now(): number;
}

export interface FakeProviderCloud {
  provider: string;
  /** Does this fake own that hostname? */
  ownsHost(host: string): boolean;
  /**
   * Verifies the signature with the official SDK's signer, answers like the real API
   * (including the provider's real error shapes) and says what it saw.
   */
  handle(req: FakeRequest, clock: FakeClock): Promise<{ response: FakeResponse; record: Omit<RequestRecord, 'provider' | 'url' | 'method' | 'status'> }>;
}
