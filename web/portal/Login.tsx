import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorFor, onSubmit, useBusy, useErrors } from '../shared/forms.js';
import { api } from './api.js';

/** Password sign-in of a portal user. */
export function Login({ onSignedIn }: { onSignedIn(): Promise<void> }) {
  const errors = useErrors();
  const [busy, run] = useBusy();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const first = useRef<HTMLInputElement>(null);

  useEffect(() => first.current?.focus(), []);

  const submit = async () => {
    errors.clear();
    const name = login.trim();
    if (!name) return errors.fail('login', 'Enter your login or email.');
    if (!password) return errors.fail('password', 'Enter your password.');
    const r = await api.login({ login: name, password });
    if (!r.ok) return errors.show(r.error);
    setLogin('');
    setPassword('');
    await onSignedIn();
  };

  return (
    <form id="login" ref={errors.scope} class="card narrow" noValidate aria-labelledby="login-title" onSubmit={onSubmit(run, submit)}>
      <h2 id="login-title">Sign in</h2>
      <label for="login-login">Login or email</label>
      <input
        ref={first}
        id="login-login"
        name="login"
        autocomplete="username"
        required
        aria-describedby="login-login-error"
        aria-invalid={errors.invalid('login')}
        value={login}
        onInput={(e) => setLogin(e.currentTarget.value)}
      />
      <ErrorFor errors={errors} field="login" id="login-login-error" />
      <label for="login-password">Password</label>
      <input
        id="login-password"
        type="password"
        name="password"
        autocomplete="current-password"
        required
        aria-describedby="login-password-error"
        aria-invalid={errors.invalid('password')}
        value={password}
        onInput={(e) => setPassword(e.currentTarget.value)}
      />
      <ErrorFor errors={errors} field="password" id="login-password-error" />
      <button type="submit" id="login-submit" disabled={busy}>
        Sign in
      </button>
      <ErrorFor errors={errors} field="" id="login-error" />
      <p class="hint">Invited by your account manager? Open the link in the invitation email to set your password first.</p>
    </form>
  );
}
