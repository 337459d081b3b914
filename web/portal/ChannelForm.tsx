import { useState } from 'preact/hooks';
import { CHANNEL_KINDS, type ChannelKind } from '../../domain/vocabulary.js';
import { CHANNEL_KIND_WORDS } from '../../domain/wording.js';
import { Notice } from '../shared/components.js';
import { ErrorFor, onSubmit, useBusy, useErrors } from '../shared/forms.js';
import { api } from './api.js';
import { usePortal } from './context.js';

/** Telegram and website widget connections, where some company's access includes them. */
export function ChannelForm() {
  const portal = usePortal();
  const errors = useErrors();
  const [busy, run] = useBusy();
  const kinds = CHANNEL_KINDS.filter((k) => portal.me.companies.some((c) => c.permissions.includes(k)));
  const [kind, setKind] = useState<ChannelKind | undefined>(kinds[0]);
  const [externalRef, setExternalRef] = useState('');
  const [notice, setNotice] = useState('');
  if (!kind) return null;
  const words = CHANNEL_KIND_WORDS[kind];

  const submit = async () => {
    errors.clear();
    setNotice('');
    // Telegram: a one-time code the client sends the bot; the chat that sends it is the one connected.
    if (kind === 'telegram') {
      const r = await api.telegramCode();
      if (portal.failed(r)) return errors.show(r.error);
      const until = new Date(r.data.expiresAt).toLocaleTimeString();
      return setNotice(`In Telegram, send @${r.data.botName} the message /start ${r.data.code} before ${until}: that chat is then connected.`);
    }
    const ref = externalRef.trim();
    if (!ref) return errors.fail('externalRef', `Enter the ${words.reference.toLowerCase()}.`);
    // The widget: a key for the client's site, shown once, with the line to paste into its pages.
    const r = await api.widgetKey([ref]);
    if (portal.failed(r)) return errors.show({ ...r.error, details: { field: 'externalRef' } });
    setExternalRef('');
    setNotice(
      `The widget is connected for ${r.data.origins.join(', ')}. Add this line to your pages (the key is shown only now): <script src="${location.origin}/widget.js" data-key="${r.data.key}" async></script>`,
    );
  };

  return (
    <form
      id="channel-form"
      ref={errors.scope}
      class="card"
      noValidate
      aria-labelledby="channel-title"
      data-testid="channel-form"
      onSubmit={onSubmit(run, submit)}
    >
      <h3 id="channel-title">Connect Telegram or the website widget</h3>
      <p class="hint">Receive updates on your requests in Telegram or on your website.</p>
      <label for="channel-kind">Connection</label>
      <select
        id="channel-kind"
        name="kind"
        aria-describedby="channel-kind-error"
        aria-invalid={errors.invalid('kind')}
        value={kind}
        onChange={(e) => setKind(e.currentTarget.value as ChannelKind)}
      >
        {kinds.map((k) => (
          <option key={k} value={k}>
            {CHANNEL_KIND_WORDS[k].label}
          </option>
        ))}
      </select>
      <ErrorFor errors={errors} field="kind" id="channel-kind-error" />
      {kind !== 'telegram' && (
        <>
          <label for="channel-ref" id="channel-ref-label">
            {words.reference}
          </label>
          <input
            id="channel-ref"
            name="externalRef"
            maxLength={200}
            autocomplete="off"
            required
            aria-describedby="channel-externalRef-error"
            aria-invalid={errors.invalid('externalRef')}
            value={externalRef}
            onInput={(e) => setExternalRef(e.currentTarget.value)}
          />
          <ErrorFor errors={errors} field="externalRef" id="channel-externalRef-error" />
        </>
      )}
      <button type="submit" id="channel-submit" disabled={busy}>
        {kind === 'telegram' ? 'Get a code for the bot' : 'Connect'}
      </button>
      <ErrorFor errors={errors} field="" id="channel-error" />
      <Notice id="channel-notice" testid="channel-notice">
        {notice}
      </Notice>
    </form>
  );
}
