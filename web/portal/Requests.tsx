import { useCallback, useEffect, useState } from 'preact/hooks';
import { REQUEST_STATUS_WORDS } from '../../domain/wording.js';
import type { ClientRequest } from '../shared/api.js';
import { Alert, Badge } from '../shared/components.js';
import { wordOf } from '../shared/format.js';
import { useLatest } from '../shared/forms.js';
import { api } from './api.js';
import { usePortal } from './context.js';
import { NewRequest } from './NewRequest.js';
import { RequestDetail } from './RequestDetail.js';

/** The client's requests: the list (status, who is responsible, the next step asked of the client), a new request, and the open one. */
export function Requests({ ready }: { ready: boolean }) {
  const portal = usePortal();
  const { me } = portal;
  const [requests, setRequests] = useState<ClientRequest[] | null>(null);
  const [error, setError] = useState('');
  const [current, setCurrent] = useState<{ id: string; n: number } | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const latest = useLatest();
  // Only companies where the client may create requests, and that have a pipeline.
  const creatable = me.companies.filter((c) => c.permissions.includes('requestCreate') && c.pipelineIds.length);

  // the portal context is stable for this home
  const load = useCallback(async () => {
    const fresh = latest();
    setError('');
    const r = await api.requests();
    if (!fresh()) return;
    if (portal.failed(r)) return setError(r.error.message);
    setRequests(r.data.requests);
  }, [latest]);

  useEffect(() => {
    void load();
  }, [load]);

  const open = (id: string) => setCurrent((c) => ({ id, n: (c?.n ?? 0) + 1 }));

  return (
    <section class="card" aria-labelledby="requests-title">
      <div class="row">
        <h3 id="requests-title">Requests</h3>
        {ready && creatable.length > 0 && (
          <button
            type="button"
            id="new-request-toggle"
            class="secondary"
            aria-expanded={formOpen ? 'true' : 'false'}
            aria-controls="new-request"
            onClick={() => setFormOpen(!formOpen)}
          >
            New request
          </button>
        )}
      </div>
      {ready && (
        <NewRequest
          open={formOpen}
          companies={creatable}
          onClose={() => setFormOpen(false)}
          onCreated={async (id) => {
            setFormOpen(false);
            await load();
            open(id);
          }}
        />
      )}
      <Alert id="requests-error">{error}</Alert>
      <ul id="requests" class="plain" aria-labelledby="requests-title" data-testid="requests">
        {requests?.map((req) => {
          const company = portal.companyOf(req.companyId);
          return (
            <li key={req.id} data-testid="request-item">
              <button
                type="button"
                class="request-button"
                aria-current={current?.id === req.id ? 'true' : 'false'}
                data-request-id={req.id}
                onClick={() => open(req.id)}
              >
                <span class="request-main">
                  <span>
                    <span class="request-title">{req.title}</span>
                    {company && me.companies.length > 1 && <span class="muted"> · {company.name}</span>}
                  </span>
                  <span class="request-meta muted" data-testid="request-responsible">
                    {req.responsible ? `Responsible: ${req.responsible}` : 'Nobody is responsible yet'}
                  </span>
                  {req.nextStep && (
                    <span class="request-next" data-testid="request-next-step">
                      Next step for you: {req.nextStep}
                    </span>
                  )}
                </span>
                <Badge tone={`request-status ${req.status}`}>{wordOf(REQUEST_STATUS_WORDS, req.status)}</Badge>
              </button>
            </li>
          );
        })}
      </ul>
      <p id="requests-empty" class="muted" hidden={requests?.length !== 0}>
        No requests yet.
      </p>
      {current && <RequestDetail key={`${current.id}-${current.n}`} id={current.id} />}
    </section>
  );
}
