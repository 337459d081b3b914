import { useEffect, useState } from 'preact/hooks';
import { DIAGNOSTIC_OBJECTS, type DiagnosticObject } from '../../../domain/vocabulary.js';
import { DIAGNOSTIC_OBJECT_WORDS, DIAGNOSTIC_STEP_WORDS, LINK_STATUS_WORDS, PERMISSION_WORDS, REQUEST_STATUS_WORDS } from '../../../domain/wording.js';
import type { Diagnosis, LinkDetail, ViewAs as ViewAsAnswer } from '../../shared/api.js';
import { Alert, Badge, Facts } from '../../shared/components.js';
import { plural, wordOf } from '../../shared/format.js';
import { ErrorFor, SelectField, onSubmit, useBusy, useErrors, useLatest } from '../../shared/forms.js';
import { gov } from '../api.js';
import { useGovernance } from '../context.js';

/** The requests or documents of the link's companies, by title, as the picker offers them. */
type Choices = { state: 'loading' } | { state: 'ready'; items: { id: string; title: string; companyId: string }[]; error: string };

/** Why can, or cannot, this client see something (picked by its title); and the portal as the client sees it. */
export function Diagnostics({ link, version }: { link: LinkDetail; version: number }) {
  const g = useGovernance();
  const errors = useErrors();
  const [busy, run] = useBusy();
  const latest = useLatest();
  const [objectType, setObjectType] = useState<DiagnosticObject | ''>('');
  const [objectId, setObjectId] = useState('');
  const [diagnosis, setDiagnosis] = useState<Diagnosis | null>(null);
  const [requests, setRequests] = useState<Choices | null>(null);
  const [documents, setDocuments] = useState<Choices | null>(null);
  const byTitle = objectType === 'request' || objectType === 'chat';

  // Answers computed before the link was read again may no longer hold; its companies may have changed too.
  useEffect(() => {
    setDiagnosis(null);
    setRequests(null);
    setDocuments(null);
  }, [version]);

  // The documents of each of the link's companies (drafts included: diagnostics says why they are not seen).
  useEffect(() => {
    if (objectType !== 'document' || documents) return;
    setDocuments({ state: 'loading' });
    void Promise.all(link.companies.map((c) => gov.documents({ companyId: c.id }))).then((answers) => {
      const items = answers.flatMap((r) => (r.ok ? r.data.documents : [])).map((d) => ({ id: d.id, title: d.title, companyId: d.companyId }));
      const failed = answers.find((r) => !r.ok);
      setDocuments({ state: 'ready', items, error: failed && !failed.ok ? failed.error.message : '' });
    });
  }, [objectType, documents, link]);

  // The requests of each of the link's companies, read when a request (or its chat) is to be picked.
  useEffect(() => {
    if (!byTitle || requests) return;
    setRequests({ state: 'loading' });
    void Promise.all(link.companies.map((c) => gov.requests({ companyId: c.id, pageSize: 100 }))).then((answers) => {
      const items = answers.flatMap((r) => (r.ok ? r.data.requests : [])).map((r) => ({ id: r.id, title: r.title, companyId: r.companyId }));
      const failed = answers.find((r) => !r.ok);
      setRequests({ state: 'ready', items, error: failed && !failed.ok ? failed.error.message : '' });
    });
  }, [byTitle, requests, link]);

  const choose = (type: DiagnosticObject | '') => {
    setObjectType(type);
    setObjectId('');
    errors.clear();
  };

  const submit = async () => {
    errors.clear();
    const id = objectId.trim();
    if (objectType && !id) return errors.fail('objectId', `Choose the ${DIAGNOSTIC_OBJECT_WORDS[objectType].toLowerCase()}.`);
    const fresh = latest();
    const r = await gov.diagnostics(link.id, objectType ? { objectType, objectId: id } : undefined);
    if (!fresh()) return;
    setDiagnosis(null);
    if (!r.ok) return errors.show(r.error);
    setDiagnosis(r.data);
  };

  const several = link.companies.length > 1;
  const requestOptions =
    requests?.state === 'ready' ? requests.items.map((x) => [x.id, several ? `${x.title} · ${g.companyName(x.companyId)}` : x.title] as const) : [];
  const pipelineOptions = [...g.pipelines].sort((a, b) => a[1].localeCompare(b[1]));
  const documentOptions =
    documents?.state === 'ready' ? documents.items.map((x) => [x.id, several ? `${x.title} · ${g.companyName(x.companyId)}` : x.title] as const) : [];

  return (
    <article id="link-diagnostics-card" class="card" aria-labelledby="link-diag-title">
      <h3 id="link-diag-title">Diagnostics</h3>
      <p class="hint">
        Why can, or cannot, this client see something? Every element of the access chain is checked in order; the first denial comes with its fix.
      </p>
      <form id="diag-form" ref={errors.scope} class="toolbar" noValidate aria-labelledby="link-diag-title" onSubmit={onSubmit(run, submit)}>
        <SelectField
          id="diag-type"
          name="objectType"
          label="Object"
          invalid={errors.invalid('objectType')}
          value={objectType}
          none="None — the link as a whole"
          options={DIAGNOSTIC_OBJECTS.map((o) => [o, DIAGNOSTIC_OBJECT_WORDS[o]] as const)}
          onChange={(v) => choose(v as DiagnosticObject | '')}
        />
        {byTitle && (
          <SelectField
            id="diag-request"
            name="objectId"
            label={objectType === 'chat' ? 'Request (its chat)' : 'Request'}
            errorId="diag-objectId-error"
            testid="diag-request"
            invalid={errors.invalid('objectId')}
            value={objectId}
            none={requests?.state === 'ready' ? (requestOptions.length ? 'Choose a request' : 'No request in these companies') : 'Loading the requests…'}
            options={requestOptions}
            onChange={setObjectId}
          />
        )}
        {objectType === 'pipeline' && (
          <SelectField
            id="diag-pipeline"
            name="objectId"
            label="Pipeline"
            errorId="diag-objectId-error"
            testid="diag-pipeline"
            invalid={errors.invalid('objectId')}
            value={objectId}
            none="Choose a pipeline"
            options={pipelineOptions}
            onChange={setObjectId}
          />
        )}
        {objectType === 'document' && (
          <SelectField
            id="diag-document"
            name="objectId"
            label="Document"
            errorId="diag-objectId-error"
            testid="diag-document"
            invalid={errors.invalid('objectId')}
            value={objectId}
            none={documents?.state === 'ready' ? (documentOptions.length ? 'Choose a document' : 'No document in these companies') : 'Loading the documents…'}
            options={documentOptions}
            onChange={setObjectId}
          />
        )}
        <button type="submit" id="diag-run" disabled={busy}>
          Diagnose
        </button>
        <div class="toolbar-errors">
          {requests?.state === 'ready' && requests.error && byTitle && <p class="error">Some requests could not be read: {requests.error}</p>}
          {documents?.state === 'ready' && documents.error && objectType === 'document' && (
            <p class="error">Some documents could not be read: {documents.error}</p>
          )}
          <ErrorFor errors={errors} field="objectType" id="diag-objectType-error" />
          <ErrorFor errors={errors} field="objectId" id="diag-objectId-error" />
          <ErrorFor errors={errors} field="" id="diag-error" />
        </div>
      </form>
      <div id="diag-result" hidden={!diagnosis} data-testid="diagnostics" aria-live="polite">
        {diagnosis && <DiagnosisView diagnosis={diagnosis} />}
      </div>
      <ViewAs link={link} version={version} />
    </article>
  );
}

function DiagnosisView({ diagnosis: d }: { diagnosis: Diagnosis }) {
  const subject = d.object ? `${wordOf(DIAGNOSTIC_OBJECT_WORDS, d.object.type)} “${d.object.title || d.object.id}”` : 'Access through this link';
  const first = d.steps.findIndex((st) => st.status === 'fail');
  return (
    <>
      <p class={d.visible ? 'gained' : 'lost'} data-testid="diag-verdict">
        <strong>{d.visible ? `✓ ${subject} is open to the client.` : `✗ ${subject} is not open to the client.`}</strong>
      </p>
      <ol class="diag" aria-label="The access chain, step by step">
        {d.steps.map((st, i) => (
          <li key={st.element} class={st.status} data-testid="diag-step" data-element={st.element} data-status={st.status}>
            <span class="mark" aria-hidden="true">
              {st.status === 'pass' ? '✓' : '✗'}
            </span>
            <span class="visually-hidden">{st.status === 'pass' ? 'Passes: ' : 'Denies: '}</span>
            <strong>{wordOf(DIAGNOSTIC_STEP_WORDS, st.element)}</strong> — {st.reason}
            {st.fix && i === first && (
              <p class="fix" data-testid="diag-fix">
                Fix: {st.fix}
              </p>
            )}
            {st.fix && i !== first && <p class="hint">Then: {st.fix}</p>}
          </li>
        ))}
      </ol>
    </>
  );
}

/** "View as this client": what the client sees, section by section, without signing in as them. */
function ViewAs({ link, version }: { link: LinkDetail; version: number }) {
  const g = useGovernance();
  const [busy, run] = useBusy();
  const latest = useLatest();
  const [view, setView] = useState<ViewAsAnswer | null>(null);
  const [error, setError] = useState('');

  useEffect(() => setView(null), [version]);

  const show = () =>
    run(async () => {
      setError('');
      const fresh = latest();
      const r = await gov.viewAs(link.id);
      if (!fresh()) return;
      setView(null);
      if (!r.ok) return setError(r.error.message);
      setView(r.data);
    });

  const yesNo = (v: boolean) => <span class={v ? 'yes' : 'no'}>{v ? 'Yes' : 'No'}</span>;
  const s = view?.sections;
  return (
    <>
      <h4 id="link-viewas-title">View as this client</h4>
      <p class="hint">What the client sees, section by section, without signing in as them.</p>
      <div class="actions top-actions">
        <button type="button" id="view-as-run" class="secondary" disabled={busy} onClick={show}>
          View as this client
        </button>
      </div>
      <Alert id="view-as-error">{error}</Alert>
      <div id="view-as" hidden={!view} data-testid="view-as">
        {view && s && (
          <>
            <p class="hint">This is the portal as the client sees it right now.</p>
            <Facts
              rows={[
                ['Link status', <Badge tone={view.status}>{wordOf(LINK_STATUS_WORDS, view.status)}</Badge>],
                ['Companies', view.companies.map((c) => g.companyName(c.companyId)).join(', ') || 'none'],
                [
                  'Requests',
                  <div data-testid="view-as-requests">
                    {`${plural(s.requests.visible, 'request')} visible`}
                    {s.requests.items.length > 0 && (
                      <ul>
                        {s.requests.items.map((x) => (
                          <li key={x.id}>
                            {x.title}
                            <span class="muted"> · {wordOf(REQUEST_STATUS_WORDS, x.status)}</span>
                          </li>
                        ))}
                      </ul>
                    )}
                  </div>,
                ],
                ['May create requests', yesNo(s.requests.canCreate)],
                [
                  'Request chats',
                  <span>
                    {s.requestChat.readable} readable · may write: {yesNo(s.requestChat.canSend)}
                  </span>,
                ],
                ['Pipelines', s.pipelines.length ? s.pipelines.map((p) => p.name).join(', ') : 'none'],
                [
                  'Documents',
                  <div data-testid="view-as-documents">
                    {`${plural(s.documents.visible, 'document')} visible`}
                    {s.documents.items.length > 0 && (
                      <ul>
                        {s.documents.items.map((x) => (
                          <li key={x.id}>{x.title}</li>
                        ))}
                      </ul>
                    )}
                  </div>,
                ],
                [PERMISSION_WORDS.generalChat.label, yesNo(s.generalChat)],
                [PERMISSION_WORDS.calls.label, yesNo(s.calls)],
                [PERMISSION_WORDS.telegram.label, yesNo(s.telegram)],
                [PERMISSION_WORDS.widget.label, yesNo(s.widget)],
              ]}
            />
          </>
        )}
      </div>
    </>
  );
}
