import { useCallback, useEffect, useState } from 'preact/hooks';
import { DOCUMENT_ACTION_WORDS } from '../../domain/wording.js';
import type { ClientDocument } from '../shared/api.js';
import { Alert, Badge } from '../shared/components.js';
import { capitalize, when, wordOf } from '../shared/format.js';
import { useLatest } from '../shared/forms.js';
import { api } from './api.js';
import { usePortal } from './context.js';
import { DocumentCard } from './DocumentCard.js';

/** The documents published for the client, with what they are asked to do; one opens as its card below the list (`open`: at once, as if clicked). */
export function Documents({ open = null, onOpened }: { open?: string | null; onOpened?(): void } = {}) {
  const portal = usePortal();
  const latest = useLatest();
  const [documents, setDocuments] = useState<ClientDocument[] | null>(null);
  const [error, setError] = useState('');
  const [current, setCurrent] = useState<{ id: string; n: number; linked?: boolean } | null>(null);

  // the portal context is stable for this home
  const load = useCallback(async () => {
    const fresh = latest();
    const r = await api.documents();
    if (!fresh()) return;
    if (portal.failed(r)) return setError(r.error.message);
    setError('');
    setDocuments(r.data.documents);
  }, [latest]);

  // loaded once per home
  useEffect(() => {
    void load();
  }, [load]);

  // A link named a document: its card opens (and takes the focus) as if it had been clicked.
  useEffect(() => {
    if (!open) return;
    setCurrent((c) => ({ id: open, n: (c?.n ?? 0) + 1, linked: true }));
    onOpened?.();
  }, [open]);

  return (
    <section class="card" id="documents-section" aria-labelledby="documents-title">
      <h3 id="documents-title">Documents</h3>
      <Alert id="documents-error">{error}</Alert>
      <ul id="documents" class="plain" aria-labelledby="documents-title" data-testid="documents">
        {documents?.map((d) => (
          <li key={d.id} data-testid="document-item">
            <button
              type="button"
              class="request-button"
              aria-current={current?.id === d.id ? 'true' : 'false'}
              data-document-id={d.id}
              onClick={() => setCurrent((c) => ({ id: d.id, n: (c?.n ?? 0) + 1 }))}
            >
              <span class="request-main">
                <span class="request-title">{d.title}</span>
                <span class="request-meta muted">
                  {[portal.companyOf(d.companyId)?.name, d.publishedAt && `published ${when(d.publishedAt)}`].filter(Boolean).join(' · ')}
                </span>
              </span>
              {d.expectedAction && d.expectedAction !== 'none' && <Badge>{capitalize(wordOf(DOCUMENT_ACTION_WORDS, d.expectedAction))}</Badge>}
            </button>
          </li>
        ))}
      </ul>
      <p id="documents-empty" class="muted" hidden={documents?.length !== 0}>
        No documents are shared with you.
      </p>
      {current && <DocumentCard key={`${current.id}-${current.n}`} id={current.id} focus={current.linked} onChanged={load} />}
    </section>
  );
}
