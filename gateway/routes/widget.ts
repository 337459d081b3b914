import Router from '@koa/router';
import type { Context } from 'koa';
import { HttpError, badRequest, forbidden } from '../../lib/errors.js';
import { ServiceError } from '../../internal/client.js';
import type { Upstream } from '../upstream.js';
import { relay } from '../upstream.js';

/** Posts per widget key and minute. */
const PER_MINUTE = 20;
const MAX_BODY = 8 * 1024;

/** The body of a widget post: JSON sent as text/plain (a "simple" cross-site request, so no preflight), at most 8 kB. */
function readBody(ctx: Context): Promise<{ key?: unknown; text?: unknown }> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    ctx.req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        ctx.set('connection', 'close');
        reject(new HttpError(413, 'body_too_large', 'the message is larger than 8 kB', { field: 'text' }));
        ctx.req.destroy();
      } else chunks.push(c);
    });
    ctx.req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
      } catch {
        reject(badRequest('body', 'the body must be JSON: {"key": "…", "text": "…"}'));
      }
    });
    ctx.req.on('error', reject);
  });
}

/**
 * The website widget: a client's own site embeds /widget.js with their key;
 * its posts (POST /api/widget/messages) go into the company's general channel,
 * attributed to the client. The key must be active and the page's Origin one
 * of the sites it was made for (CORS answers that origin and no other); the
 * client must still hold the widget and general-chat permissions; a key posts
 * at most 20 times a minute. No cookie is read here: the key is the credential.
 */
export function widgetRoutes({ identity, policy, requests }: Upstream, publicUrl: string): Router {
  const r = new Router();
  r.post('/api/widget/messages', async (ctx) => {
    const origin = ctx.get('origin');
    if (!origin) throw forbidden('a widget posts from a web page (Origin)');
    const body = await readBody(ctx);
    if (typeof body.key !== 'string' || !body.key) throw badRequest('key', 'the widget key is missing');
    const text = typeof body.text === 'string' ? body.text.trim() : '';
    if (!text || text.length > 4000) throw badRequest('text', 'write a message of at most 4000 characters');
    const owner = await identity.checkWidgetKey(identity.system, { key: body.key, origin }).catch((err: unknown) => {
      if (err instanceof ServiceError && err.status === 404) throw new HttpError(401, 'widget_key_refused', 'this widget key is not valid for this site');
      throw err;
    });
    // From here on the page may read the answers: the key is good for its origin.
    ctx.set('access-control-allow-origin', origin);
    ctx.set('vary', 'Origin');
    await relay(identity.consumeRateLimit(identity.system, { key: `widget:${owner.channelLinkId}`, points: PER_MINUTE, duration: 60 }));
    const scope = await relay(policy.linkScope(policy.system, owner.linkId));
    const company = scope.companies.find((c) => c.permissions.includes('widget') && c.permissions.includes('generalChat'));
    if (!company) throw forbidden('the access of this widget’s client no longer includes the widget and the general channel');
    const user = await relay(identity.user(identity.system, owner.userId));
    await relay(requests.widgetMessage(requests.system, company.companyId, { userId: user.id, authorName: `${user.firstName} ${user.lastName}`, text }));
    ctx.status = 201;
    ctx.body = { posted: true };
  });

  // The embeddable script: <script src="…/widget.js" data-key="…" async></script> on the client's own site.
  r.get('/widget.js', (ctx) => {
    ctx.type = 'application/javascript; charset=utf-8';
    ctx.set('cache-control', 'public, max-age=300');
    ctx.set('cross-origin-resource-policy', 'cross-origin');
    ctx.body = WIDGET_SCRIPT.replace('__ENDPOINT__', JSON.stringify(`${publicUrl}/api/widget/messages`));
  });
  return r;
}

const WIDGET_SCRIPT = `(function () {
  var script = document.currentScript;
  var key = script && script.getAttribute('data-key');
  if (!key) return;
  var endpoint = __ENDPOINT__;
  var form = document.createElement('form');
  form.setAttribute('aria-label', 'Message to our team');
  var area = document.createElement('textarea');
  area.setAttribute('aria-label', 'Your message');
  area.maxLength = 4000;
  area.required = true;
  var send = document.createElement('button');
  send.type = 'submit';
  send.textContent = 'Send';
  var status = document.createElement('p');
  status.setAttribute('role', 'status');
  form.appendChild(area);
  form.appendChild(send);
  form.appendChild(status);
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    send.disabled = true;
    fetch(endpoint, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ key: key, text: area.value }) })
      .then(function (r) { status.textContent = r.ok ? 'Sent. Thank you.' : 'Not sent (' + r.status + ').'; if (r.ok) area.value = ''; })
      .catch(function () { status.textContent = 'Not sent: no connection.'; })
      .then(function () { send.disabled = false; });
  });
  script.parentNode.insertBefore(form, script.nextSibling);
})();
`;
