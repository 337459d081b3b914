/** The "Request signatures" form of a published document to sign (seed page 002). */
import { useEffect, useState } from 'preact/hooks';
import { SIGNING_ORDERS, type SigningOrder } from '../../../domain/vocabulary.js';
import { SIGNING_ORDER_WORDS } from '../../../domain/wording.js';
import type { DocumentAudienceMember, TeamDocumentDetail } from '../../shared/api.js';
import { Alert, Badge } from '../../shared/components.js';
import { Choice, ErrorFor, onSubmit, SelectField, useBusy, useErrors, useMounted } from '../../shared/forms.js';
import { gov } from '../api.js';

export const DAY = 86_400;
export const REMINDERS = [
  [String(DAY), 'Daily'],
  [String(2 * DAY), 'Every 2 days'],
  [String(7 * DAY), 'Weekly'],
] as const;

/** A datetime-local value (the reader's time zone), `days` from now. */
function localInput(days: number): string {
  const d = new Date(Date.now() + days * DAY * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** Signers chosen among the clients who see the document (checked in signing order), the order, the deadline and the reminders. */
export function SignatureForm({ doc, onRequested }: { doc: TeamDocumentDetail; onRequested(d: TeamDocumentDetail): void }) {
  const mounted = useMounted();
  const errors = useErrors();
  const [busy, run] = useBusy();
  const [audience, setAudience] = useState<DocumentAudienceMember[] | null>(null);
  const [loadError, setLoadError] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [order, setOrder] = useState<SigningOrder>('sequential');
  const [deadline, setDeadline] = useState(() => localInput(14));
  const [reminder, setReminder] = useState(String(DAY));

  // Who sees the document now: the publish preview writes nothing.
  useEffect(() => {
    void gov
      .publishDocument(doc.id)
      .preview({})
      .then((r) => {
        if (!mounted.current) return;
        if (!r.ok) return setLoadError(r.error.message);
        const seen = new Set<string>();
        setAudience(r.data.audience.filter((a) => a.contactId && !seen.has(a.contactId) && seen.add(a.contactId)));
      });
  }, [doc.id]);

  const toggle = (contactId: string, on: boolean) =>
    setChosen((c) => (on ? [...c.filter((x) => x !== contactId), contactId] : c.filter((x) => x !== contactId)));

  const submit = async () => {
    errors.clear();
    if (!chosen.length) return errors.fail('contactIds', 'Choose at least one signer.');
    const at = new Date(deadline);
    if (!deadline || Number.isNaN(at.getTime())) return errors.fail('deadline', 'Give the deadline as a date and time.');
    if (at.getTime() <= Date.now()) return errors.fail('deadline', 'The deadline must be in the future.');
    const r = await gov.requestSignatures(doc.id, { contactIds: chosen, order, deadline: at.toISOString(), reminderEverySeconds: Number(reminder) });
    if (!r.ok) return errors.show(r.error);
    onRequested(r.data);
  };

  return (
    <form
      id="signature-form"
      class="panel"
      ref={errors.scope}
      noValidate
      aria-labelledby="signature-form-title"
      data-testid="signature-form"
      onSubmit={onSubmit(run, submit)}
    >
      <h5 id="signature-form-title">Request signatures on version {doc.versions[0]?.number ?? ''}</h5>
      <Alert id="signature-audience-error">{loadError}</Alert>
      <fieldset aria-describedby="signature-contactIds-hint signature-contactIds-error">
        <legend>Signers, in the order you check them</legend>
        {audience === null && !loadError && <p class="muted">Loading who sees the document…</p>}
        {audience?.length === 0 && <p class="hint">Nobody sees the document yet: give a client document access first in Client links.</p>}
        {audience?.map((a) => {
          const n = chosen.indexOf(a.contactId) + 1;
          return (
            <Choice
              key={a.contactId}
              id={`signature-signer-${a.contactId}`}
              label={a.name}
              input={
                <input
                  type="checkbox"
                  id={`signature-signer-${a.contactId}`}
                  name="contactIds"
                  value={a.contactId}
                  checked={n > 0}
                  onChange={(e) => toggle(a.contactId, e.currentTarget.checked)}
                />
              }
            >
              {n > 0 && (
                <Badge tone="pending">
                  <span data-testid="signature-signer-position">Signs {order === 'sequential' ? `#${n}` : `(${n})`}</span>
                </Badge>
              )}
            </Choice>
          );
        })}
        <p id="signature-contactIds-hint" class="hint">
          One after another, each signer is asked in turn; all at once, everyone is asked now.
        </p>
      </fieldset>
      <ErrorFor errors={errors} field="contactIds" id="signature-contactIds-error" />
      <SelectField
        id="signature-order"
        name="order"
        label="Signing order"
        value={order}
        options={SIGNING_ORDERS.map((o) => [o, SIGNING_ORDER_WORDS[o]] as const)}
        invalid={errors.invalid('order')}
        onChange={(v) => setOrder(v as SigningOrder)}
      />
      <ErrorFor errors={errors} field="order" id="signature-order-error" />
      <div class="field">
        <label for="signature-deadline">Deadline</label>
        <input
          type="datetime-local"
          id="signature-deadline"
          name="deadline"
          required
          aria-describedby="signature-deadline-error"
          aria-invalid={errors.invalid('deadline')}
          value={deadline}
          onInput={(e) => setDeadline(e.currentTarget.value)}
        />
      </div>
      <ErrorFor errors={errors} field="deadline" id="signature-deadline-error" />
      <SelectField
        id="signature-reminder"
        name="reminderEverySeconds"
        label="Remind whoever’s turn it is"
        value={reminder}
        options={REMINDERS}
        invalid={errors.invalid('reminderEverySeconds')}
        onChange={setReminder}
      />
      <ErrorFor errors={errors} field="reminderEverySeconds" id="signature-reminderEverySeconds-error" />
      <div class="actions">
        <button type="submit" id="signature-request" disabled={busy || !audience?.length}>
          Request signatures
        </button>
      </div>
      <ErrorFor errors={errors} field="" id="signature-form-error" />
    </form>
  );
}
