import { CLIENT_NOTIFICATION_KINDS } from '../../domain/vocabulary.js';
import { NotificationSettingsForm } from '../shared/notification-settings.js';
import { type LinkOf, NotificationFeed } from '../shared/notifications.js';
import { api } from './api.js';
import { usePortal } from './context.js';

/** A client's notifications may also come by email, and to their connected Telegram chats where some company of theirs allows Telegram. */
const WITH_TELEGRAM = ['email', 'telegram'] as const;
const EMAIL_ONLY = ['email'] as const;
const DOCUMENT_URL = /^\/extranet\/documents\/([0-9a-f-]{36})$/i;

/**
 * The client's notifications near the top of the home: the feed (a document's
 * item opens its card in Documents below) and which kinds also come by
 * email or on Telegram.
 */
export function Notifications() {
  const portal = usePortal();
  const linkOf: LinkOf = (url) => {
    const id = DOCUMENT_URL.exec(url)?.[1];
    return id ? { label: 'Open the document', href: url, open: () => portal.openDocument(id) } : null;
  };
  const channels = portal.me.companies.some((c) => c.permissions.includes('telegram')) ? WITH_TELEGRAM : EMAIL_ONLY;
  return (
    <>
      <NotificationFeed calls={api} failed={portal.failed} linkOf={linkOf} />
      <NotificationSettingsForm calls={api} channels={channels} failed={portal.failed} kinds={CLIENT_NOTIFICATION_KINDS} />
    </>
  );
}
