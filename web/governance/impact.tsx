/** What a change does before it applies: the impact view and the preview-then-confirm panel. */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { PERMISSION_WORDS } from '../../domain/wording.js';
import type { ApiResult, Impact, Policy, Previewed } from '../shared/api.js';
import { IdList } from '../shared/components.js';
import { capitalize, plural, words } from '../shared/format.js';
import { type ErrorLike, type Errors, useBusy } from '../shared/forms.js';
import { useGovernance } from './context.js';

/** A policy in words: "Create requests and read request conversations; pipelines: Support". */
export function usePolicyText() {
  const { pipelineName } = useGovernance();
  return (policy: Policy | null | undefined): string => {
    if (!policy) return 'none';
    const perms = policy.permissions.map((p) => PERMISSION_WORDS[p]?.ability ?? p);
    const pipes = policy.pipelineIds.map(pipelineName);
    if (!perms.length && !pipes.length) return 'nothing';
    return `${perms.length ? capitalize(words(perms)) : 'No permissions'}; pipelines: ${pipes.length ? words(pipes) : 'none'}`;
  };
}

/** Headings follow the page's outline: the panel's title one level below its section, the impacts one below that. */
export type HeadingLevel = 4 | 5 | 6;

const label = (p: string) => PERMISSION_WORDS[p as keyof typeof PERMISSION_WORDS]?.label ?? p;

/** What a change does, per affected link: permissions per company, then requests, chats and documents by count and id. */
export function ImpactView({ impact, level = 6 }: { impact: Impact | undefined; level?: HeadingLevel }) {
  const { companyName, pipelineName } = useGovernance();
  const H = `h${level}` as 'h6';
  const links = impact?.links ?? [];
  if (!links.length)
    return (
      <div class="impact" data-testid="impact">
        <p data-testid="impact-none">No client’s access changes.</p>
      </div>
    );
  return (
    <div class="impact" data-testid="impact">
      <p class="muted">{plural(links.length, 'client link')} would change.</p>
      {links.map((l) => (
        <section key={l.linkId} class="impact-link" aria-label={`Impact for ${l.contactName || 'a client'}`} data-link-id={l.linkId} data-testid="impact-link">
          <H>{l.contactName || 'A client'}</H>
          {l.permissions.map((pc) => {
            const parts: ComponentChildren[] = [];
            const add = (cls: string, text: string, list: string[]) => {
              if (list.length) parts.push(<span class={cls}>{`${text} ${words(list)}`}</span>);
            };
            add('gained', 'gains', pc.gainedPermissions.map(label));
            add('lost', 'loses', pc.lostPermissions.map(label));
            add('gained', 'gains the pipelines', pc.gainedPipelineIds.map(pipelineName));
            add('lost', 'loses the pipelines', pc.lostPipelineIds.map(pipelineName));
            return (
              <p key={pc.companyId} data-testid="impact-permissions" data-company-id={pc.companyId}>
                <strong>{`${companyName(pc.companyId)}: `}</strong>
                {parts.map((part, i) => [i ? '; ' : '', part])}
              </p>
            );
          })}
          {!l.permissions.length && <p class="muted">Permissions stay the same.</p>}
          {(
            [
              ['Requests', l.requests, 'requests'],
              ['Request chats', l.chats, 'chats'],
              ['Documents', l.documents, 'documents'],
            ] as const
          ).map(([name, d, key]) => (
            <p key={key} data-testid={`impact-${key}`}>
              {`${name}: `}
              <span class={d.gained ? 'gained' : undefined}>{`${d.gained} gained`}</span>
              {', '}
              <span class={d.lost ? 'lost' : undefined}>{`${d.lost} lost`}</span>
              {d.gainedIds.length > 0 && (
                <span class="muted">
                  {' · gained: '}
                  <IdList ids={d.gainedIds} />
                </span>
              )}
              {d.lostIds.length > 0 && (
                <span class="muted">
                  {' · lost: '}
                  <IdList ids={d.lostIds} />
                </span>
              )}
            </p>
          ))}
        </section>
      ))}
    </div>
  );
}

/** A final change asks twice: this warning, then this button. */
export interface Final {
  warning: string;
  confirmText: string;
}

export interface Change<T> {
  title: string;
  preview(): Promise<ApiResult<Previewed>>;
  apply(): Promise<ApiResult<T>>;
  final?: Final;
  /** Checked on Confirm before anything is sent: a problem to show instead (the panel stays open to fix it). */
  check?(): ErrorLike | null;
  /** A refusal the panel's own fields can fix, as they show it (beside them); the panel stays open. Null for any other refusal. */
  fixable?(error: ErrorLike): ErrorLike | null;
  /** After the change applied, with the answer. */
  done(answer: T): unknown;
}

interface Pending {
  title: string;
  impact: Impact;
  final?: Final;
  /** False, with the problem shown, when the change cannot be sent as it stands. */
  check(): boolean;
  run(): Promise<void>;
}

/**
 * Preview, then confirm: `start` asks the /preview twin what the change would
 * do and shows the impact with Confirm and Cancel in the panel; the change
 * applies only on Confirm (after a second, explicit confirmation when it is
 * final). Errors go to `errors`.
 */
export function usePreview(errors: Pick<Errors<HTMLElement>, 'show' | 'clear'>) {
  const [pending, setPending] = useState<Pending | null>(null);
  const close = () => setPending(null);
  const start = async <T,>(change: Change<T>) => {
    errors.clear();
    setPending(null);
    const p = await change.preview();
    if (!p.ok) return errors.show(p.error);
    const check = () => {
      const problem = change.check?.();
      if (problem) errors.show(problem);
      else errors.clear();
      return !problem;
    };
    setPending({
      title: change.title,
      impact: p.data.impact,
      final: change.final,
      check,
      run: async () => {
        if (!check()) return;
        const r = await change.apply();
        const fixable = !r.ok && change.fixable?.(r.error);
        if (fixable) return errors.show(fixable);
        setPending(null);
        if (!r.ok) return errors.show(r.error);
        await change.done(r.data);
      },
    });
  };
  return { pending, start, close };
}

/** The panel of a previewed change: its impact, Confirm and Cancel. */
export function ChangePreview({
  preview,
  id,
  testid,
  panel = true,
  level = 5,
  children,
}: {
  preview: ReturnType<typeof usePreview>;
  id?: string;
  testid: string;
  /** The level of the panel's heading. */
  level?: 4 | 5;
  /** Framed as a panel (off inside a form that already is one). */
  panel?: boolean;
  /** Choices that go with the change, between its impact and Confirm. */
  children?: ComponentChildren;
}) {
  const { pending, close } = preview;
  const [final, setFinal] = useState(false);
  const [busy, run] = useBusy();
  const confirm = useRef<HTMLButtonElement>(null);
  const yes = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    setFinal(false);
    if (pending) confirm.current?.focus();
  }, [pending]);
  useEffect(() => {
    if (final) yes.current?.focus();
  }, [final]);

  const H = `h${level}` as 'h5';
  const classes = [panel ? 'panel' : '', final ? 'final' : ''].filter(Boolean).join(' ');
  return (
    <div id={id} class={classes || undefined} hidden={!pending} data-testid={testid}>
      {pending && (
        <>
          <H>{pending.title}</H>
          <ImpactView impact={pending.impact} level={(level + 1) as HeadingLevel} />
          {children}
          {final && pending.final ? (
            <div data-testid="final-confirmation">
              <p role="alert">
                <strong>{pending.final.warning}</strong>
              </p>
              <div class="actions">
                <button ref={yes} type="button" class="danger" data-testid="confirm-final" disabled={busy} onClick={() => run(pending.run)}>
                  {pending.final.confirmText}
                </button>
                <button type="button" class="secondary" onClick={close}>
                  Cancel
                </button>
              </div>
            </div>
          ) : (
            <div class="actions">
              <button
                ref={confirm}
                type="button"
                data-testid="confirm-change"
                disabled={busy}
                onClick={() => run(() => (pending.final ? pending.check() && setFinal(true) : pending.run()))}
              >
                Confirm
              </button>
              <button type="button" class="secondary" data-testid="cancel-change" onClick={close}>
                Cancel
              </button>
            </div>
          )}
        </>
      )}
    </div>
  );
}
