/** The portal's client (/api/portal, clients). */
import type { ChannelKind } from '../../../domain/vocabulary.js';
import { type ApiResult, enc, exchange, upload } from './http.js';
import type {
  ActivationInfo,
  ChannelLink,
  ClientDocument,
  ClientPipeline,
  ClientRequest,
  NewClientRequest,
  Note,
  PortalMe,
  RequestMessage,
  RequestMessageInput,
} from './portal-types.js';
import type { Attachment, Channel, ChannelMessageInput } from './shapes.js';
import type { ClientDocumentCard, DocumentResponseInput } from './document-types.js';
import type { NotificationList, NotificationSetting, NotificationSettings } from './notification-types.js';

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

  /** One attempt, and on a 401 a second one after the session is renewed. */
  async function withRenewal<T>(attempt: () => Promise<ApiResult<T>>, renewal: Renewal = 'renew'): Promise<ApiResult<T>> {
    const before = renewals;
    const r = await attempt();
    if (r.status !== 401 || renewal === 'once') return r;
    // Another call renewed the session meanwhile: retry with the new token at once.
    if (renewals !== before || (await renew())) return attempt();
    return r;
  }

  const call = <T>(path: string, body?: unknown, renewal: Renewal = 'renew') => withRenewal(() => exchange<T>(`/api/portal${path}`, body), renewal);
  const remove = <T>(path: string) => withRenewal(() => exchange<T>(`/api/portal${path}`, {}, 'DELETE'));
  const request = (id: string) => `/requests/${enc(id)}`;
  const channel = (companyId: string) => `/companies/${enc(companyId)}/channel/messages`;
  const doc = (id: string) => `/documents/${enc(id)}`;

  return {
    /** A new account sets a password; an existing one accepts the invitation with its own. */
    activationInfo: (token: string) => call<ActivationInfo>('/activation-info', { token }, 'once'),
    activate: (body: { token: string; password: string }) => call<{ signedIn: true; userId: string }>('/activate', body, 'once'),
    login: (body: { login: string; password: string }) => call<{ signedIn: true; userId: string }>('/login', body, 'once'),
    logout: () => call<{ signedOut: true }>('/logout', {}, 'once'),
    me: () => call<PortalMe>('/me'),
    changePassword: (body: { currentPassword: string; newPassword: string }) => call<unknown>('/password', body),
    pipelines: () => call<{ pipelines: ClientPipeline[] }>('/pipelines'),

    // Requests: the list (without fields and files), one request (with them), its conversation and the client's private notes.
    requests: () => call<{ requests: ClientRequest[] }>('/requests'),
    createRequest: (body: NewClientRequest) => call<ClientRequest>('/requests', body),
    request: (id: string) => call<ClientRequest>(request(id)),
    messages: (requestId: string) => call<{ messages: RequestMessage[] }>(`${request(requestId)}/messages`),
    sendMessage: (requestId: string, body: RequestMessageInput) => call<RequestMessage>(`${request(requestId)}/messages`, body),
    notes: (requestId: string) => call<{ notes: Note[] }>(`${request(requestId)}/notes`),
    addNote: (requestId: string, text: string) => call<{ notes: Note[] }>(`${request(requestId)}/notes`, { text }),
    deleteNote: (requestId: string, noteId: string) => remove<{ notes: Note[] }>(`${request(requestId)}/notes/${enc(noteId)}`),

    // A company's general channel (the general-chat permission), with its call link where calls are allowed.
    channel: (companyId: string) => call<Channel>(channel(companyId)),
    postChannel: (companyId: string, body: ChannelMessageInput) => call<Channel>(channel(companyId), body),

    // Files: uploaded first, then their ids sent with a request or a message.
    upload: (file: File) => withRenewal(() => upload<Attachment>('/api/portal/attachments', file)),
    deleteAttachment: (id: string) => remove<{ deleted: true }>(`/attachments/${enc(id)}`),
    /** Where a file downloads from (a plain link). */
    attachmentUrl: (id: string) => `/api/portal/attachments/${enc(id)}`,

    // Documents published for the client (the documents permission): the card, their responses, the file a document asks for.
    documents: () => call<{ documents: ClientDocument[] }>('/documents'),
    document: (id: string) => call<ClientDocumentCard>(doc(id)),
    respond: (id: string, body: DocumentResponseInput) => call<ClientDocumentCard>(`${doc(id)}/responses`, body),
    /** Signs the latest version (when its actions include 'sign'); the password is asked again. */
    sign: (id: string, password: string) => call<ClientDocumentCard>(`${doc(id)}/signature`, { password }),
    /** The file the document asks for (when its actions include 'attach'). */
    attachToDocument: (id: string, file: File) => withRenewal(() => upload<ClientDocumentCard>(`/api/portal${doc(id)}/attachments`, file)),
    /** Where a document's file downloads from; `inline` shows a PDF or an image in the browser instead. */
    documentFileUrl: (id: string, fileId: string, inline = false) => `/api/portal${doc(id)}/files/${enc(fileId)}${inline ? '?inline=1' : ''}`,
    connectChannel: (body: { kind: ChannelKind; externalRef: string }) => call<ChannelLink>('/channel-links', body),
    /** A website widget's key for the client's sites (shown once). */
    widgetKey: (origins: string[]) => call<{ channelLinkId: string; key: string; origins: string[] }>('/channel-links/widget', { origins }),
    /** A one-time code to send the bot as /start <code>; the bot's webhook then connects that chat. */
    telegramCode: () => call<{ code: string; botName: string; expiresAt: string }>('/channel-links/telegram', {}),

    // Notifications: the feed (newest 50, with the unread count), marking read (the ones named, or all), which kinds come by email.
    notifications: () => call<NotificationList>('/notifications'),
    markNotificationsRead: (ids?: string[]) => call<{ marked: number }>('/notifications/read', ids ? { ids } : {}),
    notificationSettings: () => call<NotificationSettings>('/notification-settings'),
    changeNotificationSettings: (settings: NotificationSetting[]) => call<NotificationSettings>('/notification-settings', { settings }),
  };
}

export type PortalApi = ReturnType<typeof createPortalApi>;
