import { useState } from 'preact/hooks';
import type { NewPortalUser, PortalUser } from '../../shared/api.js';
import { fullName } from '../../shared/format.js';
import { ErrorFor, onSubmit, useBusy, useErrors } from '../../shared/forms.js';
import { gov } from '../api.js';

/** Step 1: find an existing portal user, or create a new one. */
export function ChooseUser({ onChoose }: { onChoose(user: PortalUser): void }) {
  return (
    <div class="columns">
      <FindUser onChoose={onChoose} />
      <CreateUser onCreated={onChoose} />
    </div>
  );
}

function FindUser({ onChoose }: { onChoose(user: PortalUser): void }) {
  const errors = useErrors();
  const [busy, run] = useBusy();
  const [q, setQ] = useState('');
  const [users, setUsers] = useState<PortalUser[] | null>(null);

  const search = async () => {
    errors.clear();
    const r = await gov.users(q.trim());
    setUsers(null);
    if (!r.ok) return errors.show(r.error);
    setUsers(r.data.users);
  };

  return (
    <div>
      <search aria-label="Find a portal user">
        <form id="user-search" ref={errors.scope} class="toolbar" onSubmit={onSubmit(run, search)}>
          <div class="field">
            <label for="user-q">Find a user</label>
            <input
              id="user-q"
              type="search"
              name="q"
              maxLength={100}
              placeholder="Login, email or name"
              aria-describedby="user-q-error"
              aria-invalid={errors.invalid('q')}
              value={q}
              onInput={(e) => setQ(e.currentTarget.value)}
            />
          </div>
          <button type="submit" id="user-search-submit" class="secondary" disabled={busy}>
            Search
          </button>
          <div class="toolbar-errors">
            <ErrorFor errors={errors} field="q" id="user-q-error" />
            <ErrorFor errors={errors} field="" id="user-search-error" />
          </div>
        </form>
      </search>
      <ul id="user-results" class="plain results" aria-label="Users found" data-testid="user-results">
        {users?.map((u) => (
          <li key={u.id} data-user-id={u.id} data-testid="user-result">
            <span>
              <strong>{fullName(u)}</strong> · {u.login} · {u.email}
              {!u.activated && <span class="muted"> · not activated</span>}
            </span>
            <button type="button" class="secondary" aria-label={`Choose ${u.login}`} onClick={() => onChoose(u)}>
              Choose
            </button>
          </li>
        ))}
      </ul>
      <p id="user-results-empty" class="muted" hidden={users?.length !== 0}>
        No user matches.
      </p>
    </div>
  );
}

const FIELDS: { name: keyof NewPortalUser; id: string; label: string; type: 'text' | 'email'; max: number; hint?: string }[] = [
  { name: 'login', id: 'new-user-login', label: 'Login', type: 'text', max: 64, hint: '3 to 64 lowercase letters, digits, dots, dashes or underscores.' },
  { name: 'email', id: 'new-user-email', label: 'Email', type: 'email', max: 254 },
  { name: 'firstName', id: 'new-user-first-name', label: 'First name', type: 'text', max: 100 },
  { name: 'lastName', id: 'new-user-last-name', label: 'Last name', type: 'text', max: 100 },
];

function CreateUser({ onCreated }: { onCreated(user: PortalUser): void }) {
  const errors = useErrors();
  const [busy, run] = useBusy();
  const empty: NewPortalUser = { login: '', email: '', firstName: '', lastName: '' };
  const [values, setValues] = useState(empty);

  const create = async () => {
    errors.clear();
    const body: NewPortalUser = {
      login: values.login.trim(),
      email: values.email.trim(),
      firstName: values.firstName.trim(),
      lastName: values.lastName.trim(),
    };
    const r = await gov.createUser(body);
    if (!r.ok) return errors.show(r.error);
    setValues(empty);
    onCreated(r.data);
  };

  return (
    <form id="user-create" ref={errors.scope} noValidate aria-labelledby="user-create-title" onSubmit={onSubmit(run, create)}>
      <h4 id="user-create-title" class="flush">
        Or create a new one
      </h4>
      {FIELDS.map((f) => (
        <div key={f.name} class="field">
          <label for={f.id}>{f.label}</label>
          <input
            id={f.id}
            // Preact's types tell inputs apart by one literal type; this one is text or email.
            type={f.type as 'text'}
            name={f.name}
            autocomplete="off"
            spellcheck={f.name === 'login' ? false : undefined}
            maxLength={f.max}
            aria-describedby={f.hint ? `${f.id}-hint ${f.id}-error` : `${f.id}-error`}
            aria-invalid={errors.invalid(f.name)}
            value={values[f.name]}
            onInput={(e) => {
              const v = e.currentTarget.value;
              setValues((x) => ({ ...x, [f.name]: v }));
            }}
          />
          {f.hint && (
            <p id={`${f.id}-hint`} class="hint">
              {f.hint}
            </p>
          )}
          <ErrorFor errors={errors} field={f.name} id={`${f.id}-error`} />
        </div>
      ))}
      <button type="submit" id="user-create-submit" disabled={busy}>
        Create user
      </button>
      <ErrorFor errors={errors} field="" id="user-create-error" />
    </form>
  );
}
