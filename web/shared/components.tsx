/** Small pieces both apps show the same way. */
import { type ComponentChildren, Fragment } from 'preact';

/** A short status word in a pill; `tone` colours it (active, pending, disabled, revoked, expired). */
export function Badge({ tone, children }: { tone?: string; children: ComponentChildren }) {
  return <span class={tone ? `badge ${tone}` : 'badge'}>{children}</span>;
}

/** Label–value pairs; a pair without a value is left out. */
export function Facts({ rows, id, testid }: { rows: [string, ComponentChildren][]; id?: string; testid?: string }) {
  return (
    <dl class="facts" id={id} data-testid={testid}>
      {rows.filter(([, v]) => v !== '' && v !== null && v !== undefined).map(([k, v]) => [<dt key={`${k}-t`}>{k}</dt>, <dd key={`${k}-d`}>{v}</dd>])}
    </dl>
  );
}

/** A message that says what just happened (announced politely); empty, it takes no room. */
export function Notice({ id, testid, class: cls, children }: { id?: string; testid?: string; class?: string; children?: ComponentChildren }) {
  return (
    <p id={id} class={cls ? `notice ${cls}` : 'notice'} role="status" data-testid={testid}>
      {children}
    </p>
  );
}

/** A message that went wrong outside any form field; empty, it takes no room. */
export function Alert({ id, testid, children }: { id?: string; testid?: string; children?: ComponentChildren }) {
  return (
    <p id={id} class="error" role="alert" data-testid={testid}>
      {children}
    </p>
  );
}

/** A wide table that scrolls sideways on a phone instead of widening the page; reachable by keyboard, named `name`. */
export function TableScroll({ name, children }: { name: string; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1)
    <section class="table-scroll" aria-label={name} tabIndex={0}>
      {children}
    </section>
  );
}

/** Ids as code, comma separated. */
export function IdList({ ids }: { ids: string[] }) {
  return (
    <>
      {ids.map((id, i) => (
        <Fragment key={id}>
          {i ? ', ' : ''}
          <code>{id}</code>
        </Fragment>
      ))}
    </>
  );
}

/** Previous / next page of a paged list, with where it stands (`<prefix>-prev`, `-page-info`, `-next`). */
export function Pager({
  prefix,
  label,
  page,
  setPage,
}: {
  prefix: string;
  label: string;
  page: { first: boolean; last: boolean; info: string } | null;
  setPage(update: (p: number) => number): void;
}) {
  return (
    <nav class="actions" id={`${prefix}-pager`} aria-label={label} data-testid={`${prefix}-pager`}>
      <button type="button" id={`${prefix}-prev`} class="secondary" disabled={!page || page.first} onClick={() => setPage((p) => Math.max(1, p - 1))}>
        Previous page
      </button>
      <span id={`${prefix}-page-info`} data-testid={`${prefix}-page-info`} aria-live="polite">
        {page?.info}
      </span>
      <button type="button" id={`${prefix}-next`} class="secondary" disabled={!page || page.last} onClick={() => setPage((p) => p + 1)}>
        Next page
      </button>
    </nav>
  );
}
