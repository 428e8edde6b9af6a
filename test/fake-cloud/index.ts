/**
 * The router of the fake cloud: dispatches a request to the provider fake that owns its
 * host and keeps a log of everything it saw. Exposed three ways: as a `fetch` (unit tests),
 * as a Playwright route handler (e2e and demo), and as plain `dispatch` (a Firefox proxy).
 */
import type { FakeClock, FakeProviderCloud, FakeRequest, FakeResponse, RequestRecord } from './types';

export * from './types';

export interface FakeCloud {
  readonly records: RequestRecord[];
  clock: FakeClock;
  dispatch(req: FakeRequest): Promise<FakeResponse>;
  /** A drop-in `fetch` for unit tests; unknown hosts fail like a dead network. */
  fetch: typeof fetch;
  /** How many requests the fake has answered for one provider (and operation). */
  count(provider?: string, operation?: string): number;
}

export function createFakeCloud(providers: FakeProviderCloud[], clock: FakeClock = { now: () => Date.now() }): FakeCloud {
  const records: RequestRecord[] = [];
  const cloud: FakeCloud = {
    records,
    clock,
    async dispatch(req) {
      const owner = providers.find((p) => p.ownsHost(req.url.hostname));
      if (!owner) {
        const response = { status: 502, body: `fake cloud: no fake for host ${req.url.hostname}` };
        records.push({ provider: 'none', method: req.method, url: req.url.href, operation: 'unknown', signatureValid: false, status: 502 });
        return response;
      }
      const { response, record } = await owner.handle(req, cloud.clock);
      records.push({ ...record, provider: owner.provider, method: req.method, url: req.url.href, status: response.status });
      return {
        ...response,
        headers: { date: new Date(cloud.clock.now()).toUTCString(), ...response.headers },
      };
    },
    fetch: async (input, init) => {
      const request = new Request(input, init);
      const url = new URL(request.url);
      if (!providers.some((p) => p.ownsHost(url.hostname))) {
        throw new TypeError(`Failed to fetch (fake cloud has no ${url.hostname})`);
      }
      const headers: Record<string, string> = {};
      request.headers.forEach((value, name) => {
        headers[name.toLowerCase()] = value;
      });
      const body = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
      const answer = await cloud.dispatch({ method: request.method, url, headers, body });
      return new Response(answer.body, { status: answer.status, headers: answer.headers });
    },
    count(provider, operation) {
      return records.filter(
        (r) => (provider === undefined || r.provider === provider) && (operation === undefined || r.operation === operation),
      ).length;
    },
  };
  return cloud;
}
