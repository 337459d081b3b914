import { useRef, useState } from 'preact/hooks';
import type { SectionProps } from '../context.js';
import { Inbox } from './Inbox.js';
import { TeamChannel } from './TeamChannel.js';

const TABS = [
  ['inbox', 'Inbox'],
  ['channel', 'General channels'],
] as const;
type Tab = (typeof TABS)[number][0];

/** Requests: the team's inbox with one request open, and each client company's general channel, as two tabs. */
export function Requests({ active, visit }: SectionProps) {
  const [tab, setTab] = useState<Tab>('inbox');
  const tabs = useRef<HTMLDivElement>(null);

  // Arrow keys, Home and End move between the tabs (the WAI-ARIA tabs pattern); the chosen tab shows at once.
  const onKeyDown = (e: KeyboardEvent) => {
    const i = TABS.findIndex(([t]) => t === tab);
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: TABS.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    const [to] = TABS[(next + TABS.length) % TABS.length]!;
    setTab(to);
    tabs.current?.querySelector<HTMLElement>(`#requests-tab-${to}`)?.focus();
  };

  return (
    <section id="section-requests" data-section="requests" hidden={!active} aria-labelledby="requests-title">
      <div class="card">
        <h2 id="requests-title">Requests</h2>
        <p class="hint">Client requests of the companies you may govern, and each company’s general channel with its clients.</p>
        <div ref={tabs} class="tabs" role="tablist" aria-label="Requests views" onKeyDown={onKeyDown}>
          {TABS.map(([t, label]) => (
            <button
              key={t}
              type="button"
              role="tab"
              id={`requests-tab-${t}`}
              aria-selected={tab === t ? 'true' : 'false'}
              aria-controls={`requests-panel-${t}`}
              tabIndex={tab === t ? 0 : -1}
              onClick={() => setTab(t)}
            >
              {label}
            </button>
          ))}
        </div>
      </div>
      <div id="requests-panel-inbox" role="tabpanel" aria-labelledby="requests-tab-inbox" hidden={tab !== 'inbox'}>
        <Inbox visit={visit} />
      </div>
      <div id="requests-panel-channel" role="tabpanel" aria-labelledby="requests-tab-channel" hidden={tab !== 'channel'}>
        {tab === 'channel' && <TeamChannel />}
      </div>
    </section>
  );
}
