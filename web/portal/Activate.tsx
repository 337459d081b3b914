import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorFor, onSubmit, useBusy, useErrors } from '../shared/forms.js';
import { api } from './api.js';

/**
 * The page an invitation email links to. A new account sets its password; an
 * existing account accepts the invitation with its own password, which is never reset.
 */
export function Activate({ token, onActivated }: { token: string; onActivated(): Promise<void> }) {
  const errors = useErrors();
  const [busy, run] = useBusy();
  const [password, setPassword] = useState('');
  const [existingAccount, setExistingAccount] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    input.current?.focus();
    void api.activationInfo(token).then((r) => {
      if (r.ok && r.data.existingAccount) setExistingAccount(true);
    });
  }, [token]);

  const submit = async () => {
    errors.clear();
    if (!password) return errors.fail('password', 'Choose a password.');
    const r = await api.activate({ token, password });
    if (!r.ok) return errors.show(r.error);
    setPassword('');
    await onActivated();
  };

  return (
    <form id="activate" ref={errors.scope} class="card narrow" noValidate aria-labelledby="activate-title" onSubmit={onSubmit(run, submit)}>
      <h2 id="activate-title">{existingAccount ? 'Accept your invitation' : 'Set your password'}</h2>
      <p id="activate-intro">
        {existingAccount
          ? 'You already have a portal password. Enter it to accept the invitation.'
          : 'Welcome to the Extranet. Choose a password to activate your access.'}
      </p>
      <label for="activate-password">Password</label>
      <input
        ref={input}
        id="activate-password"
        type="password"
        name="password"
        autocomplete={existingAccount ? 'current-password' : 'new-password'}
        required
        aria-describedby="password-rules activate-password-error"
        aria-invalid={errors.invalid('password')}
        value={password}
        onInput={(e) => setPassword(e.currentTarget.value)}
      />
      <p id="password-rules" class="hint" hidden={existingAccount}>
        At least 12 characters, with a lowercase letter, an uppercase letter, a digit and a special character.
      </p>
      <ErrorFor errors={errors} field="password" id="activate-password-error" testid="activate-password-error" />
      <button type="submit" id="activate-submit" disabled={busy}>
        {existingAccount ? 'Accept the invitation' : 'Activate my access'}
      </button>
      <ErrorFor errors={errors} field="" id="activate-error" testid="activate-error" />
    </form>
  );
}
