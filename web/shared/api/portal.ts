/** The portal's client (/api/portal, clients). */
import type { ChannelKind } from '../../../domain/vocabulary.js';
import { type ApiResult, enc, exchange } from './http.js';
import type { ActivationInfo, ChannelLink, ClientDocument, ClientRequest, NewClientRequest, PortalMe, RequestMessage } from './portal-types.js';
import type { Pipeline } from './shapes.js';

/** Calls that never renew the session: signing in and out, and the renewal itself. */
type Renewal = 'renew' | 'once';

/**
 * The portal's client. The access token is short-lived: on a 401 the session is
 * renewed once with the refresh token and the call retried. Concurrent calls
 * share one renewal, because presenting the same refresh token twice ends the
 * whole session (reuse detection).
 */
export function createPortalApi() {
  let renewals = 0;
  let renewing: Promise<boolean> | null = null;

  function renew(): Promise<boolean> {
    if (!renewing) {
      const current = exchange<{ refreshed: true }>('/api/portal/refresh', {}).then((r) => {
        if (r.ok) renewals++;
        return r.ok;
      });
      renewing = current;
      void current.finally(() => {
        if (renewing === current) renewing = null;
      });
    }
    return renewing;
  }

  async function call<T>(path: string, body?: unknown, renewal: Renewal = 'renew'): Promise<ApiResult<T>> {
    const before = renewals;
    const r = await exchange<T>(`/api/portal${path}`, body);
    if (r.status !== 401 || renewal === 'once') return r;
    // Another call renewed the session meanwhile: retry with the new token at once.
    if (renewals !== before || (await renew())) return exchange<T>(`/api/portal${path}`, body);
    return r;
  }

  return {
    /** A new account sets a password; an existing one accepts the invitation with its own. */
    activationInfo: (token: string) => call<ActivationInfo>('/activation-info', { token }, 'once'),
    activate: (body: { token: string; password: string }) => call<{ signedIn: true; userId: string }>('/activate', body, 'once'),
    login: (body: { login: string; password: string }) => call<{ signedIn: true; userId: string }>('/login', body, 'once'),
    logout: () => call<{ signedOut: true }>('/logout', {}, 'once'),
    me: () => call<PortalMe>('/me'),
    changePassword: (body: { currentPassword: string; newPassword: string }) => call<unknown>('/password', body),
    pipelines: () => call<{ pipelines: Pipeline[] }>('/pipelines'),
    requests: () => call<{ requests: ClientRequest[] }>('/requests'),
    createRequest: (body: NewClientRequest) => call<ClientRequest>('/requests', body),
    request: (id: string) => call<ClientRequest>(`/requests/${enc(id)}`),
    messages: (requestId: string) => call<{ messages: RequestMessage[] }>(`/requests/${enc(requestId)}/messages`),
    sendMessage: (requestId: string, body: { body: string }) => call<RequestMessage>(`/requests/${enc(requestId)}/messages`, body),
    documents: () => call<{ documents: ClientDocument[] }>('/documents'),
    connectChannel: (body: { kind: ChannelKind; externalRef: string }) => call<ChannelLink>('/channel-links', body),
  };
}

export type PortalApi = ReturnType<typeof createPortalApi>;
