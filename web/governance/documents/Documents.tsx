import { useEffect, useRef, useState } from 'preact/hooks';
import { DOCUMENT_STATUSES, type DocumentStatus } from '../../../domain/vocabulary.js';
import { DOCUMENT_EXPECTED_ACTION_WORDS, DOCUMENT_STATUS_WORDS } from '../../../domain/wording.js';
import type { TeamDocument, TeamDocumentQuery } from '../../shared/api.js';
import { Badge, TableScroll } from '../../shared/components.js';
import { plural, when, wordOf } from '../../shared/format.js';
import { ErrorFor, SelectField, useErrors, useLatest } from '../../shared/forms.js';
import { gov } from '../api.js';
import { type SectionProps, useGovernance } from '../context.js';
import { DocumentDetail } from './DocumentDetail.js';
import { NewDocument } from './NewDocument.js';

type Filters = Required<Omit<TeamDocumentQuery, 'requestId'>>;
const NO_FILTERS: Filters = { companyId: '', status: '', pendingAction: false };

/**
 * Documents the team publishes for clients: the list of the companies the
 * employee may govern (filtered by company, status and "awaiting the client"),
 * a new draft, and one document open below the list.
 */
export function Documents({ active, visit }: SectionProps) {
  const g = useGovernance();
  const errors = useErrors();
  const latest = useLatest();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  // Bumped by a change to a document, so the list is read again.
  const [reads, setReads] = useState(0);
  const [documents, setDocuments] = useState<TeamDocument[] | null>(null);
  const [selected, setSelected] = useState<{ id: string; n: number } | null>(null);
  const [creating, setCreating] = useState(0);
  const query = useRef(filters);
  query.current = filters;

  // read on each visit and each change of what the list shows
  useEffect(() => {
    if (!visit) return;
    const fresh = latest();
    errors.clear();
    void gov.documents(query.current).then((r) => {
      if (!fresh()) return;
      if (!r.ok) {
        setDocuments(null);
        return errors.show(r.error);
      }
      setDocuments(r.data.documents);
    });
  }, [visit, reads, filters]);

  const filter = (change: Partial<Filters>) => setFilters((f) => ({ ...f, ...change }));
  const open = (id: string) => {
    setCreating(0);
    setSelected((s) => ({ id, n: (s?.n ?? 0) + 1 }));
  };

  return (
    <section id="section-documents" data-section="documents" hidden={!active} aria-labelledby="documents-title">
      <div class="card">
        <div class="actions heading-row">
          <h2 id="documents-title">Documents</h2>
          <button
            type="button"
            id="document-new"
            class="secondary"
            aria-expanded={creating ? 'true' : 'false'}
            aria-controls="document-new-form"
            onClick={() => setCreating((n) => (n ? 0 : n + 1))}
          >
            New document
          </button>
        </div>
        <p class="hint">
          Documents for the clients of the companies you may govern: a draft gets its file as versions, the preview shows exactly who will see it before you
          publish it, and the clients’ answers come back here.
        </p>
        <search aria-label="Filter documents">
          <form id="documents-filter" ref={errors.scope} class="toolbar" onSubmit={(e) => e.preventDefault()}>
            <SelectField
              id="documents-company"
              name="companyId"
              label="Company"
              testid="documents-company"
              value={filters.companyId}
              none="All companies"
              options={[...g.companyNames].sort((a, b) => a[1].localeCompare(b[1]))}
              onChange={(v) => filter({ companyId: v })}
            />
            <SelectField
              id="documents-status"
              name="status"
              label="Status"
              testid="documents-status"
              value={filters.status}
              none="All"
              options={DOCUMENT_STATUSES.map((s) => [s, DOCUMENT_STATUS_WORDS[s]] as const)}
              onChange={(v) => filter({ status: v as DocumentStatus | '' })}
            />
            <div class="choice toolbar-choice">
              <input
                type="checkbox"
                id="documents-pending"
                name="pendingAction"
                checked={filters.pendingAction}
                aria-describedby="documents-pending-hint documents-pendingAction-error"
                onChange={(e) => filter({ pendingAction: e.currentTarget.checked })}
              />
              <label for="documents-pending">Awaiting the client</label>
              <span id="documents-pending-hint" class="visually-hidden">
                Published documents whose latest version the client has not answered yet
              </span>
            </div>
            <div class="toolbar-errors">
              <ErrorFor errors={errors} field="companyId" id="documents-companyId-error" />
              <ErrorFor errors={errors} field="status" id="documents-status-error" />
              <ErrorFor errors={errors} field="pendingAction" id="documents-pendingAction-error" />
              <ErrorFor errors={errors} field="" id="documents-error" />
            </div>
          </form>
        </search>
        <TableScroll name="Documents table">
          <table id="documents-table" aria-labelledby="documents-title">
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Company</th>
                <th scope="col">Status</th>
                <th scope="col">Asks the client</th>
                <th scope="col">Latest version</th>
                <th scope="col">Published</th>
              </tr>
            </thead>
            <tbody data-testid="documents">
              {documents?.map((d) => (
                <tr key={d.id} data-document-id={d.id} data-testid="document-row" class={d.id === selected?.id ? 'selected' : undefined}>
                  <td>
                    <button type="button" class="link" aria-label={`Open the document ${d.title}`} onClick={() => open(d.id)}>
                      {d.title}
                    </button>
                    {d.pendingAction && (
                      <>
                        {' '}
                        <Badge tone="waiting-client">Awaiting the client</Badge>
                      </>
                    )}
                  </td>
                  <td>{g.companyName(d.companyId)}</td>
                  <td>
                    <Badge tone={`document-status ${d.status}`}>{wordOf(DOCUMENT_STATUS_WORDS, d.status)}</Badge>
                  </td>
                  <td>{wordOf(DOCUMENT_EXPECTED_ACTION_WORDS, d.expectedAction || 'none')}</td>
                  <td>{d.latestVersion ? `Version ${d.latestVersion}` : <span class="muted">No file yet</span>}</td>
                  <td>{d.publishedAt && d.status === 'published' ? when(d.publishedAt) : <span class="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        <p id="documents-empty" class="muted" hidden={!documents || documents.length > 0}>
          No document matches.
        </p>
        <p id="documents-count" class="hint" aria-live="polite" data-testid="documents-count">
          {documents && documents.length > 0 ? plural(documents.length, 'document') : ''}
        </p>
      </div>
      {creating > 0 && (
        <NewDocument
          key={creating}
          onClose={() => setCreating(0)}
          onCreated={(id) => {
            setReads((n) => n + 1);
            open(id);
          }}
        />
      )}
      {selected && !creating && (
        <DocumentDetail key={`${selected.id}-${selected.n}`} id={selected.id} onChanged={() => setReads((n) => n + 1)} onClose={() => setSelected(null)} />
      )}
    </section>
  );
}
