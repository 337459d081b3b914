import { LINK_STATUS_WORDS } from '../../../domain/wording.js';
import type { LinkDetail } from '../../shared/api.js';
import { Alert, Badge, Facts } from '../../shared/components.js';
import { fullName, when, wordOf } from '../../shared/format.js';
import { useBusy } from '../../shared/forms.js';

/** The link's title and Refresh button, the error of its last read, and its facts. */
export function LinkHeader({ link, loaded, error, onRefresh }: { link: LinkDetail | null; loaded: boolean; error: string; onRefresh(): Promise<void> }) {
  const [refreshing, run] = useBusy();
  const def = link?.companies.find((c) => c.id === link.defaultCompanyId);
  return (
    <>
      <div class="actions heading-row">
        <h3 id="link-detail-title">{link ? `${link.user.login} — ${fullName(link.contact)}` : loaded ? 'Link' : 'Loading…'}</h3>
        <button type="button" id="link-refresh" class="secondary" disabled={refreshing} onClick={() => run(onRefresh)}>
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
    </>
  );
}
