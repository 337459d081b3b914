import { useState } from 'preact/hooks';
import { INVITATION_STATUS_WORDS } from '../../../domain/wording.js';
import type { LinkDetail } from '../../shared/api.js';
import { Alert, Badge, Notice, TableScroll } from '../../shared/components.js';
import { when, wordOf } from '../../shared/format.js';
import { useBusy, useMounted } from '../../shared/forms.js';
import { gov } from '../api.js';
import { useGovernance } from '../context.js';
import { RevokeButton } from './RevokeButton.js';

/** The link's invitations, newest first; a pending one can be revoked, and a new one issued (which revokes it). */
export function Invitations({ link, onChanged }: { link: LinkDetail; onChanged(): Promise<void> }) {
  const g = useGovernance();
  const mounted = useMounted();
  const [notice, setNotice] = useState('');
  const [error, setError] = useState('');
  const [issuing, run] = useBusy();
  const invitations = [...link.invitations].sort((a, b) => String(b.issuedAt).localeCompare(String(a.issuedAt)));

  const revoke = async (invitationId: string) => {
    setNotice('');
    setError('');
    const r = await gov.revokeInvitation(invitationId);
    if (!r.ok) return setError(r.error.message);
    setNotice('The invitation is revoked; its link no longer works.');
    await onChanged();
  };
  const issue = async () => {
    setNotice('');
    setError('');
    const r = await gov.issueInvitation(link.id);
    if (!r.ok) return setError(r.error.message);
    setNotice('A new invitation is on its way; any pending one is revoked.');
    // The invitation workflow records it a moment later.
    await new Promise((done) => setTimeout(done, 1000));
    if (mounted.current) await onChanged();
  };

  return (
    <>
      <h4 id="link-invitations-title">Invitations</h4>
      <TableScroll name="Invitations of the link">
        <table aria-labelledby="link-invitations-title">
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col">Issued by</th>
              <th scope="col">Issued at</th>
              <th scope="col">Expires at</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody id="link-invitations" data-testid="invitations">
            {invitations.map((inv) => (
              <tr key={inv.id} data-invitation-id={inv.id} data-testid="invitation-row">
                <td>
                  <Badge tone={inv.status}>{wordOf(INVITATION_STATUS_WORDS, inv.status)}</Badge>
                </td>
                <td>{inv.issuedByName || (inv.issuedBy === g.me.id ? g.me.name : inv.issuedBy || '—')}</td>
                <td>{when(inv.issuedAt)}</td>
                <td>{when(inv.expiresAt)}</td>
                <td>
                  {inv.status === 'pending' && (
                    <RevokeButton label={`Revoke the invitation issued ${when(inv.issuedAt)}`} testid="revoke-invitation" onRevoke={() => revoke(inv.id)} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <p id="invitations-empty" class="muted" hidden={invitations.length > 0}>
        No invitation was issued yet.
      </p>
      {link.status === 'active' && (
        <div class="actions">
          <button type="button" id="issue-invitation" disabled={issuing} onClick={() => run(issue)}>
            Issue new invitation
          </button>
        </div>
      )}
      <Notice id="invitation-notice">{notice}</Notice>
      <Alert id="invitation-error">{error}</Alert>
    </>
  );
}
