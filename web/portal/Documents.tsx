import { useEffect, useState } from 'preact/hooks';
import { DOCUMENT_ACTION_WORDS } from '../../domain/wording.js';
import type { ClientDocument } from '../shared/api.js';
import { Alert, Badge } from '../shared/components.js';
import { capitalize, when, wordOf } from '../shared/format.js';
import { api } from './api.js';
import { usePortal } from './context.js';

/** The documents published for the client, with what they are asked to do. */
export function Documents() {
  const portal = usePortal();
  const [documents, setDocuments] = useState<ClientDocument[] | null>(null);
  const [error, setError] = useState('');

  // loaded once per home
  useEffect(() => {
    void api.documents().then((r) => {
      if (portal.failed(r)) return setError(r.error.message);
      setDocuments(r.data.documents);
    });
  }, []);

  return (
    <section class="card" aria-labelledby="documents-title">
      <h3 id="documents-title">Documents</h3>
      <Alert id="documents-error">{error}</Alert>
      <ul id="documents" class="plain" aria-labelledby="documents-title" data-testid="documents">
        {documents?.map((d) => (
          <li key={d.id} data-testid="document-item">
            <strong>{d.title}</strong>
            {d.expectedAction && <Badge>{capitalize(wordOf(DOCUMENT_ACTION_WORDS, d.expectedAction))}</Badge>}
            <br />
            <span class="muted">{[portal.companyOf(d.companyId)?.name, d.publishedAt && `published ${when(d.publishedAt)}`].filter(Boolean).join(' · ')}</span>
          </li>
        ))}
      </ul>
      <p id="documents-empty" class="muted" hidden={documents?.length !== 0}>
        No documents are shared with you.
      </p>
    </section>
  );
}
