import type { ClientSession } from '../../shared/api.js';
import { Badge, TableScroll } from '../../shared/components.js';
import { humanize, when } from '../../shared/format.js';

/** The client's portal sessions. */
export function Sessions({ sessions }: { sessions: ClientSession[] }) {
  return (
    <>
      <h4 id="link-sessions-title">Sessions</h4>
      <TableScroll name="Sessions of the client">
        <table aria-labelledby="link-sessions-title">
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col">Signed in</th>
              <th scope="col">Expires</th>
              <th scope="col">Ended</th>
            </tr>
          </thead>
          <tbody id="link-sessions" data-testid="sessions">
            {sessions.map((s) => {
              const expired = !s.endedAt && new Date(s.refreshExpiresAt || s.expiresAt).getTime() < Date.now();
              const label = s.endedAt ? 'ended' : expired ? 'expired' : 'active';
              return (
                <tr key={s.id} data-session-id={s.id} data-testid="session-row">
                  <td>
                    <Badge tone={label === 'ended' ? 'revoked' : label}>{humanize(label)}</Badge>
                  </td>
                  <td>{when(s.createdAt)}</td>
                  <td>{when(s.expiresAt)}</td>
                  <td>{s.endedAt ? `${when(s.endedAt)}${s.endReason ? ` · ${humanize(s.endReason)}` : ''}` : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
      <p id="sessions-empty" class="muted" hidden={sessions.length > 0}>
        The client has not signed in yet.
      </p>
    </>
  );
}
