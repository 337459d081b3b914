/** Forms in both apps: errors next to their field, buttons that cannot submit twice, answers that arrive too late. */
import type { ComponentChildren, RefObject } from 'preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ApiError } from './api.js';
import { words } from './format.js';

export type ErrorLike = Pick<ApiError, 'message'> & { code?: string; details?: ApiError['details'] };

/** The errors of one form (or one area): each message beside the field it names, else in the general slot (field ''). */
export interface Errors<E extends HTMLElement = HTMLFormElement> {
  /** The form or area: its `[data-error-for]` slots decide where a message goes. */
  scope: RefObject<E | null>;
  of(field: string): string;
  /** For `aria-invalid` on the field's control. */
  invalid(field: string): 'true' | undefined;
  /** An API error: beside `details.field` when this form has a slot for it, else in the general slot; the field gets the focus. */
  show(error: ErrorLike): void;
  /** A check made before any call: the message goes beside `field`. */
  fail(field: string, message: string): void;
  clear(): void;
}

/** How a refused password reads: the rules it still misses. */
function messageOf(error: ErrorLike): string {
  const unmet = error.details?.unmet;
  if (error.code === 'weak_password' && Array.isArray(unmet) && unmet.length) return `Your password still needs ${words(unmet.map(String))}.`;
  return error.message;
}

export function useErrors<E extends HTMLElement = HTMLFormElement>(): Errors<E> {
  const scope = useRef<E>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const show = useCallback((error: ErrorLike) => {
    const el = scope.current;
    const field = typeof error.details?.field === 'string' ? error.details.field : '';
    const slot = field && el?.querySelector(`[data-error-for="${CSS.escape(field)}"]`);
    setErrors({ [slot ? field : '']: messageOf(error) });
    if (slot && el instanceof HTMLFormElement) {
      const control = el.elements.namedItem(field);
      if (control instanceof HTMLElement) control.focus();
    }
  }, []);
  const fail = useCallback((field: string, message: string) => show({ message, details: { field } }), [show]);
  const clear = useCallback(() => setErrors({}), []);
  return useMemo(
    () => ({ scope, of: (f: string) => errors[f] ?? '', invalid: (f: string) => (errors[f] ? 'true' : undefined), show, fail, clear }),
    [errors, show, fail, clear],
  );
}

/** The slot where a field's message appears (field '' is the form's general slot). */
export function ErrorFor({ errors, field, id, testid }: { errors: Errors<HTMLElement> | Errors; field: string; id?: string; testid?: string }) {
  return (
    <p id={id} class="error" data-error-for={field} data-testid={testid} role="alert">
      {errors.of(field)}
    </p>
  );
}

/** True while the component is mounted: answers that arrive later change nothing. */
export function useMounted(): RefObject<boolean> {
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  return mounted;
}

/**
 * An action that disables its button while it runs, so a double click cannot
 * submit twice: `[busy, run]`.
 */
export function useBusy(): [boolean, (action: () => unknown) => Promise<void>] {
  const [busy, setBusy] = useState(false);
  const running = useRef(false);
  const mounted = useMounted();
  const run = useCallback(
    async (action: () => unknown) => {
      if (running.current) return;
      running.current = true;
      setBusy(true);
      try {
        await action();
      } finally {
        running.current = false;
        if (mounted.current) setBusy(false);
      }
    },
    [mounted],
  );
  return [busy, run];
}

/** A form's submit handler: no page load, one submission at a time. */
export function onSubmit(run: (action: () => unknown) => Promise<void>, handler: () => unknown) {
  return (e: Event) => {
    e.preventDefault();
    void run(handler);
  };
}

/**
 * Drops answers that arrive after a newer request of the same kind:
 * `const ticket = latest(); …await…; if (!ticket()) return;`.
 */
export function useLatest(): () => () => boolean {
  const seq = useRef(0);
  return useCallback(() => {
    const n = ++seq.current;
    return () => n === seq.current;
  }, []);
}

/** A checkbox or radio with its label beside it. */
export function Choice({
  id,
  label,
  children,
  input,
}: {
  id: string;
  label: ComponentChildren;
  /** What follows the label (hints, badges). */
  children?: ComponentChildren;
  input: ComponentChildren;
}) {
  return (
    <div class="choice">
      {input}
      <label for={id}>{label}</label>
      {children}
    </div>
  );
}

/**
 * A labelled drop-down in a form or toolbar: `options` as [value, text] pairs,
 * after an optional first option for "no choice". Its error slot is
 * `<name>-error` (an ErrorFor placed where the layout wants it).
 */
export function SelectField({
  id,
  name,
  label,
  value,
  options,
  none,
  errorId = `${id.split('-')[0]}-${name}-error`,
  testid,
  invalid,
  onChange,
}: {
  id: string;
  name: string;
  label: string;
  value: string;
  options: readonly (readonly [string, ComponentChildren])[];
  /** The text of a first option with the value '' (any, none). */
  none?: string;
  errorId?: string;
  testid?: string;
  invalid?: 'true';
  onChange(value: string): void;
}) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select
        id={id}
        name={name}
        aria-describedby={errorId}
        aria-invalid={invalid}
        data-testid={testid}
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
      >
        {none !== undefined && <option value="">{none}</option>}
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}
