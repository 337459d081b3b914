import { useEffect, useRef, useState } from 'preact/hooks';
import { SIGNATURE_STATUS_WORDS, SIGNER_STATE_WORDS, SIGNING_ORDER_WORDS } from '../../../domain/wording.js';
import type { SignatureRequest, SignatureWorkflowStatus, Signer, TeamDocumentDetail } from '../../shared/api.js';
import { Alert, Badge, Facts } from '../../shared/components.js';
import { humanize, plural, when, wordOf } from '../../shared/format.js';
import { useBusy, useMounted } from '../../shared/forms.js';
import { gov } from '../api.js';
import { DAY, REMINDERS, SignatureForm } from './SignatureForm.js';

/** How often a pending request is read again, so the team sees each signature as it comes. */
const LIVE_EVERY_MS = 3000;

/** The reminder interval in words. */
function every(seconds: number): string {
  const known = REMINDERS.find(([s]) => Number(s) === seconds);
  if (known) return known[1];
  if (!seconds) return 'The default interval';
  if (seconds % DAY === 0) return `Every ${plural(seconds / DAY, 'day')}`;
  if (seconds % 3600 === 0) return `Every ${plural(seconds / 3600, 'hour')}`;
  return `Every ${plural(seconds, 'second')}`;
}

/**
 * While a signature request is pending, the document is read again every few
 * seconds (until none is, or the detail closes); `settled` is told when the
 * last pending one ends, so the list around it is read again too.
 */
export function useLiveSignatures(doc: TeamDocumentDetail | null, reload: () => unknown, settled: () => void) {
  const pending = !!doc?.signatureRequests?.some((r) => r.status === 'pending');
  const was = useRef(pending);
  useEffect(() => {
    if (was.current && !pending) settled();
    was.current = pending;
    if (!pending) return;
    const timer = setInterval(() => void reload(), LIVE_EVERY_MS);
    return () => clearInterval(timer);
  }, [pending, reload]);
}

/**
 * Signatures of a document that asks for one: the form that asks the clients
 * who see it to sign (published, none pending), and every request with each
 * signer's state, the evidence of a signature and the workflow that follows it.
 */
export function Signatures({ doc, onChanged }: { doc: TeamDocumentDetail; onChanged(d: TeamDocumentDetail, message: string): void }) {
  const requests = doc.signatureRequests ?? [];
  const pending = requests.some((r) => r.status === 'pending');
  const version = doc.versions[0]?.number ?? 0;
  const signed = requests.some((r) => r.status === 'completed' && r.versionNumber === version);
  const [error, setError] = useState('');
  const [busy, run] = useBusy();

  const withdraw = (r: SignatureRequest) =>
    run(async () => {
      setError('');
      const res = await gov.withdrawSignatures(doc.id, r.id);
      if (!res.ok) return setError(res.error.message);
      onChanged(res.data, 'The signature request is withdrawn: the signers are no longer asked.');
    });

  return (
    <section aria-labelledby="signatures-title" data-testid="signatures">
      <h4 id="signatures-title">Signatures</h4>
      {doc.status !== 'published' ? (
        <p class="hint">Publish the document first: its signers are clients who see it.</p>
      ) : pending ? (
        <p class="hint" id="signature-pending-hint">
          A signature request is pending: withdraw it to ask again.
        </p>
      ) : signed ? (
        <p class="hint" id="signature-signed-hint">
          Everyone signed version {version}: a new version can be signed again.
        </p>
      ) : (
        <SignatureForm
          key={`${doc.id}-${version}`}
          doc={doc}
          onRequested={(d) => onChanged(d, 'Signatures are requested: the signers receive an email when it is their turn.')}
        />
      )}
      <Alert id="signature-error" testid="signature-error">
        {error}
      </Alert>
      {requests.length ? (
        <ol class="plain versions" id="signature-requests" aria-label="Signature requests, newest first" data-testid="signature-requests">
          {requests.map((r) => (
            <RequestItem key={r.id} doc={doc} request={r} busy={busy} onWithdraw={() => withdraw(r)} />
          ))}
        </ol>
      ) : (
        <p class="muted" id="signature-none">
          No signature has been requested yet.
        </p>
      )}
    </section>
  );
}

/** One request: where it stands, its signers, its workflow; Withdraw while it is pending. */
function RequestItem({ doc, request: r, busy, onWithdraw }: { doc: TeamDocumentDetail; request: SignatureRequest; busy: boolean; onWithdraw(): void }) {
  const mounted = useMounted();
  const [workflow, setWorkflow] = useState<SignatureWorkflowStatus | null>(null);
  const [error, setError] = useState('');
  const check = () =>
    void gov.signatureWorkflow(doc.id, r.id).then((res) => {
      if (!mounted.current) return;
      setError(res.ok ? '' : res.error.message);
      setWorkflow(res.ok ? res.data : null);
    });

  return (
    <li data-testid="signature-request" data-request-id={r.id} data-status={r.status}>
      <div class="meta">
        <Badge tone={`signature-status ${r.status}`}>{wordOf(SIGNATURE_STATUS_WORDS, r.status)}</Badge>{' '}
        <span class="muted">
          · version {r.versionNumber}, asked {when(r.createdAt, '')}
        </span>
      </div>
      <Facts
        rows={[
          ['Order', wordOf(SIGNING_ORDER_WORDS, r.order)],
          ['Deadline', when(r.deadlineAt)],
          ['Reminders', every(r.reminderEverySeconds)],
          ['Ended', r.endedAt ? `${when(r.endedAt)} (${humanize(r.endReason)})` : ''],
          ['Workflow', r.workflowId ? <code data-testid="signature-workflow-id">{r.workflowId}</code> : ''],
        ]}
      />
      <ul class="plain" aria-label="Signers, in signing order">
        {r.signers.map((s) => (
          <SignerRow key={s.userId} signer={s} />
        ))}
      </ul>
      <div class="actions">
        {r.status === 'pending' && (
          <button type="button" class="danger" id={`signature-withdraw-${r.id}`} disabled={busy} onClick={onWithdraw}>
            Withdraw the request
          </button>
        )}
        {r.workflowId && (
          <button type="button" class="secondary" id={`signature-workflow-${r.id}`} onClick={check}>
            Workflow status
          </button>
        )}
      </div>
      <Alert>{error}</Alert>
      {workflow && (
        <p class="hint" data-testid="signature-workflow">
          {workflow.workflowId}: {humanize(String(workflow.state).toLowerCase())}
          {workflow.step ? `, step “${humanize(workflow.step)}”` : ''}
          {workflow.outcome ? `, outcome “${humanize(workflow.outcome)}”` : ''}
          {workflow.signature ? ` (${workflow.signature.signers.map((s) => `#${s.position} ${humanize(s.state)}`).join(', ')})` : ''}
        </p>
      )}
    </li>
  );
}

/** One signer: position, state, whether it is their turn, when they acted, why they declined, the emails, the evidence of a signature. */
function SignerRow({ signer: s }: { signer: Signer }) {
  const e = s.evidence;
  return (
    <li data-testid="signer-row" data-user-id={s.userId} data-state={s.state}>
      <div>
        <strong>
          #{s.position} {s.name}
        </strong>{' '}
        <Badge tone={`signer-state ${s.state}`}>{wordOf(SIGNER_STATE_WORDS, s.state)}</Badge>
        {s.turn && (
          <Badge tone="active">
            <span data-testid="signer-turn">Their turn</span>
          </Badge>
        )}
        <span class="muted">
          {s.actedAt ? ` · ${when(s.actedAt)}` : ''}
          {s.emailsSent ? ` · ${plural(s.emailsSent, 'email')} sent, last ${when(s.lastEmailedAt)}` : ''}
        </span>
      </div>
      {s.reason && <p class="description">Reason: {s.reason}</p>}
      {e && (
        <Facts
          testid="signature-evidence"
          rows={[
            ['Signed at', when(e.signedAt)],
            ['Session', <code>{e.sessionId}</code>],
            ['Address', e.address],
            ['Browser', e.userAgent],
            [`SHA-256 of version ${e.versionNumber}`, <code data-testid="signature-sha256">{e.sha256}</code>],
          ]}
        />
      )}
    </li>
  );
}
