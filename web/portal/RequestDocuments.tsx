import { useEffect, useState } from 'preact/hooks';
import { DOCUMENT_ACTION_WORDS } from '../../domain/wording.js';
import type { ClientDocument } from '../shared/api.js';
import { wordOf } from '../shared/format.js';
import { api } from './api.js';
import { usePortal } from './context.js';

/** The published documents the team attached to this request; each opens as its card in the Documents section. */
export function RequestDocuments({ requestId }: { requestId: string }) {
  const portal = usePortal();
  const [documents, setDocuments] = useState<ClientDocument[]>([]);
  // read once per opening of the request (the component is keyed by it)
  useEffect(() => {
    void api.documents().then((r) => {
      if (r.ok) setDocuments(r.data.documents.filter((d) => d.requestId === requestId));
    });
  }, [requestId]);
  if (!documents.length) return null;
  return (
    <section aria-labelledby="request-documents-title">
      <h5 id="request-documents-title">Documents of this request</h5>
      <ul class="plain" id="request-documents" data-testid="request-documents">
        {documents.map((d) => (
          <li key={d.id}>
            <button type="button" class="link" onClick={() => portal.openDocument(d.id)}>
              {d.title}
            </button>
            {d.expectedAction && d.expectedAction !== 'none' && <span class="muted"> · {wordOf(DOCUMENT_ACTION_WORDS, d.expectedAction)}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
