/** Conversations in both apps: a request's and a company's general channel, message by message with their files. */
import type { ComponentChildren } from 'preact';
import { AUTHOR_KIND_WORDS } from '../../domain/wording.js';
import type { Attachment } from './api.js';
import { FileList } from './files.js';
import { when, wordOf } from './format.js';

export interface ConversationMessage {
  id: string;
  authorKind: string;
  authorName: string | null;
  body: string;
  attachments?: Attachment[];
  createdAt: string;
  /** The team's internal comment (governance only): marked as such. */
  internal?: boolean;
}

/** The messages, oldest first; each with its author, time, text and files. */
export function Conversation({
  messages,
  urlOf,
  label,
  id,
  testid = 'messages',
  internalMark,
}: {
  messages: ConversationMessage[];
  urlOf(id: string): string;
  /** The accessible name of the list. */
  label: string;
  id?: string;
  testid?: string;
  /** How an internal comment is marked (governance). */
  internalMark?: ComponentChildren;
}) {
  return (
    <ul id={id} class="conversation plain" aria-label={label} data-testid={testid}>
      {messages.map((m) => (
        <li
          key={m.id}
          class={`${m.authorKind === 'employee' ? 'from-team' : 'from-client'}${m.internal ? ' internal' : ''}`}
          data-testid="message"
          data-internal={m.internal ? 'true' : undefined}
        >
          {m.internal && internalMark}
          <div class="meta">
            <strong>{m.authorName || wordOf(AUTHOR_KIND_WORDS, m.authorKind)}</strong> · {when(m.createdAt, '')}
          </div>
          <p class="body">{m.body}</p>
          {m.attachments && m.attachments.length > 0 && (
            <FileList files={m.attachments} urlOf={urlOf} label={`Files of the message from ${when(m.createdAt, '')}`} testid="message-files" />
          )}
        </li>
      ))}
    </ul>
  );
}

/** The link that opens a call's meeting room in a new tab, when there is one. */
export function CallLink({ url, id, testid = 'call-link' }: { url: string; id?: string; testid?: string }) {
  if (!url) return null;
  return (
    <p class="call">
      <a id={id} href={url} target="_blank" rel="noopener noreferrer" data-testid={testid}>
        Start a call<span class="visually-hidden"> (opens in a new tab)</span>
      </a>
    </p>
  );
}
