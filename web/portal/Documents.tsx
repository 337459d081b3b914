import { useCallback, useEffect, useState } from 'preact/hooks';
import { DOCUMENT_ACTION_WORDS } from '../../domain/wording.js';
import type { ClientDocument } from '../shared/api.js';
import { Alert, Badge } from '../shared/components.js';
import { capitalize, when, wordOf } from '../shared/format.js';
import { useLatest } from '../shared/forms.js';
import { api } from './api.js';
import { usePortal } from './context.js';
import { DocumentCard } from './DocumentCard.js';

/** The documents published for the client, with what they are asked to do; one opens as its card below the list. */
export function Documents() {
  const portal = usePortal();
  const latest = useLatest();
  const [documents, setDocuments] = useState<ClientDocument[] | null>(null);
  const [error, setError] = useState('');
  const [current, setCurrent] = useState<{ id: string; n: number } | null>(null);

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
      {current && <DocumentCard key={`${current.id}-${current.n}`} id={current.id} onChanged={load} />}
    </section>
  );
}
