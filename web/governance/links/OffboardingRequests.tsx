/** Ending a collaboration: what becomes of each of the client's unfinished requests (left open, closed with a reason, handed over). */
import { useCallback, useRef, useState } from 'preact/hooks';
import { EMPLOYEE_ROLE_WORDS, REQUEST_STATUS_WORDS } from '../../../domain/wording.js';
import type { ClientRequest, Employee, OpenDocuments, RequestDisposition } from '../../shared/api.js';
import { wordOf } from '../../shared/format.js';
import { Choice, type ErrorLike, ErrorFor, type Errors, SelectField, useLatest } from '../../shared/forms.js';
import { gov } from '../api.js';
import { useGovernance } from '../context.js';

type Action = 'open' | RequestDisposition['action'];

interface RequestChoice {
  action: Action;
  reason: string;
  employeeId: string;
}

const LEFT_OPEN: RequestChoice = { action: 'open', reason: '', employeeId: '' };

const ACTIONS: [Action, string][] = [
  ['open', 'Leave open'],
  ['close', 'Close with a reason the client reads'],
  ['hand_over', 'Hand over to'],
];

/** The control of a request's reason or employee: where a problem with it takes the focus. */
const controlId = (requestId: string, action: Action) => `offboarding-${requestId}-${action === 'close' ? 'reason' : 'employee'}`;

/** Refusals of the choices carry the field `requests` (or one inside it, `requests[0].reason`). */
export const aboutRequests = (e: ErrorLike): ErrorLike | null =>
  typeof e.details?.field === 'string' && e.details.field.startsWith('requests') ? { ...e, details: { ...e.details, field: 'requests' } } : null;

/**
 * The client's unfinished requests, read when a disabling or revoking starts,
 * and the employee's choice for each. The choices are also kept in a ref: the
 * change, prepared when it started, sends them as they are at Confirm.
 */
export function useOffboardingRequests() {
  const latest = useLatest();
  // null while they are read; an error when they cannot be.
  const [requests, setRequests] = useState<ClientRequest[] | ErrorLike | null>(null);
  const [employees, setEmployees] = useState<Employee[]>([]);
  const [choices, setChoices] = useState<Record<string, RequestChoice>>({});
  const current = useRef(choices);
  // The titles, read by `check` whenever it runs.
  const titles = useRef(new Map<string, string>());
  // The request whose choice is incomplete, after a Confirm.
  const [invalid, setInvalid] = useState('');
  // What the client is still asked to answer or sign (null while read, an error when it cannot be).
  const [documents, setDocuments] = useState<OpenDocuments | ErrorLike | null>(null);

  const load = useCallback(
    async (linkId: string) => {
      const fresh = latest();
      current.current = {};
      setChoices({});
      setInvalid('');
      setRequests(null);
      setDocuments(null);
      const [r, e, d] = await Promise.all([gov.openRequests(linkId), gov.employees(), gov.openDocuments(linkId)]);
      if (!fresh()) return;
      setDocuments(d.ok ? d.data : d.error);
      titles.current = new Map(r.ok ? r.data.requests.map((x) => [x.id, x.title]) : []);
      setRequests(r.ok ? r.data.requests : r.error);
      setEmployees(e.ok ? e.data.employees.filter((x) => !x.disabled) : []);
    },
    [latest],
  );

  const choose = (requestId: string, change: Partial<RequestChoice>) => {
    current.current = { ...current.current, [requestId]: { ...(current.current[requestId] ?? LEFT_OPEN), ...change } };
    setChoices(current.current);
    setInvalid('');
  };

  /** The choices as the status change takes them; a request left open is not named. */
  const dispositions = (): RequestDisposition[] =>
    Object.entries(current.current).flatMap(([requestId, c]): RequestDisposition[] =>
      c.action === 'close'
        ? [{ requestId, action: 'close', reason: c.reason.trim() }]
        : c.action === 'hand_over'
          ? [{ requestId, action: 'hand_over', employeeId: c.employeeId }]
          : [],
    );

  /** The first incomplete choice (a close without a reason, a hand-over to nobody), its control focused; null when each is complete. */
  const check = (): ErrorLike | null => {
    for (const [requestId, c] of Object.entries(current.current)) {
      const title = titles.current.get(requestId) ?? requestId;
      const message =
        c.action === 'close' && !c.reason.trim()
          ? `Write the reason the client reads for “${title}”, or leave it open.`
          : c.action === 'hand_over' && !c.employeeId
            ? `Choose who takes “${title}” over, or leave it open.`
            : '';
      if (!message) continue;
      setInvalid(requestId);
      document.getElementById(controlId(requestId, c.action))?.focus();
      return { message, details: { field: 'requests' } };
    }
    return null;
  };

  /** A request by its title, when it was read (its id otherwise). */
  const titleOf = (id: string) => titles.current.get(id) ?? id;
  /** Who a request was handed over to, as chosen. */
  const handedTo = (id: string) => {
    const employeeId = choices[id]?.employeeId;
    return employeeId ? (employees.find((e) => e.id === employeeId)?.name ?? employeeId) : '';
  };

  return { requests, documents, employees, choices, invalid, choose, load, dispositions, check, titleOf, handedTo };
}

export type OffboardingRequests = ReturnType<typeof useOffboardingRequests>;

/** For each unfinished request: leave it open, close it with a reason the client reads, or hand it over to an employee. */
export function RequestChoices({ offboarding, errors }: { offboarding: OffboardingRequests; errors: Errors<HTMLElement> }) {
  const { companyName } = useGovernance();
  const { requests, employees, choices, invalid, choose } = offboarding;
  const employeeOptions = employees.map((e) => [e.id, `${e.name} (${wordOf(EMPLOYEE_ROLE_WORDS, e.role).toLowerCase()})`] as const);
  return (
    <section class="offboarding-requests" aria-labelledby="offboarding-requests-title" data-testid="offboarding-requests">
      <h6 id="offboarding-requests-title">The client’s unfinished requests</h6>
      {requests === null && (
        <p class="muted" role="status">
          Reading the client’s unfinished requests…
        </p>
      )}
      {requests && !Array.isArray(requests) && (
        <p class="error" role="alert">
          {`The unfinished requests cannot be read now (${requests.message}); they stay open and the report lists them.`}
        </p>
      )}
      {Array.isArray(requests) && !requests.length && <p class="muted">The client has no unfinished request.</p>}
      {Array.isArray(requests) && requests.length > 0 && (
        <p class="hint" id="offboarding-requests-hint">
          Each request stays open unless you close it or hand it over; the report lists those still open.
        </p>
      )}
      {Array.isArray(requests) &&
        requests.map((r) => {
          const c = choices[r.id] ?? LEFT_OPEN;
          const name = `offboarding-${r.id}-action`;
          return (
            <fieldset key={r.id} data-request-id={r.id} data-testid="offboarding-request" aria-describedby="offboarding-requests-error">
              <legend>
                {r.title} <span class="muted">{`(${companyName(r.companyId)}, ${wordOf(REQUEST_STATUS_WORDS, r.status).toLowerCase()})`}</span>
              </legend>
              {ACTIONS.map(([action, label]) => (
                <Choice
                  key={action}
                  id={`${name}-${action}`}
                  label={label}
                  input={
                    <input
                      type="radio"
                      id={`${name}-${action}`}
                      name={name}
                      value={action}
                      checked={c.action === action}
                      onChange={() => choose(r.id, { action })}
                    />
                  }
                />
              ))}
              {c.action === 'close' && (
                <div class="field">
                  <label for={controlId(r.id, 'close')}>Reason the client reads</label>
                  <input
                    type="text"
                    id={controlId(r.id, 'close')}
                    required
                    maxLength={2000}
                    value={c.reason}
                    aria-invalid={invalid === r.id ? 'true' : undefined}
                    aria-describedby="offboarding-requests-error"
                    onInput={(e) => choose(r.id, { reason: e.currentTarget.value })}
                  />
                </div>
              )}
              {c.action === 'hand_over' && (
                <SelectField
                  id={controlId(r.id, 'hand_over')}
                  name="employeeId"
                  label="Employee who takes it over"
                  value={c.employeeId}
                  none="Choose an employee"
                  options={employeeOptions}
                  errorId="offboarding-requests-error"
                  invalid={invalid === r.id ? 'true' : undefined}
                  onChange={(employeeId) => choose(r.id, { employeeId })}
                />
              )}
            </fieldset>
          );
        })}
      <ErrorFor errors={errors} field="requests" id="offboarding-requests-error" testid="offboarding-requests-error" />
    </section>
  );
}
