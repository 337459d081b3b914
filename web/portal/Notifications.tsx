import { CLIENT_NOTIFICATION_KINDS } from '../../domain/vocabulary.js';
import { type LinkOf, NotificationFeed, NotificationSettingsForm } from '../shared/notifications.js';
import { api } from './api.js';
import { usePortal } from './context.js';

const DOCUMENT_URL = /^\/extranet\/documents\/([0-9a-f-]{36})$/i;

/**
 * The client's notifications near the top of the home: the feed (a document's
 * item opens its card in Documents below) and which kinds come by email.
 */
export function Notifications() {
  const portal = usePortal();
  const linkOf: LinkOf = (url) => {
    const id = DOCUMENT_URL.exec(url)?.[1];
    return id ? { label: 'Open the document', href: url, open: () => portal.openDocument(id) } : null;
  };
  return (
    <>
      <NotificationFeed calls={api} failed={portal.failed} linkOf={linkOf} />
      <NotificationSettingsForm calls={api} failed={portal.failed} kinds={CLIENT_NOTIFICATION_KINDS} />
    </>
  );
}
