import { useEffect, useRef, useState } from 'preact/hooks';
import { CHANNEL_KINDS, type ChannelKind } from '../../domain/vocabulary.js';
import { CHANNEL_KIND_WORDS } from '../../domain/wording.js';
import type { ChannelLink, ChannelLinksQuery, Company, GovernedChannelLink } from '../shared/api.js';
import { Alert, Badge, Notice, TableScroll } from '../shared/components.js';
import { humanize, when } from '../shared/format.js';
import { SelectField, useLatest } from '../shared/forms.js';
import { gov } from './api.js';
import { type SectionProps, useGovernance } from './context.js';
import { RevokeButton } from './links/RevokeButton.js';

const STATUSES: ChannelLink['status'][] = ['pending', 'active', 'revoked'];
const kindWord = (k: string) => CHANNEL_KIND_WORDS[k as ChannelKind]?.label ?? humanize(k);

/**
 * Channel links: every Telegram and widget connection of the clients the
 * employee may govern, filtered by company, kind and status; a pending or
 * active one can be revoked (after an inline confirmation).
 */
export function Channels({ active, visit }: SectionProps) {
  const g = useGovernance();
  const latest = useLatest();
  const [companies, setCompanies] = useState<Company[] | null>(null);
  const [filter, setFilter] = useState<Required<ChannelLinksQuery>>({ companyId: '', kind: '', status: '' });
  const [rows, setRows] = useState<GovernedChannelLink[] | null>(null);
  const [reads, setReads] = useState(0);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const title = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (visit) void g.clientCompanies().then(setCompanies);
  }, [visit]);

  // read on each visit, each change of the filters and after a revocation
  useEffect(() => {
    if (!visit) return;
    const fresh = latest();
    setError('');
    void gov.channelLinks(filter).then((r) => {
      if (!fresh()) return;
      if (!r.ok) {
        setRows(null);
        return setError(r.error.message);
      }
      setRows(r.data.channelLinks);
    });
  }, [visit, reads, filter]);

  useEffect(() => {
    if (visit) setNotice('');
  }, [visit]);

  const change = (key: keyof ChannelLinksQuery) => (value: string) => {
    setNotice('');
    setFilter((f) => ({ ...f, [key]: value }));
  };

  const revoke = async (c: GovernedChannelLink) => {
    setNotice('');
    setError('');
    const r = await gov.revokeChannelLink(c.id);
    if (!r.ok) return setError(r.error.message);
    setNotice(`The ${kindWord(c.kind)} connection of ${c.contactName} is revoked.`);
    // Its row loses the Revoke button: the focus goes back to the section's heading.
    title.current?.focus();
    setReads((n) => n + 1);
  };

  return (
    <section id="section-channels" data-section="channels" hidden={!active} aria-labelledby="channels-title">
      <div class="card">
        <h2 id="channels-title" ref={title} tabIndex={-1}>
          Channel links
        </h2>
        <p class="hint">The Telegram and website widget connections of the clients you govern. A pending Telegram connection waits for its code.</p>
        <search aria-label="Filter channel links">
          <div id="channels-filter" class="toolbar">
            <SelectField
              id="channels-company"
              name="companyId"
              label="Company"
              none="All companies"
              value={filter.companyId}
              options={(companies ?? []).map((c) => [c.id, c.name] as const)}
              onChange={change('companyId')}
            />
            <SelectField
              id="channels-kind"
              name="kind"
              label="Kind"
              none="All kinds"
              value={filter.kind}
              options={CHANNEL_KINDS.map((k) => [k, CHANNEL_KIND_WORDS[k].label] as const)}
              onChange={change('kind')}
            />
            <SelectField
              id="channels-status"
              name="status"
              label="Status"
              none="All"
              value={filter.status}
              options={STATUSES.map((s) => [s, humanize(s)] as const)}
              onChange={change('status')}
            />
          </div>
        </search>
        <Alert id="channels-list-error" testid="channel-links-error">
          {error}
        </Alert>
        <TableScroll name="Channel links table">
          <table id="channels-table" aria-labelledby="channels-title">
            <thead>
              <tr>
                <th scope="col">Client contact</th>
                <th scope="col">Companies</th>
                <th scope="col">Kind</th>
                <th scope="col">Reference</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
                <th scope="col">Revoked</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody id="channels-body" data-testid="channel-links">
              {rows?.map((c) => (
                <tr key={c.id} data-channel-link-id={c.id} data-status={c.status} data-testid="channel-link-row">
                  <td>
                    <button type="button" class="link" aria-label={`Open the link of ${c.contactName}`} onClick={() => g.openLink(c.linkId)}>
                      {c.contactName}
                    </button>
                  </td>
                  <td>{c.companyNames.join(', ')}</td>
                  <td>{kindWord(c.kind)}</td>
                  <td>{c.externalRef ? <code>{c.externalRef}</code> : <span class="muted">waiting for the code</span>}</td>
                  <td>
                    <Badge tone={c.status}>{humanize(c.status)}</Badge>
                  </td>
                  <td>{when(c.createdAt)}</td>
                  <td>{when(c.revokedAt)}</td>
                  <td>
                    {c.status !== 'revoked' && (
                      <RevokeButton
                        label={`Revoke the ${kindWord(c.kind)} connection of ${c.contactName}`}
                        testid="revoke-channel-link"
                        confirm="Revoke this connection?"
                        onRevoke={() => revoke(c)}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        <p id="channels-list-empty" class="muted" hidden={rows?.length !== 0}>
          No connection matches.
        </p>
        <Notice id="channels-list-notice" testid="channel-links-notice">
          {notice}
        </Notice>
      </div>
    </section>
  );
}
