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

/** Sends one request and reads its JSON answer; a network failure is an answer too (status 0). */
async function send<T>(url: string, init: RequestInit): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, credentials: 'same-origin' });
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

/**
 * One HTTP exchange: GET without a body, POST with a JSON one, DELETE with an
 * empty JSON one. Every mutation is JSON from this origin: that is what the
 * gateway's CSRF guard asks of it (a cross-site form cannot send JSON).
 */
export function exchange<T>(url: string, body?: unknown, method: 'GET' | 'POST' | 'DELETE' = body === undefined ? 'GET' : 'POST'): Promise<ApiResult<T>> {
  if (method === 'GET') return send<T>(url, { headers: { accept: 'application/json' } });
  return send<T>(url, {
    method,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
}

/**
 * Uploads one file as multipart/form-data (one part named `file`). The browser
 * sets the content type with its boundary, so it is not set here. A form from
 * another site can send multipart too, so the gateway's CSRF guard also asks
 * for the `x-extranet-upload` header, which a cross-site page cannot set; the
 * request goes from this origin with its cookies like every other call.
 */
export function upload<T>(url: string, file: File): Promise<ApiResult<T>> {
  const form = new FormData();
  form.append('file', file, file.name);
  return send<T>(url, { method: 'POST', headers: { accept: 'application/json', 'x-extranet-upload': '1' }, body: form });
}

export const enc = encodeURIComponent;
export const query = (params: Record<string, string | number | undefined>) => {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `?${s}` : '';
};
