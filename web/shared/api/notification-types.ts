/** What the notification endpoints of both areas (/api/portal and /api/governance) take and answer. */
import type { NotificationKind } from '../../../domain/vocabulary.js';
import type { DateTime } from './http.js';

/** One item of the signed-in person's feed. */
export interface NotificationItem {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  /** Where to read more: a path in the app (a document's `/extranet/documents/<id>`, `/extranet`, `/extranet-governance#requests`). */
  url: string;
  createdAt: DateTime;
  /** Absent (or null) while unread. */
  readAt?: DateTime | null;
}

/** The newest 50 notifications, newest first, and how many of all are unread. */
export interface NotificationList {
  notifications: NotificationItem[];
  unread: number;
}

/** Whether one kind also comes by email (every kind is in the feed), and by Telegram. */
export interface NotificationSetting {
  kind: NotificationKind;
  email: boolean;
  /** Also through the client's Telegram connections (clients only; false for employees). */
  telegram?: boolean;
}

/** One setting per kind the person receives; a change may send a subset and is answered with them all. */
export interface NotificationSettings {
  settings: NotificationSetting[];
}
