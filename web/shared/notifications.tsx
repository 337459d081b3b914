/**
 * The signed-in person's notifications as both apps show them: the feed with
 * its unread count (read again every 30 seconds). Each app gives its own calls
 * and says where an item's url leads. Which kinds also come by email or on
 * Telegram is in notification-settings.tsx.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ApiResult, NotificationList, NotificationSetting, NotificationSettings } from './api.js';
import { Alert, Badge, Notice } from './components.js';
import { when } from './format.js';
import { useBusy, useLatest } from './forms.js';

/** The feed is read again this often while it is shown (and the page is visible). */
export const NOTIFICATIONS_POLL_MS = 30_000;

/** The notification calls of either client (`api` or `gov`). */
export interface NotificationCalls {
  notifications(): Promise<ApiResult<NotificationList>>;
  markNotificationsRead(ids?: string[]): Promise<ApiResult<{ marked: number }>>;
  notificationSettings(): Promise<ApiResult<NotificationSettings>>;
  changeNotificationSettings(settings: NotificationSetting[]): Promise<ApiResult<NotificationSettings>>;
}

/** Whether a call failed; an app may do more (the portal signs out on a 401). */
export type Failed = <T>(r: ApiResult<T>) => r is Extract<ApiResult<T>, { ok: false }>;
export const failedCall: Failed = <T,>(r: ApiResult<T>): r is Extract<ApiResult<T>, { ok: false }> => !r.ok;

/** Where an item's url leads in this app, or null when it only shows: the link's text, its address, and what a click does instead of loading a page. */
export type LinkOf = (url: string) => { label: string; href: string; open(): void } | null;

type Heading = 'h2' | 'h3';

/** The newest notifications, the unread ones marked, with Refresh, Mark all as read and Mark as read per item. */
export function NotificationFeed({
  calls,
  failed = failedCall,
  heading: H = 'h3',
  linkOf,
  onUnread,
  visit = 0,
}: {
  calls: NotificationCalls;
  failed?: Failed;
  heading?: Heading;
  linkOf?: LinkOf;
  /** Told the unread count each time the feed is read. */
  onUnread?(unread: number): void;
  /** Read again each time this changes (a section shown again). */
  visit?: number;
}) {
  const latest = useLatest();
  const [busy, run] = useBusy();
  const [feed, setFeed] = useState<NotificationList | null>(null);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  // The app's failure handler may be new on each render: the latest one is used, the polling is not restarted.
  const failure = useRef(failed);
  failure.current = failed;
  const told = useRef(onUnread);
  told.current = onUnread;
  const title = useRef<HTMLHeadingElement>(null);

  const load = useCallback(async () => {
    const fresh = latest();
    const r = await calls.notifications();
    if (!fresh()) return;
    if (failure.current(r)) return setError(r.error.message);
    setError('');
    setFeed(r.data);
    told.current?.(r.data.unread);
  }, [calls, latest]);

  // read at once, on each visit, and every 30 seconds while mounted and the page is visible
  useEffect(() => {
    void load();
  }, [load, visit]);
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState !== 'hidden') void load();
    }, NOTIFICATIONS_POLL_MS);
    return () => clearInterval(timer);
  }, [load]);

  const markRead = (ids?: string[]) =>
    run(async () => {
      setNotice('');
      const r = await calls.markNotificationsRead(ids);
      if (failure.current(r)) return setError(r.error.message);
      setNotice(ids ? 'The notification is marked as read.' : 'All notifications are marked as read.');
      await load();
      // The item's button is gone with its unread state: the focus goes back to the feed's heading rather than to the page.
      if (!document.activeElement || document.activeElement === document.body) title.current?.focus();
    });

  const unread = feed?.unread ?? 0;
  return (
    <section id="notifications-section" class="card" aria-labelledby="notifications-title" data-testid="notifications-card">
      <div class="notifications-head">
        <H id="notifications-title" ref={title} tabIndex={-1}>
          Notifications{' '}
          <span id="notifications-unread" class="muted" data-testid="notifications-unread" data-unread={feed ? unread : undefined}>
            {feed ? `(${unread} unread)` : ''}
          </span>
        </H>
        <div class="notifications-actions">
          <button type="button" id="notifications-refresh" class="secondary" disabled={busy} onClick={() => run(load)}>
            Refresh
          </button>
          <button type="button" id="notifications-mark-all" class="secondary" disabled={busy || !unread} onClick={() => markRead()}>
            Mark all as read
          </button>
        </div>
      </div>
      <Alert id="notifications-error" testid="notifications-error">
        {error}
      </Alert>
      <Notice id="notifications-notice" testid="notifications-notice">
        {notice}
      </Notice>
      <ul id="notifications" class="plain notifications" aria-labelledby="notifications-title" data-testid="notifications">
        {feed?.notifications.map((n) => {
          const isUnread = !n.readAt;
          const link = linkOf?.(n.url) ?? null;
          return (
            <li
              key={n.id}
              class={isUnread ? 'notification unread' : 'notification'}
              data-testid="notification-item"
              data-notification-id={n.id}
              data-kind={n.kind}
              data-unread={isUnread ? 'true' : 'false'}
            >
              <p class="notification-title">
                <strong id={`notification-${n.id}-title`}>{n.title}</strong>
                {isUnread && <Badge tone="unread">Unread</Badge>}
              </p>
              {n.body && <p class="notification-body">{n.body}</p>}
              <div class="notification-meta">
                <time class="muted" dateTime={n.createdAt}>
                  {when(n.createdAt)}
                </time>
                {link && (
                  <a
                    href={link.href}
                    aria-describedby={`notification-${n.id}-title`}
                    data-testid="notification-link"
                    onClick={(e) => {
                      e.preventDefault();
                      link.open();
                      if (isUnread) void markRead([n.id]);
                    }}
                  >
                    {link.label}
                  </a>
                )}
                {isUnread && (
                  <button
                    type="button"
                    class="link"
                    aria-describedby={`notification-${n.id}-title`}
                    data-testid="notification-mark-read"
                    disabled={busy}
                    onClick={() => markRead([n.id])}
                  >
                    Mark as read
                  </button>
                )}
              </div>
            </li>
          );
        })}
      </ul>
      <p id="notifications-empty" class="muted" hidden={feed?.notifications.length !== 0}>
        No notifications yet.
      </p>
    </section>
  );
}
