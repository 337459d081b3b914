import { useEffect, useRef, useState } from 'preact/hooks';
import { DOCUMENT_ACTIONS } from '../../../domain/vocabulary.js';
import { DOCUMENT_EXPECTED_ACTION_WORDS } from '../../../domain/wording.js';
import type { Company, Contact, ExpectedAction, TeamRequestSummary } from '../../shared/api.js';
import { fullName } from '../../shared/format.js';
import { ErrorFor, SelectField, onSubmit, useBusy, useErrors, useLatest } from '../../shared/forms.js';
import { gov } from '../api.js';
import { useGovernance } from '../context.js';

const EXPECTED_ACTIONS: readonly ExpectedAction[] = ['none', ...DOCUMENT_ACTIONS];

/** What a company offers the form: its contacts and its requests (by title), read when the company is chosen. */
type CompanyChoices = { state: 'loading' } | { state: 'ready'; contacts: Contact[]; requests: TeamRequestSummary[]; error: string };

/** A new draft: title, description, company, optionally one of its contacts, what the client is asked to do, and optionally one of its requests. */
export function NewDocument({ onClose, onCreated }: { onClose(): void; onCreated(id: string): void }) {
  const g = useGovernance();
  const errors = useErrors();
  const [busy, run] = useBusy();
  const latest = useLatest();
  const [companies, setCompanies] = useState<Company[] | null | 'error'>(null);
  const [choices, setChoices] = useState<CompanyChoices | null>(null);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [companyId, setCompanyId] = useState('');
  const [contactId, setContactId] = useState('');
  const [expectedAction, setExpectedAction] = useState<ExpectedAction>('review');
  const [requestId, setRequestId] = useState('');
  const article = useRef<HTMLElement>(null);
  const titleInput = useRef<HTMLInputElement>(null);

  // on opening: the client companies, and the focus on the title
  useEffect(() => {
    article.current?.scrollIntoView({ block: 'nearest' });
    titleInput.current?.focus();
    void g.clientCompanies().then((list) => setCompanies(list ?? 'error'));
  }, []);

  // The chosen company's contacts and requests.
  useEffect(() => {
    setContactId('');
    setRequestId('');
    if (!companyId) return setChoices(null);
    const fresh = latest();
    setChoices({ state: 'loading' });
    void Promise.all([gov.contacts(companyId), gov.requests({ companyId, pageSize: 100 })]).then(([c, r]) => {
      if (!fresh()) return;
      const failed = !c.ok ? c.error.message : !r.ok ? r.error.message : '';
      setChoices({ state: 'ready', contacts: c.ok ? c.data.contacts : [], requests: r.ok ? r.data.requests : [], error: failed });
    });
  }, [companyId]);

  const submit = async () => {
    errors.clear();
    if (!title.trim()) return errors.fail('title', 'Give the document a title.');
    if (!companyId) return errors.fail('companyId', 'Choose the company the document is for.');
    const r = await gov.createDocument({ title: title.trim(), description, companyId, contactId, expectedAction, requestId });
    if (!r.ok) return errors.show(r.error);
    onCreated(r.data.id);
  };

  const ready = choices?.state === 'ready' ? choices : null;
  const contactOptions = (ready?.contacts ?? []).map((c) => [c.id, fullName(c) || c.email] as const).sort((a, b) => a[1].localeCompare(b[1]));
  const requestOptions = (ready?.requests ?? []).map((x) => [x.id, x.title] as const);
  const companyOptions = Array.isArray(companies) ? companies.map((c) => [c.id, c.name] as const).sort((a, b) => a[1].localeCompare(b[1])) : [];
  const waiting = companyId ? (ready ? undefined : 'Loading…') : 'Choose the company first';

  return (
    <article id="document-new-form" ref={article} class="card" aria-labelledby="document-new-title" data-testid="document-new">
      <div class="actions heading-row">
        <h3 id="document-new-title">New document</h3>
        <button type="button" id="document-new-close" class="secondary" onClick={onClose}>
          Close
        </button>
      </div>
      <p class="hint">A new document is a draft: clients see it only once it has a file and you publish it.</p>
      <form id="document-form" ref={errors.scope} noValidate aria-labelledby="document-new-title" onSubmit={onSubmit(run, submit)}>
        <div class="field">
          <label for="document-title">
            Title
            <span class="required-mark" aria-hidden="true">
              *
            </span>
          </label>
          <input
            ref={titleInput}
            id="document-title"
            type="text"
            name="title"
            maxLength={200}
            required
            aria-describedby="document-title-error"
            aria-invalid={errors.invalid('title')}
            value={title}
            onInput={(e) => setTitle(e.currentTarget.value)}
          />
          <ErrorFor errors={errors} field="title" id="document-title-error" />
        </div>
        <div class="field">
          <label for="document-description">Description</label>
          <textarea
            id="document-description"
            name="description"
            maxLength={10000}
            aria-describedby="document-description-hint document-description-error"
            aria-invalid={errors.invalid('description')}
            value={description}
            onInput={(e) => setDescription(e.currentTarget.value)}
          />
          <p id="document-description-hint" class="hint">
            The clients read it on the document’s card.
          </p>
          <ErrorFor errors={errors} field="description" id="document-description-error" />
        </div>
        <SelectField
          id="document-company"
          name="companyId"
          label="Company"
          errorId="document-companyId-error"
          invalid={errors.invalid('companyId')}
          value={companyId}
          none={companies === null ? 'Loading the companies…' : 'Choose a company'}
          options={companyOptions}
          onChange={setCompanyId}
        />
        <ErrorFor errors={errors} field="companyId" id="document-companyId-error" />
        {companies === 'error' && <p class="error">The companies could not be read; close the form and try again.</p>}
        <SelectField
          id="document-contact"
          name="contactId"
          label="Contact (optional)"
          errorId="document-contactId-error"
          invalid={errors.invalid('contactId')}
          value={contactId}
          none={waiting ?? 'Every client of the company'}
          options={contactOptions}
          onChange={setContactId}
        />
        <p class="hint">Only this contact’s portal user sees the document; without one, every client of the company with document access does.</p>
        <ErrorFor errors={errors} field="contactId" id="document-contactId-error" />
        <SelectField
          id="document-action"
          name="expectedAction"
          label="The client is asked to"
          errorId="document-expectedAction-error"
          invalid={errors.invalid('expectedAction')}
          value={expectedAction}
          options={EXPECTED_ACTIONS.map((a) => [a, DOCUMENT_EXPECTED_ACTION_WORDS[a]] as const)}
          onChange={(v) => setExpectedAction(v as ExpectedAction)}
        />
        <ErrorFor errors={errors} field="expectedAction" id="document-expectedAction-error" />
        <SelectField
          id="document-request"
          name="requestId"
          label="Request (optional)"
          errorId="document-requestId-error"
          invalid={errors.invalid('requestId')}
          value={requestId}
          none={waiting ?? (requestOptions.length ? 'No request' : 'No request (the company has none)')}
          options={requestOptions}
          onChange={setRequestId}
        />
        <ErrorFor errors={errors} field="requestId" id="document-requestId-error" />
        {ready?.error && <p class="error">Some of the company’s contacts or requests could not be read: {ready.error}</p>}
        <div class="actions">
          <button type="submit" id="document-create" disabled={busy}>
            Create the draft
          </button>
        </div>
        <ErrorFor errors={errors} field="" id="document-error" />
      </form>
    </article>
  );
}
