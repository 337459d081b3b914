import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ApiResult, ClientPipeline, PortalCompany, PortalMe } from '../shared/api.js';

export const SESSION_ENDED = 'Your session has ended; please sign in again.';

/** What every section of the signed-in portal shares. */
export interface Portal {
  me: PortalMe;
  /** The client's pipelines (with their request forms) by id; empty until they are loaded. */
  pipelines: Map<string, ClientPipeline>;
  /** The session is gone: back to the sign-in form with this notice. */
  signedOut(notice: string): void;
  /** Opens a document's card in the Documents section (from a request that lists it). */
  openDocument(id: string): void;
}

export const PortalContext = createContext<Portal | null>(null);

export function usePortal() {
  const portal = useContext(PortalContext);
  if (!portal) throw new Error('usePortal outside the signed-in portal');
  const companyOf = (id: string): PortalCompany | undefined => portal.me.companies.find((c) => c.id === id);
  return {
    ...portal,
    companyOf,
    pipelineName: (id: string) => portal.pipelines.get(id)?.name ?? '',
    can: (companyId: string, permission: PortalCompany['permissions'][number]) => !!companyOf(companyId)?.permissions.includes(permission),
    /**
     * A failed call: a 401 (after the renewal failed) means the session is gone
     * and the sign-in form comes back; any other error is the caller's to show.
     */
    failed<T>(r: ApiResult<T>): r is Extract<ApiResult<T>, { ok: false }> {
      if (r.ok) return false;
      if (r.status === 401) portal.signedOut(SESSION_ENDED);
      return true;
    },
  };
}
