import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { LinkDetail as Link } from '../../shared/api.js';
import { useLatest, useMounted } from '../../shared/forms.js';
import { gov } from '../api.js';
import { useGovernance } from '../context.js';
import { ChannelLinks } from './ChannelLinks.js';
import { Diagnostics } from './Diagnostics.js';
import { Invitations } from './Invitations.js';
import { LinkAccess } from './LinkAccess.js';
import { LinkCompanies } from './LinkCompanies.js';
import { LinkCompaniesForm } from './LinkCompaniesForm.js';
import { LinkHeader } from './LinkHeader.js';
import { Onboarding } from './Onboarding.js';
import { Permissions } from './Permissions.js';
import { Sessions } from './Sessions.js';

/** One client link: facts, access and lifecycle, companies, onboarding, invitations, sessions, connections; then permissions and diagnostics. */
export function LinkDetail({ id, onLinksChanged }: { id: string; onLinksChanged(): void }) {
  const g = useGovernance();
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

  const changed = async () => {
    await load();
    onLinksChanged();
  };

  return (
    <>
      <article id="link-detail" ref={article} class="card" aria-labelledby="link-detail-title" data-testid="link-detail">
        <LinkHeader link={link} loaded={loaded} error={error} onRefresh={load} />

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

            <LinkCompanies link={link} />
            <Onboarding onboarding={link.onboarding} />

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
