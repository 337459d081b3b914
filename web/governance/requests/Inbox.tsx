import { useEffect, useRef, useState } from 'preact/hooks';
import { REQUEST_STATUSES, type RequestStatus } from '../../../domain/vocabulary.js';
import { REQUEST_STATUS_WORDS } from '../../../domain/wording.js';
import type { TeamRequestQuery, TeamRequestSummary } from '../../shared/api.js';
import { Badge, Pager, TableScroll } from '../../shared/components.js';
import { plural, when, wordOf } from '../../shared/format.js';
import { ErrorFor, SelectField, useErrors, useLatest } from '../../shared/forms.js';
import { gov } from '../api.js';
import { useGovernance } from '../context.js';
import { RequestDetail } from './RequestDetail.js';

const PAGE_SIZES = [10, 25, 50, 100];
type Filters = Required<Pick<TeamRequestQuery, 'companyId' | 'pipelineId' | 'status' | 'assignee' | 'waiting' | 'q'>>;
const NO_FILTERS: Filters = { companyId: '', pipelineId: '', status: '', assignee: '', waiting: '', q: '' };

/** The team's inbox: filtered (company, pipeline, status, assignee, waiting for the team, words), paged; a request opens below it. */
export function Inbox({ visit }: { visit: number }) {
  const g = useGovernance();
  const errors = useErrors();
  const latest = useLatest();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(25);
  // Bumped by a search and by a change to a request, so the list is read again.
  const [reads, setReads] = useState(0);
  const [result, setResult] = useState<{ requests: TeamRequestSummary[]; info: string; first: boolean; last: boolean } | null>(null);
  const [selected, setSelected] = useState<{ id: string; n: number } | null>(null);
  const query = useRef(filters);
  query.current = filters;

  // read on each visit and each change of what the list shows
  useEffect(() => {
    if (!visit) return;
    const fresh = latest();
    errors.clear();
    void gov.requests({ ...query.current, page, pageSize }).then((r) => {
      if (!fresh()) return;
      if (!r.ok) {
        setResult(null);
        return errors.show(r.error);
      }
      const { total, pageSize: size } = r.data;
      const pages = Math.max(1, Math.ceil(total / size));
      if (total > 0 && r.data.page > pages) return setPage(pages);
      setResult({
        requests: r.data.requests,
        info: `Page ${r.data.page} of ${pages} · ${plural(total, 'request')}`,
        first: r.data.page <= 1,
        last: r.data.page >= pages,
      });
    });
  }, [visit, reads, page, pageSize, filters]);

  const filter = (change: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...change }));
    setPage(1);
  };

  const employees = [...g.employees].sort((a, b) => a[1].localeCompare(b[1]));
  return (
    <>
      <div class="card">
        <h3 id="inbox-title">Inbox</h3>
        <search aria-label="Filter requests">
          <form
            id="inbox-filter"
            ref={errors.scope}
            class="toolbar"
            onSubmit={(e) => {
              e.preventDefault();
              filter({ q: q.trim() });
            }}
          >
            <div class="field">
              <label for="inbox-q">Search</label>
              <input
                id="inbox-q"
                type="search"
                name="q"
                maxLength={200}
                placeholder="Words in the title or description"
                aria-describedby="inbox-q-error"
                aria-invalid={errors.invalid('q')}
                value={q}
                onInput={(e) => setQ(e.currentTarget.value)}
              />
            </div>
            <SelectField
              id="inbox-company"
              name="companyId"
              label="Company"
              testid="inbox-company"
              value={filters.companyId}
              none="All companies"
              options={[...g.companyNames].sort((a, b) => a[1].localeCompare(b[1]))}
              onChange={(v) => filter({ companyId: v })}
            />
            <SelectField
              id="inbox-pipeline"
              name="pipelineId"
              label="Pipeline"
              testid="inbox-pipeline"
              value={filters.pipelineId}
              none="All pipelines"
              options={[...g.pipelines]}
              onChange={(v) => filter({ pipelineId: v })}
            />
            <SelectField
              id="inbox-status"
              name="status"
              label="Status"
              testid="inbox-status"
              value={filters.status}
              none="All"
              options={REQUEST_STATUSES.map((s) => [s, REQUEST_STATUS_WORDS[s]] as const)}
              onChange={(v) => filter({ status: v as RequestStatus | '' })}
            />
            <SelectField
              id="inbox-assignee"
              name="assignee"
              label="Assignee"
              testid="inbox-assignee"
              value={filters.assignee}
              none="Anyone"
              options={[['me', 'Assigned to me'], ['none', 'Nobody yet'], ...employees]}
              onChange={(v) => filter({ assignee: v })}
            />
            <SelectField
              id="inbox-page-size"
              name="pageSize"
              label="Per page"
              value={String(pageSize)}
              options={PAGE_SIZES.map((n) => [String(n), n] as const)}
              onChange={(v) => {
                setPageSize(Number(v));
                setPage(1);
              }}
            />
            <div class="choice toolbar-choice">
              <input
                type="checkbox"
                id="inbox-waiting"
                name="waiting"
                checked={filters.waiting === 'team'}
                aria-describedby="inbox-waiting-error"
                onChange={(e) => filter({ waiting: e.currentTarget.checked ? 'team' : '' })}
              />
              <label for="inbox-waiting">Waiting for the team</label>
            </div>
            <button type="submit" id="inbox-search">
              Search
            </button>
            <div class="toolbar-errors">
              <ErrorFor errors={errors} field="q" id="inbox-q-error" />
              <ErrorFor errors={errors} field="companyId" id="inbox-companyId-error" />
              <ErrorFor errors={errors} field="pipelineId" id="inbox-pipelineId-error" />
              <ErrorFor errors={errors} field="status" id="inbox-status-error" />
              <ErrorFor errors={errors} field="assignee" id="inbox-assignee-error" />
              <ErrorFor errors={errors} field="waiting" id="inbox-waiting-error" />
              <ErrorFor errors={errors} field="page" id="inbox-page-error" />
              <ErrorFor errors={errors} field="pageSize" id="inbox-pageSize-error" />
              <ErrorFor errors={errors} field="" id="inbox-error" />
            </div>
          </form>
        </search>
        <TableScroll name="Requests table">
          <table id="inbox-table" aria-labelledby="inbox-title">
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Company</th>
                <th scope="col">Pipeline</th>
                <th scope="col">Status</th>
                <th scope="col">Assignee</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody id="inbox-body" data-testid="inbox">
              {result?.requests.map((r) => (
                <tr key={r.id} data-request-id={r.id} data-testid="inbox-row" class={r.id === selected?.id ? 'selected' : undefined}>
                  <td>
                    <button
                      type="button"
                      class="link"
                      aria-label={`Open the request ${r.title}`}
                      onClick={() => setSelected((s) => ({ id: r.id, n: (s?.n ?? 0) + 1 }))}
                    >
                      {r.title}
                    </button>
                    {r.waitingForTeam && (
                      <>
                        {' '}
                        <Badge tone="waiting-team">Waiting for the team</Badge>
                      </>
                    )}
                    {r.nextStep && r.status === 'waiting_for_client' && <div class="hint">Next step: {r.nextStep}</div>}
                  </td>
                  <td>{g.companyName(r.companyId)}</td>
                  <td>{g.pipelineName(r.pipelineId)}</td>
                  <td>
                    <Badge tone={`request-status ${r.status}`}>{wordOf(REQUEST_STATUS_WORDS, r.status)}</Badge>
                  </td>
                  <td>{r.assignee?.name ?? <span class="muted">Nobody</span>}</td>
                  <td>{when(r.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        <p id="inbox-empty" class="muted" hidden={!result || result.requests.length > 0}>
          No request matches.
        </p>
        <Pager prefix="inbox" label="Pages of requests" page={result} setPage={setPage} />
      </div>
      {selected && <RequestDetail key={`${selected.id}-${selected.n}`} id={selected.id} onChanged={() => setReads((n) => n + 1)} />}
    </>
  );
}
