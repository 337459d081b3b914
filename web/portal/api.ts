import { createPortalApi } from '../shared/api.js';

/** The portal's one client: every call shares the session renewal. */
export const api = createPortalApi();
