import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { DOCUMENT_ACTION_WORDS, DOCUMENT_STATUS_WORDS } from '../../domain/wording.js';
import type { ClientDocumentCard, DocumentResponseInput } from '../shared/api.js';
import { Alert, Facts, Notice } from '../shared/components.js';
import { DocumentResponses, DocumentVersions, UploadForm } from '../shared/documents.js';
import { capitalize, when, wordOf } from '../shared/format.js';
import { ErrorFor, useBusy, useErrors, useLatest, useMounted } from '../shared/forms.js';
import { api } from './api.js';
import { usePortal } from './context.js';
import { SignatureFacts, SignForm } from './Signature.js';

type Kind = DocumentResponseInput['kind'];

/** What the client is told once an answer is recorded, on the version it concerns. */
const DONE: Record<Kind, (version: number) => string> = {
  reviewed: (v) => `You marked version ${v} as reviewed.`,
  approved: (v) => `You approved version ${v}.`,
  declined: (v) => `You declined version ${v}; the team reads your reason.`,
};

/** One document as the client sees it: what it is, the next step asked of them, its versions and files, their answers, and the actions open now. */
export function DocumentCard({ id, focus, onChanged }: { id: string; focus?: boolean; onChanged(): void }) {
  const portal = usePortal();
  const mounted = useMounted();
  const latest = useLatest();
  const [card, setCard] = useState<ClientDocumentCard | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const title = useRef<HTMLHeadingElement>(null);

  const load = useCallback(async () => {
    const fresh = latest();
    const r = await api.document(id);
    if (!mounted.current || !fresh()) return;
    setLoading(false);
    if (portal.failed(r)) {
      setCard(null);
      setError(r.status === 404 ? 'This document is no longer shared with you.' : r.error.message);
      if (r.status === 404) onChanged();
      return;
    }
    setError('');
    setCard(r.data);
  }, [id]);

  // one load per opening (the component is keyed by it); opened from a link, the card takes the focus
  useEffect(() => {
    void load().then(() => {
      if (!focus) return;
      title.current?.scrollIntoView({ block: 'start' });
      title.current?.focus({ preventScroll: true });
    });
  }, [load]);

  const answered = (next: ClientDocumentCard, message: string) => {
    latest();
    setCard(next);
    setNotice(message);
  };

  const urlOf = (fileId: string, inline?: boolean) => api.documentFileUrl(id, fileId, inline);
  const company = card && portal.companyOf(card.companyId);
  const version = card?.versions[0]?.number ?? 0;
  const asked = card?.expectedAction && card.expectedAction !== 'none' ? capitalize(wordOf(DOCUMENT_ACTION_WORDS, card.expectedAction)) : '';
  const responds = card?.actions.some((a) => a === 'reviewed' || a === 'approved' || a === 'declined');
  return (
    <article id="document-card" aria-labelledby="document-card-title" data-testid="document-card">
      <h4 id="document-card-title" ref={title} tabIndex={-1}>
        {loading ? 'Loading…' : (card?.title ?? 'Document')}
      </h4>
      <Alert id="document-card-error">{error}</Alert>
      {card?.nextStep && (
        <div class="next-step" id="document-next-step" data-testid="document-next-step">
          <strong>Next step for you</strong>
          <span class="description">{card.nextStep}</span>
        </div>
      )}
      {card && (
        <>
          <Facts
            id="document-card-facts"
            testid="document-card-facts"
            rows={[
              ['Status', wordOf(DOCUMENT_STATUS_WORDS, card.status)],
              ['Company', company?.name ?? ''],
              ['Asked of you', asked ? `A document ${asked.toLowerCase()}` : 'Nothing: for your information'],
              ['Published', when(card.publishedAt, '')],
            ]}
          />
          {card.description && (
            <p id="document-card-description" class="description">
              {card.description}
            </p>
          )}
          {card.signature && <SignatureFacts request={card.signature} />}
          <section aria-labelledby="document-card-versions-title">
            <h5 id="document-card-versions-title">Versions</h5>
            {card.versions.length ? (
              <DocumentVersions versions={card.versions} urlOf={urlOf} testid="document-card-versions" />
            ) : (
              <p class="muted">No file yet.</p>
            )}
          </section>
          {card.actions.length > 0 && (
            <section aria-labelledby="document-answer-title" data-testid="document-answer">
              <h5 id="document-answer-title">Your answer on version {version}</h5>
              {card.actions.includes('sign') && <SignForm card={card} onSigned={(next) => answered(next, `You signed version ${version}.`)} onClosed={load} />}
              {responds && <ResponseForm card={card} onAnswered={(next, kind) => answered(next, DONE[kind](version))} onClosed={load} />}
              {card.actions.includes('attach') && (
                <UploadForm
                  id="document-attach-file"
                  title="Attach the requested file"
                  label="The file the team asked for"
                  hint="One file; the team sees it as soon as it is attached."
                  button="Attach the requested file"
                  testid="document-attach"
                  upload={(file) => api.attachToDocument(id, file)}
                  onFailed={(r) => {
                    if (portal.failed(r) && r.status === 409) void load();
                    return r.status === 401;
                  }}
                  onUploaded={(next, file) => answered(next, `The file ${file.name} is attached: the team sees it now.`)}
                />
              )}
            </section>
          )}
          <Notice id="document-card-notice" testid="document-card-notice">
            {notice}
          </Notice>
          <section aria-labelledby="document-responses-title">
            <h5 id="document-responses-title">Your answers</h5>
            {card.responses.length ? (
              <DocumentResponses responses={card.responses} urlOf={urlOf} label="Your answers, oldest first" testid="document-card-responses" />
            ) : (
              <p class="muted" id="document-card-no-responses">
                You have not answered yet.
              </p>
            )}
          </section>
        </>
      )}
    </article>
  );
}

/** Mark as reviewed, approve, or decline with a reason (required to decline): whichever the card offers now. */
function ResponseForm({
  card,
  onAnswered,
  onClosed,
}: {
  card: ClientDocumentCard;
  onAnswered(next: ClientDocumentCard, kind: Kind): void;
  /** The action is no longer open (answered elsewhere): the card is read again. */
  onClosed(): unknown;
}) {
  const portal = usePortal();
  const errors = useErrors();
  const [busy, run] = useBusy();
  const [reason, setReason] = useState('');
  const offers = (kind: Kind) => card.actions.includes(kind);

  const answer = (kind: Kind) =>
    run(async () => {
      errors.clear();
      if (kind === 'declined' && !reason.trim()) return errors.fail('reason', 'Give your reason for declining: the team reads it.');
      const r = await api.respond(card.id, { kind, reason: kind === 'declined' ? reason.trim() : '' });
      if (portal.failed(r)) {
        errors.show(r.error);
        if (r.status === 409) await onClosed();
        return;
      }
      setReason('');
      onAnswered(r.data, kind);
    });

  return (
    <form id="document-respond" ref={errors.scope} noValidate aria-label="Answer the document" onSubmit={(e) => e.preventDefault()}>
      {offers('declined') && (
        <>
          <label for="document-reason">Reason for declining</label>
          <textarea
            id="document-reason"
            name="reason"
            maxLength={2000}
            aria-describedby="document-reason-hint document-reason-error"
            aria-invalid={errors.invalid('reason')}
            value={reason}
            onInput={(e) => setReason(e.currentTarget.value)}
          />
          <p id="document-reason-hint" class="hint">
            Required to decline: the team reads it.{offers('approved') ? ' Not needed to approve.' : ''}
          </p>
          <ErrorFor errors={errors} field="reason" id="document-reason-error" />
        </>
      )}
      <div class="answer-buttons">
        {offers('reviewed') && (
          <button type="button" id="document-reviewed" disabled={busy} onClick={() => answer('reviewed')}>
            Mark as reviewed
          </button>
        )}
        {offers('approved') && (
          <button type="button" id="document-approve" disabled={busy} onClick={() => answer('approved')}>
            Approve
          </button>
        )}
        {offers('declined') && (
          <button type="button" id="document-decline" class="danger" disabled={busy} onClick={() => answer('declined')}>
            Decline
          </button>
        )}
      </div>
      <ErrorFor errors={errors} field="kind" id="document-kind-error" />
      <ErrorFor errors={errors} field="" id="document-respond-error" />
    </form>
  );
}
