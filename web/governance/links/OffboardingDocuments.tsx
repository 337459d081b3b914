/** Ending a collaboration: the documents its client is still asked to answer, and the signatures still theirs to give. */
import { DOCUMENT_ACTION_WORDS } from '../../../domain/wording.js';
import { when, wordOf } from '../../shared/format.js';
import { useGovernance } from '../context.js';
import type { OffboardingRequests } from './OffboardingRequests.js';

/**
 * Read with the unfinished requests when a disabling or revoking starts. The
 * client can no longer answer the documents once access ends; the pending
 * signature requests are withdrawn by the offboarding, and its report says so.
 */
export function OpenDocumentsView({ offboarding }: { offboarding: OffboardingRequests }) {
  const { companyName } = useGovernance();
  const { documents } = offboarding;
  return (
    <section class="offboarding-documents" aria-labelledby="offboarding-documents-title" data-testid="offboarding-documents">
      <h6 id="offboarding-documents-title">Documents still waiting for the client</h6>
      {documents === null && (
        <p class="muted" role="status">
          Reading the client’s pending documents…
        </p>
      )}
      {documents && 'message' in documents && (
        <p class="error" role="alert">
          {`The pending documents cannot be read now (${documents.message}); pending signature requests are still withdrawn.`}
        </p>
      )}
      {documents && 'actions' in documents && !documents.actions.length && !documents.signatures.length && (
        <p class="muted">The client has no document waiting for an answer or a signature.</p>
      )}
      {documents && 'actions' in documents && documents.actions.length > 0 && (
        <>
          <p class="hint">The client will no longer be able to answer these:</p>
          <ul data-testid="offboarding-document-actions">
            {documents.actions.map((a) => (
              <li key={a.documentId} data-document-id={a.documentId}>
                {`${a.title} (${companyName(a.companyId)}, version ${a.versionNumber}, ${wordOf(DOCUMENT_ACTION_WORDS, a.expectedAction)})`}
              </li>
            ))}
          </ul>
        </>
      )}
      {documents && 'signatures' in documents && documents.signatures.length > 0 && (
        <>
          <p class="hint">These signature requests will be withdrawn, and the report lists them:</p>
          <ul data-testid="offboarding-signatures">
            {documents.signatures.map((s) => (
              <li key={s.signatureRequestId} data-signature-request-id={s.signatureRequestId}>
                {`${s.title} (${companyName(s.companyId)}, deadline ${when(s.deadlineAt)}${s.turn ? ', the client’s turn to sign' : ', others sign first'})`}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
