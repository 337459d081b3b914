import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { CHANNEL_KIND_WORDS, INVITATION_STATUS_WORDS, LINK_STATUS_WORDS } from '../../../domain/wording.js';
import type { ChannelLink, ClientSession, LinkDetail as Link } from '../../shared/api.js';
import { Alert, Badge, Facts, Notice, TableScroll } from '../../shared/components.js';
import { fullName, humanize, when, wordOf } from '../../shared/format.js';
import { useBusy, useLatest, useMounted } from '../../shared/forms.js';
import { gov } from '../api.js';
import { useGovernance } from '../context.js';
import { usePolicyText } from '../impact.js';
import { Diagnostics } from './Diagnostics.js';
import { LinkAccess } from './LinkAccess.js';
import { LinkCompaniesForm } from './LinkCompaniesForm.js';
import { Permissions } from './Permissions.js';

/** One client link: facts, access and lifecycle, companies, onboarding, invitations, sessions, connections; then permissions and diagnostics. */
export function LinkDetail({ id, onLinksChanged }: { id: string; onLinksChanged(): void }) {
  const g = useGovernance();
  const policyText = usePolicyText();
  const latest = useLatest();
  const mounted = useMounted();
  const [link, setLink] = useState<Link | null>(null);
  const [error, setError] = useState('');
  const [loaded, setLoaded] = useState(false);
  // Counts the reads of the link: answers computed before one (diagnostics, view-as, policy editors) start again.
  const [version, setVersion] = useState(0);
  const [accessNotice, setAccessNotice] = useState('');
  const [permissionsNotice, setPermissionsNotice] = useState('');
  const [companiesOpen, setCompaniesOpen] = useState(false);
  const article = useRef<HTMLElement>(null);

  const load = useCallback(async () => {
    const fresh = latest();
    setError('');
    const r = await gov.link(id);
    if (!fresh() || !mounted.current) return;
    setLoaded(true);
    if (!r.ok) {
      setLink(null);
      setError(r.status === 404 ? 'This link does not exist yet; the onboarding may still be creating it. Refresh in a moment.' : r.error.message);
      return;
    }
    setLink(r.data);
    setVersion((v) => v + 1);
    if (r.data.status === 'revoked') setCompaniesOpen(false);
  }, [id, latest, mounted]);

  useEffect(() => {
    void load().then(() => article.current?.scrollIntoView({ block: 'nearest' }));
  }, [load]);

  const [refreshing, run] = useBusy();
  const def = link?.companies.find((c) => c.id === link.defaultCompanyId);
  const changed = async () => {
    await load();
    onLinksChanged();
  };

  return (
    <>
      <article id="link-detail" ref={article} class="card" aria-labelledby="link-detail-title" data-testid="link-detail">
        <div class="actions heading-row">
          <h3 id="link-detail-title">{link ? `${link.user.login} — ${fullName(link.contact)}` : loaded ? 'Link' : 'Loading…'}</h3>
          <button type="button" id="link-refresh" class="secondary" disabled={refreshing} onClick={() => run(load)}>
            Refresh
          </button>
        </div>
        <Alert id="link-error">{error}</Alert>
        {link && (
          <Facts
            id="link-facts"
            rows={[
              ['Status', <Badge tone={link.status}>{wordOf(LINK_STATUS_WORDS, link.status)}</Badge>],
              ['Portal user', `${fullName(link.user)} · ${link.user.login} · ${link.user.email}`],
              ['CRM contact', `${fullName(link.contact)} · ${link.contact.email}`],
              ['Default company', def ? def.name : '—'],
              ['Created', when(link.createdAt)],
              ['Link id', <code>{link.id}</code>],
            ]}
          />
        )}

        {link && (
          <>
            <h4 id="link-access-title">Access</h4>
            <LinkAccess
              link={link}
              notice={accessNotice}
              setNotice={setAccessNotice}
              companiesOpen={companiesOpen}
              toggleCompanies={() => setCompaniesOpen(!companiesOpen)}
              onChanged={changed}
              onAudit={() => g.auditOfLink(link.id)}
            />
            <LinkCompaniesForm
              link={link}
              open={companiesOpen}
              onClose={() => setCompaniesOpen(false)}
              onChanged={async () => {
                setCompaniesOpen(false);
                setAccessNotice('The companies of the link are changed.');
                await changed();
              }}
            />

            <h4 id="link-companies-title">Companies</h4>
            <TableScroll name="Companies of the link">
              <table aria-labelledby="link-companies-title">
                <thead>
                  <tr>
                    <th scope="col">Company</th>
                    <th scope="col">Company policy</th>
                    <th scope="col">Contact policy</th>
                    <th scope="col">Effective policy</th>
                  </tr>
                </thead>
                <tbody id="link-companies">
                  {link.companies.map((c) => (
                    <tr key={c.id} data-company-id={c.id}>
                      <td>
                        {c.name}
                        {c.id === link.defaultCompanyId && <Badge>default</Badge>}
                        {c.extranetEnabled === false && <div class="muted">Extranet disabled for this company</div>}
                      </td>
                      <td>{policyText(c.companyPolicy)}</td>
                      <td>{policyText(c.contactPolicy)}</td>
                      <td data-testid="effective-policy">{policyText(c.effectivePolicy)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>

            <h4 id="link-onboarding-title">Onboarding workflow</h4>
            <p id="link-onboarding" data-testid="onboarding">
              {onboardingText(link.onboarding)}
            </p>

            <Invitations link={link} onChanged={load} />
            <Sessions sessions={link.sessions ?? []} />
            <ChannelLinks channels={link.channelLinks ?? []} onChanged={load} />
          </>
        )}
      </article>
      {link && (
        <>
          <Permissions
            link={link}
            version={version}
            notice={permissionsNotice}
            onSaved={async (notice) => {
              setPermissionsNotice(notice);
              await load();
            }}
          />
          <Diagnostics link={link} version={version} />
        </>
      )}
    </>
  );
}

function onboardingText(ob: Link['onboarding']): string {
  if (!ob) return 'No onboarding workflow for this link.';
  if (!('step' in ob)) return `The onboarding workflow cannot be read now (${ob.error}).`;
  return `Step: ${humanize(ob.step)}${ob.outcome ? ` · outcome: ${humanize(ob.outcome)}` : ''} · workflow ${humanize(String(ob.state).toLowerCase())}`;
}

/** The link's invitations, newest first; a pending one can be revoked, and a new one issued (which revokes it). */
function Invitations({ link, onChanged }: { link: Link; onChanged(): Promise<void> }) {
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

function RevokeButton({ label, testid, onRevoke }: { label: string; testid: string; onRevoke(): Promise<void> }) {
  const [busy, run] = useBusy();
  return (
    <button type="button" class="danger" aria-label={label} data-testid={testid} disabled={busy} onClick={() => run(onRevoke)}>
      Revoke
    </button>
  );
}

/** The client's portal sessions. */
function Sessions({ sessions }: { sessions: ClientSession[] }) {
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

/** The client's Telegram and widget connections; an active one can be revoked. */
function ChannelLinks({ channels, onChanged }: { channels: ChannelLink[]; onChanged(): Promise<void> }) {
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
