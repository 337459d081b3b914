import { useState } from 'preact/hooks';
import { Notice } from '../shared/components.js';
import { ErrorFor, onSubmit, useBusy, useErrors } from '../shared/forms.js';
import { api } from './api.js';
import { usePortal } from './context.js';

/** The client changes their password; their other sessions end. */
export function PasswordForm() {
  const portal = usePortal();
  const errors = useErrors();
  const [busy, run] = useBusy();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [notice, setNotice] = useState('');

  const submit = async () => {
    errors.clear();
    setNotice('');
    if (!currentPassword) return errors.fail('currentPassword', 'Enter your current password.');
    if (!newPassword) return errors.fail('newPassword', 'Choose a new password.');
    const r = await api.changePassword({ currentPassword, newPassword });
    if (portal.failed(r)) return errors.show(r.error);
    setCurrent('');
    setNew('');
    setNotice('Your password is changed. Your other sessions are signed out.');
  };

  return (
    <form
      id="password-form"
      ref={errors.scope}
      class="card"
      noValidate
      aria-labelledby="password-title"
      data-testid="password-form"
      onSubmit={onSubmit(run, submit)}
    >
      <h3 id="password-title">Change password</h3>
      <label for="password-current">Current password</label>
      <input
        id="password-current"
        type="password"
        name="currentPassword"
        autocomplete="current-password"
        required
        aria-describedby="password-currentPassword-error"
        aria-invalid={errors.invalid('currentPassword')}
        value={currentPassword}
        onInput={(e) => setCurrent(e.currentTarget.value)}
      />
      <ErrorFor errors={errors} field="currentPassword" id="password-currentPassword-error" />
      <label for="password-new">New password</label>
      <input
        id="password-new"
        type="password"
        name="newPassword"
        autocomplete="new-password"
        required
        aria-describedby="password-new-rules password-newPassword-error"
        aria-invalid={errors.invalid('newPassword')}
        value={newPassword}
        onInput={(e) => setNew(e.currentTarget.value)}
      />
      <p id="password-new-rules" class="hint">
        At least 12 characters, with a lowercase letter, an uppercase letter, a digit and a special character. Your other sessions are signed out.
      </p>
      <ErrorFor errors={errors} field="newPassword" id="password-newPassword-error" />
      <button type="submit" id="password-submit" disabled={busy}>
        Change password
      </button>
      <ErrorFor errors={errors} field="" id="password-error" />
      <Notice id="password-notice" testid="password-notice">
        {notice}
      </Notice>
    </form>
  );
}
