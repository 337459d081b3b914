import type { Actor } from '../actor.js';
import type { ServiceClient } from '../client.js';
import type { Body, Plain } from '../messages.js';
import { type AuditQuery, AuditQuerySchema, type AuditTrailValid } from '../../proto/gen/extranet/v1/common_pb.js';
import type { CreatePortalUserRequest, SecuritySettingsRequest } from '../../proto/gen/extranet/v1/governance_pb.js';
import type {
  ActivationValid,
  ChangeEmployeeRequest,
  ChannelLinkListValid,
  ChannelLinkValid,
  ConsumeRateLimitRequest,
  CurrentEmployeeSessionValid,
  CurrentSessionValid,
  DeliveryRecordedValid,
  EmployeeListValid,
  EmployeeSessionValid,
  EmployeeValid,
  FirstSignInsValid,
  InvitationDeliveryValid,
  InvitationListValid,
  InvitationOfTokenValid,
  InvitationTokenRequest,
  InvitationValid,
  PasswordChangedValid,
  ConfirmPasswordRequest,
  PasswordConfirmedValid,
  PortalUserValid,
  RateLimitConsumedValid,
  RecordedInvitationValid,
  RecordInvitationRequest,
  RevokedChannelLinksValid,
  RevokedInvitationsValid,
  SecuritySettingsValid,
  SessionEndedValid,
  SessionListValid,
  SessionsEndedValid,
  SessionTokensValid,
  UserListValid,
} from '../../proto/gen/extranet/v1/identity_pb.js';
import type { ActivateRequest, ChangePasswordRequest, ChannelLinkRequest, LoginRequest } from '../../proto/gen/extranet/v1/portal_pb.js';
import type {
  NotificationListValid,
  NotificationSettings,
  NotificationSettingsValid,
  RecordBatchRequest,
  RecordedBatchValid,
  TelegramBindRequest,
  ChannelLinkSearch,
  WidgetKeyRequest,
  WidgetKeyValid,
  WidgetKeyCheck,
  WidgetKeyOwnerValid,
} from '../../proto/gen/extranet/v1/notifications_pb.js';
import { queryString, segment } from './http.js';

/** Whose notifications: a portal user (client) or an employee. */
export type Addressee = { recipientId: string; audience: 'client' | 'employee' };
const addressee = (to: Addressee) => `?recipientId=${segment(to.recipientId)}&audience=${to.audience}`;

/** A client session, named by its token: it travels in a header, never in a path or a body. */
const session = (token: string, more: Record<string, string> = {}) => ({ 'x-session-token': token, ...more });

/** The identity service's contract (proto/extranet/v1/identity.proto), one method per rpc. */
export function identityClient(service: ServiceClient) {
  const invitation = (invitationId: string) => `/invitations/${segment(invitationId)}`;
  return {
    /** This process acting on its own behalf. */
    system: service.system,

    // Portal users.
    users: (actor: Actor, q: string) => service.get<Plain<UserListValid>>(actor, `/users?q=${segment(q)}`),
    createUser: (actor: Actor, body: Body<CreatePortalUserRequest>) => service.post<Plain<PortalUserValid>>(actor, '/users', body),
    user: (actor: Actor, userId: string) => service.get<Plain<PortalUserValid>>(actor, `/users/${segment(userId)}`),
    /** When each of these portal users first signed in (missing: never). */
    firstSignIns: (actor: Actor, userIds: string[]) => service.post<Plain<FirstSignInsValid>>(actor, '/users/first-sign-ins', { userIds }),

    // Employees and their sessions.
    employees: (actor: Actor) => service.get<Plain<EmployeeListValid>>(actor, '/employees'),
    changeEmployee: (actor: Actor, employeeId: string, body: Body<ChangeEmployeeRequest>) =>
      service.post<Plain<EmployeeValid>>(actor, `/employees/${segment(employeeId)}`, body),
    startEmployeeSession: (actor: Actor, subject: string) => service.post<Plain<EmployeeSessionValid>>(actor, '/employee-sessions', { subject }),
    currentEmployeeSession: (actor: Actor, token: string) =>
      service.call<Plain<CurrentEmployeeSessionValid>>(actor, 'GET', '/employee-sessions/current', undefined, session(token)),
    endEmployeeSession: (actor: Actor, token: string) =>
      service.call<Plain<SessionEndedValid>>(actor, 'POST', '/employee-sessions/current/end', {}, session(token)),

    // Client sessions.
    signIn: (actor: Actor, body: Body<LoginRequest>) => service.post<Plain<SessionTokensValid>>(actor, '/sessions', body),
    /** The live session of a token, with its user; a ServiceError 401 when it ended or expired. */
    currentSession: (actor: Actor, token: string) => service.call<Plain<CurrentSessionValid>>(actor, 'GET', '/sessions/current', undefined, session(token)),
    endSession: (actor: Actor, token: string) => service.call<Plain<SessionEndedValid>>(actor, 'POST', '/sessions/current/end', {}, session(token)),
    refreshSession: (actor: Actor, refreshToken: string) => service.post<Plain<SessionTokensValid>>(actor, '/sessions/refresh', { refreshToken }),
    changePassword: (actor: Actor, token: string, body: Body<ChangePasswordRequest>) =>
      service.call<Plain<PasswordChangedValid>>(actor, 'POST', '/password', body, session(token)),
    /** The signed-in client confirms it is them (a ServiceError 400 `wrong_password`; it counts toward the lockout). */
    confirmPassword: (actor: Actor, token: string, body: Body<ConfirmPasswordRequest>) =>
      service.call<Plain<PasswordConfirmedValid>>(actor, 'POST', '/sessions/current/confirm-password', body, session(token)),
    sessions: (actor: Actor, userId: string) => service.get<Plain<SessionListValid>>(actor, `/sessions?userId=${segment(userId)}`),
    endSessionsOfUser: (actor: Actor, userId: string, reason: string) =>
      service.post<Plain<SessionsEndedValid>>(actor, `/users/${segment(userId)}/sessions/end`, { reason }),

    // Invitations.
    recordInvitation: (actor: Actor, input: Plain<RecordInvitationRequest>) => service.post<Plain<RecordedInvitationValid>>(actor, '/invitations', input),
    invitations: (actor: Actor, linkId: string) => service.get<Plain<InvitationListValid>>(actor, `/invitations?linkId=${segment(linkId)}`),
    invitation: (actor: Actor, invitationId: string) => service.get<Plain<InvitationValid>>(actor, invitation(invitationId)),
    prepareDelivery: (actor: Actor, invitationId: string, linkId: string) =>
      service.post<Plain<InvitationDeliveryValid>>(actor, `${invitation(invitationId)}/delivery`, { linkId }),
    recordDelivered: (actor: Actor, invitationId: string) => service.post<Plain<DeliveryRecordedValid>>(actor, `${invitation(invitationId)}/delivered`),
    expireInvitation: (actor: Actor, invitationId: string) => service.post<Plain<InvitationValid>>(actor, `${invitation(invitationId)}/expire`),
    revokeInvitation: (actor: Actor, invitationId: string) => service.post<Plain<InvitationValid>>(actor, `${invitation(invitationId)}/revoke`),
    revokePendingInvitations: (actor: Actor, linkId: string) =>
      service.post<Plain<RevokedInvitationsValid>>(actor, `/links/${segment(linkId)}/invitations/revoke-pending`),
    invitationOfToken: (actor: Actor, body: Body<InvitationTokenRequest>) => service.post<Plain<InvitationOfTokenValid>>(actor, '/invitations/by-token', body),
    activate: (actor: Actor, body: Body<ActivateRequest>) => service.post<Plain<ActivationValid>>(actor, '/activations', body),

    // Channel links.
    createChannelLink: (actor: Actor, owner: { sessionToken: string; linkId: string }, body: Body<ChannelLinkRequest>) =>
      service.call<Plain<ChannelLinkValid>>(actor, 'POST', '/channel-links', body, session(owner.sessionToken, { 'x-link-id': owner.linkId })),
    searchChannelLinks: (actor: Actor, body: Plain<ChannelLinkSearch>) => service.post<Plain<ChannelLinkListValid>>(actor, '/channel-links/search', body),
    channelLinks: (actor: Actor, linkId: string) => service.get<Plain<ChannelLinkListValid>>(actor, `/channel-links?linkId=${segment(linkId)}`),
    channelLink: (actor: Actor, channelLinkId: string) => service.get<Plain<ChannelLinkValid>>(actor, `/channel-links/${segment(channelLinkId)}`),
    revokeChannelLink: (actor: Actor, channelLinkId: string) => service.post<Plain<ChannelLinkValid>>(actor, `/channel-links/${segment(channelLinkId)}/revoke`),
    revokeChannelLinksOfLink: (actor: Actor, linkId: string) =>
      service.post<Plain<RevokedChannelLinksValid>>(actor, `/links/${segment(linkId)}/channel-links/revoke-all`),

    // Notifications: each recipient's feed and settings (the gateway names the signed-in recipient), and the worker's batches.
    recordNotificationBatch: (actor: Actor, body: Plain<RecordBatchRequest>) => service.post<Plain<RecordedBatchValid>>(actor, '/notifications/batches', body),
    notificationBatchSent: (actor: Actor, batchId: string, recipientId: string, channel: 'email' | 'telegram') =>
      service.post<{ recorded: boolean }>(actor, `/notifications/batches/${segment(batchId)}/sent`, { recipientId, channel }),
    /** A pending Telegram connection of the signed-in client's link, with its one-time code (the plain code is answered once). */
    telegramCode: (actor: Actor, owner: { sessionToken: string; linkId: string }) =>
      service.call<{ code: string; expiresAt: string }>(
        actor,
        'POST',
        '/channel-links/telegram-code',
        {},
        session(owner.sessionToken, { 'x-link-id': owner.linkId }),
      ),
    /** A website widget's key for the signed-in client's sites (answered once). */
    widgetKey: (actor: Actor, owner: { sessionToken: string; linkId: string }, body: Plain<WidgetKeyRequest>) =>
      service.call<Plain<WidgetKeyValid>>(actor, 'POST', '/channel-links/widget', body, session(owner.sessionToken, { 'x-link-id': owner.linkId })),
    /** Whose active widget this key is, when the post comes from one of its sites (404 otherwise). */
    checkWidgetKey: (actor: Actor, body: Plain<WidgetKeyCheck>) => service.post<Plain<WidgetKeyOwnerValid>>(actor, '/channel-links/widget/check', body),
    /** The bot received /start <code> from a chat: the pending connection becomes active for that chat (404 for an unknown or used code). */
    bindTelegram: (actor: Actor, body: Plain<TelegramBindRequest>) => service.post<Plain<ChannelLinkValid>>(actor, '/channel-links/telegram-bind', body),
    notifications: (actor: Actor, to: Addressee) => service.get<Plain<NotificationListValid>>(actor, `/notifications${addressee(to)}`),
    markNotificationsRead: (actor: Actor, to: Addressee, ids?: string[]) =>
      service.post<{ marked: number }>(actor, `/notifications/read${addressee(to)}`, ids ? { ids } : {}),
    notificationSettings: (actor: Actor, to: Addressee) => service.get<Plain<NotificationSettingsValid>>(actor, `/notification-settings${addressee(to)}`),
    changeNotificationSettings: (actor: Actor, to: Addressee, body: Body<NotificationSettings>) =>
      service.post<Plain<NotificationSettingsValid>>(actor, `/notification-settings${addressee(to)}`, body),

    // The Security block, attempt limits, the audit log.
    securitySettings: (actor: Actor) => service.get<Plain<SecuritySettingsValid>>(actor, '/security-settings'),
    changeSecuritySettings: (actor: Actor, body: Body<SecuritySettingsRequest>) =>
      service.post<Plain<SecuritySettingsValid>>(actor, '/security-settings', body),
    /** One attempt; a ServiceError 429 once the limit is reached. */
    consumeRateLimit: (actor: Actor, input: Plain<ConsumeRateLimitRequest>) =>
      service.post<Plain<RateLimitConsumedValid>>(actor, '/rate-limits/consume', input),
    audit: (actor: Actor, query: Plain<AuditQuery>) => service.get<Plain<AuditTrailValid>>(actor, `/audit${queryString(AuditQuerySchema, query)}`),
  };
}

export type IdentityClient = ReturnType<typeof identityClient>;
