import { useEffect, useState } from 'preact/hooks';
import { DOCUMENT_EXPECTED_ACTION_WORDS, DOCUMENT_STATUS_WORDS } from '../../../domain/wording.js';
import type { TeamDocument } from '../../shared/api.js';
import { Badge } from '../../shared/components.js';
import { wordOf } from '../../shared/format.js';
import { gov } from '../api.js';
import { useGovernance } from '../context.js';

/** The documents attached to this request (drafts included), with their status and what they ask of the client. */
export function RequestDocuments({ requestId }: { requestId: string }) {
  const g = useGovernance();
  const [documents, setDocuments] = useState<TeamDocument[] | null>(null);
  // read once per opening of the request
  useEffect(() => {
    void gov.documents({ requestId }).then((r) => setDocuments(r.ok ? r.data.documents : []));
  }, [requestId]);
  return (
    <section aria-labelledby="request-documents-title">
      <h4 id="request-documents-title">Documents of the request</h4>
      {documents?.length ? (
        <ul class="plain" id="request-documents" data-testid="request-documents">
          {documents.map((d) => (
            <li key={d.id}>
              <button type="button" class="link" onClick={() => g.showSection('documents')}>
                {d.title}
              </button>{' '}
              <Badge tone={`document-status ${d.status}`}>{wordOf(DOCUMENT_STATUS_WORDS, d.status)}</Badge>{' '}
              <span class="muted">{wordOf(DOCUMENT_EXPECTED_ACTION_WORDS, d.expectedAction)}</span>
              {d.pendingAction && <Badge tone="pending">Awaiting the client</Badge>}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{documents ? 'No document is attached to this request: attach one when you create it in Documents.' : 'Loading…'}</p>
      )}
    </section>
  );
}
