/** One exchange with the gateway, and what it answers: data, or an error that names its field. */

export interface ApiError {
  code: string;
  message: string;
  /** `field` names the request field at fault; some errors say more (a weak password: `unmet`, the rules it misses). */
  details: { field?: string; unmet?: string[]; [key: string]: unknown };
}

export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number; error: ApiError };

/** An ISO date-time as JSON carries it. */
export type DateTime = string;

const NETWORK: ApiError = { code: 'network', message: 'The server cannot be reached; check your connection and try again.', details: {} };

/** One HTTP exchange: GET without a body, POST with a JSON one. */
export async function exchange<T>(url: string, body?: unknown): Promise<ApiResult<T>> {
  const init: RequestInit =
    body === undefined
      ? { headers: { accept: 'application/json' } }
      : { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) };
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch {
    return { ok: false, status: 0, error: NETWORK };
  }
  let data: unknown = null;
  try {
    data = await res.json();
  } catch {
    // Not JSON.
  }
  if (res.ok) return { ok: true, status: res.status, data: data as T };
  const e = (data as { error?: Partial<ApiError> } | null)?.error;
  const error: ApiError =
    e && typeof e.message === 'string'
      ? { code: typeof e.code === 'string' ? e.code : `http_${res.status}`, message: e.message, details: e.details ?? {} }
      : { code: `http_${res.status}`, message: `The server answered ${res.status}; please try again.`, details: {} };
  return { ok: false, status: res.status, error };
}

export const enc = encodeURIComponent;
export const query = (params: Record<string, string | number | undefined>) => {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `?${s}` : '';
};
