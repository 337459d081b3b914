/** A document to sign, as the client sees it: the signature request with each signer, and the form that signs with the password. */
import { useState } from 'preact/hooks';
import { SIGNATURE_STATUS_WORDS, SIGNER_STATE_WORDS, SIGNING_ORDER_WORDS } from '../../domain/wording.js';
import type { ClientDocumentCard, SignatureRequest } from '../shared/api.js';
import { Badge, Facts } from '../shared/components.js';
import { when, wordOf } from '../shared/format.js';
import { ErrorFor, onSubmit, useBusy, useErrors } from '../shared/forms.js';
import { api } from './api.js';
import { usePortal } from './context.js';

/** Where the signature request stands: its status, deadline and order, and each signer in signing order. */
export function SignatureFacts({ request: r }: { request: SignatureRequest }) {
  const me = usePortal().me.user.id;
  return (
    <section aria-labelledby="document-signature-title" data-testid="document-signature" data-status={r.status}>
      <h5 id="document-signature-title">Signature request on version {r.versionNumber}</h5>
      <Facts
        id="document-signature-facts"
        rows={[
          ['Status', <Badge tone={`signature-status ${r.status}`}>{wordOf(SIGNATURE_STATUS_WORDS, r.status)}</Badge>],
          ['Deadline', when(r.deadlineAt)],
          ['Order', r.signers.length > 1 ? wordOf(SIGNING_ORDER_WORDS, r.order) : ''],
          ['Ended', when(r.endedAt, '')],
        ]}
      />
      <ol class="plain" aria-label="Signers, in signing order" data-testid="document-signers">
        {r.signers.map((s) => (
          <li key={s.userId} data-testid="document-signer" data-state={s.state}>
            {s.userId === me ? `${s.name} (you)` : s.name} <Badge tone={`signer-state ${s.state}`}>{wordOf(SIGNER_STATE_WORDS, s.state)}</Badge>
            {s.turn && r.status === 'pending' && <Badge tone="active">{s.userId === me ? 'Your turn' : 'Their turn'}</Badge>}
            {s.actedAt && <span class="muted"> · {when(s.actedAt)}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The signature: the client types their password again; a wrong one is said beside it. */
export function SignForm({
  card,
  onSigned,
  onClosed,
}: {
  card: ClientDocumentCard;
  onSigned(next: ClientDocumentCard): void;
  /** Signing is no longer open (the request ended meanwhile): the card is read again. */
  onClosed(): unknown;
}) {
  const portal = usePortal();
  const errors = useErrors();
  const [busy, run] = useBusy();
  const [password, setPassword] = useState('');

  const submit = async () => {
    errors.clear();
    if (!password) return errors.fail('password', 'Enter your password to sign.');
    const r = await api.sign(card.id, password);
    if (portal.failed(r)) {
      errors.show(r.error);
      if (r.status === 409) await onClosed();
      return;
    }
    setPassword('');
    onSigned(r.data);
  };

  return (
    <form id="document-sign-form" ref={errors.scope} noValidate aria-label="Sign the document" data-testid="document-sign" onSubmit={onSubmit(run, submit)}>
      <label for="document-sign-password">Sign with your password</label>
      <input
        id="document-sign-password"
        type="password"
        name="password"
        autocomplete="current-password"
        required
        aria-describedby="document-sign-hint document-sign-password-error"
        aria-invalid={errors.invalid('password')}
        value={password}
        onInput={(e) => setPassword(e.currentTarget.value)}
      />
      <p id="document-sign-hint" class="hint">
        Your password confirms it is you: the team records the time, your session and the exact file you sign.
      </p>
      <ErrorFor errors={errors} field="password" id="document-sign-password-error" />
      <div class="answer-buttons">
        <button type="submit" id="document-sign" disabled={busy}>
          Sign
        </button>
      </div>
      <ErrorFor errors={errors} field="" id="document-sign-error" />
    </form>
  );
}
