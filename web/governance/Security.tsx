import { useEffect, useState } from 'preact/hooks';
import type { SecuritySettings } from '../shared/api.js';
import { Notice } from '../shared/components.js';
import { ErrorFor, onSubmit, useBusy, useErrors, useLatest } from '../shared/forms.js';
import { gov } from './api.js';
import type { SectionProps } from './context.js';

type NumberField =
  | 'passwordMinLength'
  | 'maxFailedAttempts'
  | 'lockoutSeconds'
  | 'accessLifetimeSeconds'
  | 'refreshLifetimeSeconds'
  | 'invitationLifetimeSeconds';
type SwitchField = 'passwordRequireLowercase' | 'passwordRequireUppercase' | 'passwordRequireDigit' | 'passwordRequireSpecial';

const NUMBERS: Record<NumberField, { label: string; min: number; max: number; hint?: string }> = {
  passwordMinLength: { label: 'Minimum length', min: 8, max: 128 },
  maxFailedAttempts: { label: 'Failed attempts before lockout', min: 3, max: 100 },
  lockoutSeconds: { label: 'Lockout duration (seconds)', min: 1, max: 86400 },
  accessLifetimeSeconds: { label: 'Access token lifetime (seconds)', min: 1, max: 86400 },
  refreshLifetimeSeconds: { label: 'Refresh token lifetime (seconds)', min: 60, max: 7776000, hint: 'At least the access token lifetime.' },
  invitationLifetimeSeconds: { label: 'Invitation lifetime (seconds)', min: 1, max: 2592000 },
};
const SWITCHES: Record<SwitchField, string> = {
  passwordRequireLowercase: 'Require a lowercase letter',
  passwordRequireUppercase: 'Require an uppercase letter',
  passwordRequireDigit: 'Require a digit',
  passwordRequireSpecial: 'Require a special character',
};
const GROUPS: { legend: string; numbers: NumberField[]; switches: SwitchField[] }[] = [
  { legend: 'Passwords', numbers: ['passwordMinLength'], switches: Object.keys(SWITCHES) as SwitchField[] },
  { legend: 'Sign-in lockout', numbers: ['maxFailedAttempts', 'lockoutSeconds'], switches: [] },
  { legend: 'Lifetimes', numbers: ['accessLifetimeSeconds', 'refreshLifetimeSeconds', 'invitationLifetimeSeconds'], switches: [] },
];

type Values = Record<NumberField, string> & Record<SwitchField, boolean>;
const asValues = (s: SecuritySettings): Values => {
  const v = { ...s } as unknown as Values;
  for (const k of Object.keys(NUMBERS) as NumberField[]) v[k] = s[k] === undefined || s[k] === null ? '' : String(s[k]);
  for (const k of Object.keys(SWITCHES) as SwitchField[]) v[k] = !!s[k];
  return v;
};

/** Password rules, sign-in lockout and lifetimes for the client portal. */
export function Security({ active, visit }: SectionProps) {
  const errors = useErrors();
  const [busy, run] = useBusy();
  const latest = useLatest();
  const [values, setValues] = useState<Values | null>(null);
  const [notice, setNotice] = useState('');

  // read on each visit
  useEffect(() => {
    if (!visit) return;
    const fresh = latest();
    errors.clear();
    setNotice('');
    void gov.securitySettings().then((r) => {
      if (!fresh()) return;
      if (!r.ok) return errors.show(r.error);
      setValues(asValues(r.data));
    });
  }, [visit]);

  const save = async () => {
    errors.clear();
    setNotice('');
    if (!values) return;
    // What was typed goes as it is when it is not a number: the answer names the field.
    const body = {} as Record<keyof SecuritySettings, number | boolean | string>;
    for (const k of Object.keys(NUMBERS) as NumberField[]) {
      const v = values[k].trim();
      body[k] = v !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
    }
    for (const k of Object.keys(SWITCHES) as SwitchField[]) body[k] = values[k];
    const r = await gov.saveSecuritySettings(body);
    if (!r.ok) return errors.show(r.error);
    setValues(asValues(r.data));
    setNotice('The security settings are saved.');
  };

  const set = (k: keyof Values, v: string | boolean) => setValues((x) => x && { ...x, [k]: v });
  return (
    <section id="section-security" data-section="security" hidden={!active} aria-labelledby="security-title">
      <form
        id="security-form"
        ref={errors.scope}
        class="card"
        noValidate
        aria-labelledby="security-title"
        data-testid="security-form"
        onSubmit={onSubmit(run, save)}
      >
        <h2 id="security-title">Security</h2>
        <p class="hint">Password rules, sign-in lockout and lifetimes for the client portal. Only administrators change these.</p>
        {GROUPS.map((group) => (
          <fieldset key={group.legend}>
            <legend>{group.legend}</legend>
            {group.numbers.map((k) => {
              const f = NUMBERS[k];
              return (
                <div key={k} class="field">
                  <label for={`sec-${k}`}>{f.label}</label>
                  <input
                    id={`sec-${k}`}
                    type="number"
                    name={k}
                    min={f.min}
                    max={f.max}
                    step={1}
                    aria-describedby={f.hint ? `sec-${k}-hint sec-${k}-error` : `sec-${k}-error`}
                    aria-invalid={errors.invalid(k)}
                    value={values?.[k] ?? ''}
                    onInput={(e) => set(k, e.currentTarget.value)}
                  />
                  {f.hint && (
                    <p id={`sec-${k}-hint`} class="hint">
                      {f.hint}
                    </p>
                  )}
                  <ErrorFor errors={errors} field={k} id={`sec-${k}-error`} />
                </div>
              );
            })}
            {group.switches.map((k) => (
              <div key={k}>
                <div class="choice">
                  <input
                    id={`sec-${k}`}
                    type="checkbox"
                    name={k}
                    aria-describedby={`sec-${k}-error`}
                    aria-invalid={errors.invalid(k)}
                    checked={values?.[k] ?? false}
                    onChange={(e) => set(k, e.currentTarget.checked)}
                  />
                  <label for={`sec-${k}`}>{SWITCHES[k]}</label>
                </div>
                <ErrorFor errors={errors} field={k} id={`sec-${k}-error`} />
              </div>
            ))}
          </fieldset>
        ))}
        <div class="actions">
          <button type="submit" id="security-save" disabled={busy}>
            Save security settings
          </button>
        </div>
        <ErrorFor errors={errors} field="" id="security-error" />
        <Notice id="security-notice" testid="security-notice">
          {notice}
        </Notice>
      </form>
    </section>
  );
}
