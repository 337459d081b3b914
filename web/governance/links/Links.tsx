import { useEffect, useRef, useState } from 'preact/hooks';
import { LINK_STATUSES, type LinkStatus } from '../../../domain/vocabulary.js';
import { LINK_STATUS_WORDS } from '../../../domain/wording.js';
import type { LinkSort, LinkSummary } from '../../shared/api.js';
import { Badge, Pager, TableScroll } from '../../shared/components.js';
import { fullName, plural, when, wordOf } from '../../shared/format.js';
import { ErrorFor, SelectField, useErrors, useLatest } from '../../shared/forms.js';
import { gov } from '../api.js';
import type { SectionProps } from '../context.js';
import { OnboardingChecklist } from './Checklist.js';
import { LinkDetail } from './LinkDetail.js';

const SORTS: [LinkSort, string][] = [
  ['createdAt', 'Created'],
  ['login', 'User login'],
  ['contact', 'Contact'],
  ['status', 'Status'],
];
const PAGE_SIZES = [10, 20, 50, 100];

/** Client links: the filtered, sorted, paged list, and the detail of the link opened from it. */
export function Links({ active, visit, opened }: SectionProps & { opened: { id: string; n: number } | null }) {
  const errors = useErrors();
  const latest = useLatest();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<LinkStatus | ''>('');
  const [sort, setSort] = useState<LinkSort>('createdAt');
  const [order, setOrder] = useState<'asc' | 'desc'>('desc');
  const [pageSize, setPageSize] = useState(20);
  const [page, setPage] = useState(1);
  // Bumped by a search and by a change to a link, so the list is read again.
  const [reads, setReads] = useState(0);
  const [result, setResult] = useState<{ links: LinkSummary[]; info: string; first: boolean; last: boolean } | null>(null);
  const [selected, setSelected] = useState<{ id: string; n: number } | null>(null);
  const query = useRef({ q, status, sort, order, pageSize });
  query.current = { q, status, sort, order, pageSize };

  // read on each visit and each change of what the list shows
  useEffect(() => {
    if (!visit) return;
    const fresh = latest();
    errors.clear();
    void gov.links({ ...query.current, q: query.current.q.trim(), page }).then((r) => {
      if (!fresh()) return;
      if (!r.ok) {
        setResult(null);
        return errors.show(r.error);
      }
      const { total, pageSize: size } = r.data;
      const pages = Math.max(1, Math.ceil(total / size));
      // Filters narrowed the list below the current page: show its last page instead.
      if (total > 0 && r.data.page > pages) return setPage(pages);
      setResult({
        links: r.data.links,
        info: `Page ${r.data.page} of ${pages} · ${plural(total, 'link')}`,
        first: r.data.page <= 1,
        last: r.data.page >= pages,
      });
    });
  }, [visit, reads, page, status, sort, order, pageSize]);

  useEffect(() => {
    if (opened) setSelected(opened);
  }, [opened]);

  const firstPage = () => {
    setPage(1);
    setReads((n) => n + 1);
  };

  return (
    <section id="section-links" data-section="links" hidden={!active} aria-labelledby="links-title">
      <OnboardingChecklist visit={visit} />
      <div class="card">
        <h2 id="links-title">Client links</h2>
        <search aria-label="Filter client links">
          <form
            id="links-filter"
            ref={errors.scope}
            class="toolbar"
            onSubmit={(e) => {
              e.preventDefault();
              firstPage();
            }}
          >
            <div class="field">
              <label for="links-q">Search</label>
              <input
                id="links-q"
                type="search"
                name="q"
                maxLength={100}
                placeholder="Login, email, contact or company"
                aria-describedby="links-q-error"
                aria-invalid={errors.invalid('q')}
                value={q}
                onInput={(e) => setQ(e.currentTarget.value)}
              />
            </div>
            <SelectField
              id="links-status"
              name="status"
              label="Status"
              value={status}
              none="All"
              options={LINK_STATUSES.map((s) => [s, LINK_STATUS_WORDS[s]] as const)}
              onChange={(v) => {
                setStatus(v as LinkStatus | '');
                setPage(1);
              }}
            />
            <SelectField
              id="links-sort"
              name="sort"
              label="Sort by"
              testid="links-sort"
              value={sort}
              options={SORTS}
              onChange={(v) => {
                setSort(v as LinkSort);
                setPage(1);
              }}
            />
            <SelectField
              id="links-order"
              name="order"
              label="Order"
              testid="links-order"
              value={order}
              options={[
                ['desc', 'Descending'],
                ['asc', 'Ascending'],
              ]}
              onChange={(v) => {
                setOrder(v as 'asc' | 'desc');
                setPage(1);
              }}
            />
            <SelectField
              id="links-page-size"
              name="pageSize"
              label="Per page"
              testid="links-page-size"
              value={String(pageSize)}
              options={PAGE_SIZES.map((n) => [String(n), n] as const)}
              onChange={(v) => {
                setPageSize(Number(v));
                setPage(1);
              }}
            />
            <button type="submit" id="links-search">
              Search
            </button>
            <div class="toolbar-errors">
              <ErrorFor errors={errors} field="q" id="links-q-error" />
              <ErrorFor errors={errors} field="status" id="links-status-error" />
              <ErrorFor errors={errors} field="sort" id="links-sort-error" />
              <ErrorFor errors={errors} field="order" id="links-order-error" />
              <ErrorFor errors={errors} field="page" id="links-page-error" />
              <ErrorFor errors={errors} field="pageSize" id="links-pageSize-error" />
              <ErrorFor errors={errors} field="" id="links-error" />
            </div>
          </form>
        </search>
        <TableScroll name="Client links table">
          <table id="links-table" aria-labelledby="links-title">
            <thead>
              <tr>
                <th scope="col">User login</th>
                <th scope="col">Contact</th>
                <th scope="col">Companies</th>
                <th scope="col">Status</th>
                <th scope="col">Invited by</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody id="links-body" data-testid="links">
              {result?.links.map((link) => (
                <tr key={link.id} data-link-id={link.id} data-testid="link-row" class={link.id === selected?.id ? 'selected' : undefined}>
                  <td>
                    <button
                      type="button"
                      class="link"
                      aria-label={`Open the link of ${link.user.login}`}
                      onClick={() => setSelected((s) => ({ id: link.id, n: (s?.n ?? 0) + 1 }))}
                    >
                      {link.user.login}
                    </button>
                  </td>
                  <td>{fullName(link.contact)}</td>
                  <td>
                    {link.companies.map((c) => (c.id === link.defaultCompanyId && link.companies.length > 1 ? `${c.name} (default)` : c.name)).join(', ')}
                  </td>
                  <td>
                    <Badge tone={link.status}>{wordOf(LINK_STATUS_WORDS, link.status)}</Badge>
                  </td>
                  <td data-testid="invited-by">{link.invitedBy ? link.invitedBy.name : '—'}</td>
                  <td>{when(link.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        <p id="links-empty" class="muted" hidden={!result || result.links.length > 0}>
          No link matches.
        </p>
        <Pager prefix="links" label="Pages of client links" page={result} setPage={setPage} />
      </div>
      {selected && <LinkDetail key={`${selected.id}-${selected.n}`} id={selected.id} onLinksChanged={() => setReads((n) => n + 1)} />}
    </section>
  );
}
