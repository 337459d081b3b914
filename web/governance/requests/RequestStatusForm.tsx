import { useState } from 'preact/hooks';
import { REQUEST_STATUSES, type RequestStatus } from '../../../domain/vocabulary.js';
import { REQUEST_STATUS_WORDS } from '../../../domain/wording.js';
import type { TeamRequest } from '../../shared/api.js';
import { Notice } from '../../shared/components.js';
import { ErrorFor, SelectField, onSubmit, useBusy, useErrors } from '../../shared/forms.js';
import { gov } from '../api.js';

/** The request's status; while it waits for the client, the next step they are asked to take (which they see). */
export function RequestStatusForm({ request, onChanged }: { request: TeamRequest; onChanged(r: TeamRequest): void }) {
  const errors = useErrors();
  const [busy, run] = useBusy();
  const [status, setStatus] = useState<RequestStatus>(request.status);
  const [nextStep, setNextStep] = useState(request.nextStep ?? '');
  const [notice, setNotice] = useState('');
  const waiting = status === 'waiting_for_client';

  const submit = async () => {
    errors.clear();
    setNotice('');
    if (waiting && !nextStep.trim()) return errors.fail('nextStep', 'Say what the client is to do next: they see it with the request.');
    const r = await gov.setStatus(request.id, { status, nextStep: waiting ? nextStep.trim() : '' });
    if (!r.ok) return errors.show(r.error);
    setNotice(`The status is ${REQUEST_STATUS_WORDS[r.data.status]?.toLowerCase() ?? r.data.status}.`);
    onChanged(r.data);
  };

  return (
    <form id="request-status-form" ref={errors.scope} noValidate aria-labelledby="request-status-title" onSubmit={onSubmit(run, submit)}>
      <h4 id="request-status-title">Status</h4>
      <SelectField
        id="request-status"
        name="status"
        label="Status"
        errorId="request-status-error"
        invalid={errors.invalid('status')}
        value={status}
        options={REQUEST_STATUSES.map((s) => [s, REQUEST_STATUS_WORDS[s]] as const)}
        onChange={(v) => setStatus(v as RequestStatus)}
      />
      <ErrorFor errors={errors} field="status" id="request-status-error" />
      <div class="field" hidden={!waiting}>
        <label for="request-next-step">
          Next step for the client
          <span class="required-mark" aria-hidden="true">
            *
          </span>
        </label>
        <textarea
          id="request-next-step"
          name="nextStep"
          maxLength={500}
          required={waiting}
          aria-describedby="request-next-step-hint request-nextStep-error"
          aria-invalid={errors.invalid('nextStep')}
          value={nextStep}
          onInput={(e) => setNextStep(e.currentTarget.value)}
        />
        <p id="request-next-step-hint" class="hint">
          Required while the request waits for the client: the portal shows it to them.
        </p>
      </div>
      <ErrorFor errors={errors} field="nextStep" id="request-nextStep-error" />
      <div class="actions">
        <button type="submit" id="request-status-save" disabled={busy}>
          Save status
        </button>
      </div>
      <ErrorFor errors={errors} field="" id="request-status-general-error" />
      <Notice id="request-status-notice" testid="request-status-notice">
        {notice}
      </Notice>
    </form>
  );
}
