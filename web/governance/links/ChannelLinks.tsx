import { useState } from 'preact/hooks';
import { CHANNEL_KIND_WORDS } from '../../../domain/wording.js';
import type { ChannelLink } from '../../shared/api.js';
import { Alert, Badge, Notice, TableScroll } from '../../shared/components.js';
import { humanize, when } from '../../shared/format.js';
import { gov } from '../api.js';
import { RevokeButton } from './RevokeButton.js';

/** The client's Telegram and widget connections; an active one can be revoked. */
export function ChannelLinks({ channels, onChanged }: { channels: ChannelLink[]; onChanged(): Promise<void> }) {
  const [notice, setNotice] = useState('');
  const [error, setError] = useState('');
  const revoke = async (channelLinkId: string) => {
    setNotice('');
    setError('');
    const r = await gov.revokeChannelLink(channelLinkId);
    if (!r.ok) return setError(r.error.message);
    setNotice('The connection is revoked.');
    await onChanged();
  };
  const kind = (k: string) => CHANNEL_KIND_WORDS[k as keyof typeof CHANNEL_KIND_WORDS]?.label ?? humanize(k);
  return (
    <>
      <h4 id="link-channels-title">Telegram and widget connections</h4>
      <TableScroll name="Connections of the client">
        <table aria-labelledby="link-channels-title">
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Reference</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody id="link-channels" data-testid="channel-links">
            {channels.map((c) => (
              <tr key={c.id} data-channel-link-id={c.id} data-testid="channel-link-row">
                <td>{kind(c.kind)}</td>
                <td>
                  <code>{c.externalRef}</code>
                </td>
                <td>
                  <Badge tone={c.status}>{humanize(c.status)}</Badge>
                </td>
                <td>{when(c.createdAt)}</td>
                <td>
                  {c.status === 'active' && (
                    <RevokeButton label={`Revoke the ${kind(c.kind)} connection ${c.externalRef}`} testid="revoke-channel-link" onRevoke={() => revoke(c.id)} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <p id="channels-empty" class="muted" hidden={channels.length > 0}>
        No connection was made.
      </p>
      <Notice id="channels-notice">{notice}</Notice>
      <Alert id="channels-error">{error}</Alert>
    </>
  );
}
