import { EMPLOYEE_NOTIFICATION_KINDS } from '../../domain/vocabulary.js';
import { NotificationSettingsForm } from '../shared/notification-settings.js';
import { type LinkOf, NotificationFeed } from '../shared/notifications.js';
import { gov } from './api.js';
import { SECTION_NAMES, SECTIONS, type SectionProps, useGovernance } from './context.js';

const SECTION_URL = /^\/extranet-governance#([a-z]+)$/;

/**
 * The employee's notifications: new client requests and messages in the
 * requests they take part in, clients answering their documents; and which of
 * these also come by email (employees have no Telegram). An item's link shows
 * its section.
 */
export function Notifications({ active, visit, onUnread }: SectionProps & { onUnread(unread: number): void }) {
  const g = useGovernance();
  const linkOf: LinkOf = (url) => {
    const name = SECTION_URL.exec(url)?.[1];
    const section = SECTIONS.find((s) => s === name);
    return section ? { label: `Go to ${SECTION_NAMES[section]}`, href: url, open: () => g.showSection(section) } : null;
  };
  return (
    <div id="section-notifications" data-section="notifications" hidden={!active}>
      <NotificationFeed calls={gov} heading="h2" linkOf={linkOf} onUnread={onUnread} visit={visit} />
      <NotificationSettingsForm calls={gov} kinds={EMPLOYEE_NOTIFICATION_KINDS} />
    </div>
  );
}
