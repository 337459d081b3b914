/**
 * Which notification kinds also come by email (both apps) and on Telegram (the
 * portal's clients): the form under the feed. Each app gives its own calls and
 * the channels it offers.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { NotificationKind } from '../../domain/vocabulary.js';
import { NOTIFICATION_KIND_WORDS } from '../../domain/wording.js';
import type { ApiResult, NotificationSetting, NotificationSettings } from './api.js';
import { Alert, Notice, TableScroll } from './components.js';
import { wordOf } from './format.js';
import { Choice, onSubmit, useBusy, useLatest } from './forms.js';
import { type Failed, failedCall, type NotificationCalls } from './notifications.js';

/** Where a notification may also go besides the feed. */
export type NotificationChannel = 'email' | 'telegram';

/** Per channel: its column header, the end of each checkbox's name, the test id of its checkboxes. */
const CHANNELS: Record<NotificationChannel, { header: string; name: string; testid: string }> = {
  email: { header: 'By email', name: 'by email', testid: 'notification-setting' },
  telegram: { header: 'On Telegram', name: 'on Telegram', testid: 'notification-setting-telegram' },
};

/**
 * A checkbox per kind the person receives (`kinds`, in that order) and channel
 * offered (`channels`): ticked, it also comes that way. With email only, a list
 * of checkboxes named by the kind; with more channels, a table, a row per kind
 * and a column per channel, each checkbox named by both ("… — on Telegram").
 */
export function NotificationSettingsForm({
  calls,
  channels = ['email'],
  failed = failedCall,
  heading: H = 'h3',
  kinds,
}: {
  calls: NotificationCalls;
  channels?: readonly NotificationChannel[];
  failed?: Failed;
  heading?: 'h2' | 'h3';
  kinds: readonly NotificationKind[];
}) {
  const [busy, run] = useBusy();
  const latest = useLatest();
  // The settings as the server sent them, by kind: a save sends each back whole, so no channel's choice is lost (a missing one would mean false).
  const [settings, setSettings] = useState<Map<string, NotificationSetting> | null>(null);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const failure = useRef(failed);
  failure.current = failed;
  const emailOnly = channels.length === 1 && channels[0] === 'email';

  const show = (r: ApiResult<NotificationSettings>, saved: string) => {
    if (failure.current(r)) return setError(r.error.message);
    setError('');
    setSettings(new Map(r.data.settings.map((s) => [s.kind, s] as const)));
    setNotice(saved);
  };

  // read once
  useEffect(() => {
    const fresh = latest();
    void calls.notificationSettings().then((r) => fresh() && show(r, ''));
  }, [calls, latest]);

  // The kinds the server answered for this person, in the order given (any other one after them).
  const shown = settings ? [...kinds.filter((k) => settings.has(k)), ...[...settings.keys()].filter((k) => !(kinds as readonly string[]).includes(k))] : [];
  const save = async () => {
    if (!settings) return;
    setNotice('');
    const whole = shown.map((kind) => {
      const s = settings.get(kind)!;
      return { kind: s.kind, email: !!s.email, telegram: !!s.telegram };
    });
    const r = await calls.changeNotificationSettings(whole);
    show(r, emailOnly ? 'Your email settings are saved.' : 'Your notification settings are saved.');
  };

  const box = (kind: string, channel: NotificationChannel, name?: string) => (
    <input
      type="checkbox"
      id={`notification-${channel}-${kind}`}
      name={channel}
      value={kind}
      aria-label={name}
      data-testid={CHANNELS[channel].testid}
      checked={!!settings?.get(kind)?.[channel]}
      onChange={(e) => {
        const checked = e.currentTarget.checked;
        setNotice('');
        setSettings((m) => m && new Map(m).set(kind, { ...m.get(kind)!, [channel]: checked }));
      }}
    />
  );

  return (
    <form
      id="notification-settings"
      class="card"
      noValidate
      aria-labelledby="notification-settings-title"
      data-testid="notification-settings"
      onSubmit={onSubmit(run, save)}
    >
      <H id="notification-settings-title">{emailOnly ? 'Email settings' : 'Notification settings'}</H>
      <p id="notification-settings-hint" class="hint">
        {emailOnly
          ? 'Every notification appears in the list above. Tick the ones you also want by email.'
          : 'Every notification appears in the list above anyway. Tick the ones you also want by email or on Telegram: Telegram messages go to the chats you connected under “Connect Telegram or the website widget”.'}
      </p>
      {!settings && !error && <p class="muted">Loading…</p>}
      {emailOnly ? (
        <fieldset aria-describedby="notification-settings-hint">
          <legend>Email me about</legend>
          {shown.map((kind) => (
            <Choice key={kind} id={`notification-email-${kind}`} label={wordOf(NOTIFICATION_KIND_WORDS, kind)} input={box(kind, 'email')} />
          ))}
        </fieldset>
      ) : (
        shown.length > 0 && (
          <TableScroll name="Notifications by channel">
            <table id="notification-settings-table" aria-describedby="notification-settings-hint" data-testid="notification-settings-table">
              <caption class="visually-hidden">Which notifications also come by email or on Telegram</caption>
              <thead>
                <tr>
                  <th scope="col">Notification</th>
                  {channels.map((c) => (
                    <th key={c} scope="col">
                      {CHANNELS[c].header}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {shown.map((kind) => {
                  const words = wordOf(NOTIFICATION_KIND_WORDS, kind);
                  return (
                    <tr key={kind} data-kind={kind}>
                      <th scope="row">{words}</th>
                      {channels.map((c) => (
                        <td key={c}>
                          <div class="choice">{box(kind, c, `${words} — ${CHANNELS[c].name}`)}</div>
                        </td>
                      ))}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableScroll>
        )
      )}
      <button type="submit" id="notification-settings-save" disabled={busy || !settings}>
        {emailOnly ? 'Save email settings' : 'Save notification settings'}
      </button>
      <Alert id="notification-settings-error" testid="notification-settings-error">
        {error}
      </Alert>
      <Notice id="notification-settings-notice" testid="notification-settings-notice">
        {notice}
      </Notice>
    </form>
  );
}
