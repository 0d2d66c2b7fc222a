// Shared by every console page: signing in, fetching JSON, building DOM safely, formatting figures.
'use strict';

window.pxr = (() => {
  const $ = (selector) => document.querySelector(selector);

  /** Builds an element; strings become text nodes, so data is never parsed as HTML. */
  function el(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value === undefined || value === null || value === false) continue;
      if (name === 'class') node.className = value;
      else if (name === 'text') node.textContent = value;
      else node.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  class HttpError extends Error {
    constructor(status, body) {
      super((body && body.message) || `request failed with ${status}`);
      this.status = status;
      this.body = body;
    }
  }

  async function api(path, options = {}) {
    const response = await fetch(path, {
      credentials: 'same-origin',
      headers: options.body ? { 'content-type': 'application/json' } : {},
      ...options,
    });
    const text = await response.text();
    const body = text ? JSON.parse(text) : undefined;
    if (!response.ok && response.status !== 409) throw new HttpError(response.status, body);
    return body;
  }

  const numberFormat = new Intl.NumberFormat('en-GB');
  const number = (n) => (n === null || n === undefined ? '—' : numberFormat.format(n));
  const percent = (share) =>
    share === null || share === undefined ? '—' : `${Math.round(share * 1000) / 10}%`;
  const ratio = (part, whole) => (whole > 0 ? part / whole : null);
  function duration(seconds) {
    if (seconds === null || seconds === undefined) return '—';
    const s = Math.round(seconds);
    if (s < 60) return `${s} s`;
    // Seconds matter in the first minutes only.
    if (s < 600) return `${Math.floor(s / 60)} min ${s % 60 ? `${s % 60} s` : ''}`.trim();
    if (s < 3600) return `${Math.round(s / 60)} min`;
    const h = Math.floor(s / 3600);
    const m = Math.round((s % 3600) / 60);
    return m ? `${h} h ${m} min` : `${h} h`;
  }
  const time = (iso) =>
    iso ? new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' }) : '—';
  // Non-breaking spaces: a date never wraps across lines in a narrow table cell.
  const dateTime = (iso) =>
    iso
      ? new Date(iso)
          .toLocaleString('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })
          .replace(/ /g, '\u00a0')
      : '—';
  function relative(iso) {
    if (!iso) return '—';
    const minutes = Math.round((Date.now() - new Date(iso).getTime()) / 60000);
    if (minutes < 1) return 'just now';
    if (minutes < 60) return `${minutes} min ago`;
    if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h ago`;
    return `${Math.round(minutes / 1440)} days ago`;
  }
  function money(minor, currency) {
    return new Intl.NumberFormat('en-GB', { style: 'currency', currency: currency || 'GBP' }).format(
      minor / 100,
    );
  }
  const PHASES = ['identified', 'monitored', 'communicated', 'compensated'];
  /** The four PXR phases, those reached filled in. */
  function phases(reached, compact = false) {
    const done = new Set(reached.map((p) => p.phase));
    const list = el('ol', { class: compact ? 'phases compact' : 'phases', 'aria-label': 'PXR phases' });
    for (const phase of PHASES) {
      const isDone = done.has(phase);
      list.append(
        el(
          'li',
          { class: isDone ? 'reached' : '' },
          phase,
          el('span', { class: 'visually-hidden' }, isDone ? ' (reached)' : ' (not yet)'),
        ),
      );
    }
    return list;
  }
  /** The latest phase reached, named, with four segments for how far PXR has got. */
  function phaseStep(reached) {
    const done = new Set(reached.map((p) => p.phase));
    const count = PHASES.filter((phase) => done.has(phase)).length;
    const latest = reached.length ? reached[reached.length - 1].phase : 'not started';
    return el(
      'div',
      { class: 'phase-step' },
      el(
        'span',
        { class: 'segments', 'aria-hidden': 'true' },
        ...PHASES.map((phase) => el('span', { class: done.has(phase) ? 'on' : '' })),
      ),
      el('span', {}, latest, el('span', { class: 'sub' }, ` ${count}/4`)),
    );
  }
  function meter(share, over = false) {
    const fill = el('span');
    fill.style.width = `${Math.max(0, Math.min(1, share || 0)) * 100}%`;
    return el('div', { class: over ? 'meter over' : 'meter', 'aria-hidden': 'true' }, fill);
  }
  function tile(label, value, note, tone) {
    return el(
      'li',
      { class: `tile ${tone || ''}` },
      el('div', { class: 'label' }, label),
      el('div', { class: 'value' }, value),
      note ? el('div', { class: 'note' }, note) : null,
    );
  }

  /** A server-sent stream that reports its state in `status` (an aria-live region). */
  function live(url, handlers, status) {
    const stream = new EventSource(url);
    for (const [type, handle] of Object.entries(handlers)) {
      stream.addEventListener(type, (event) => {
        handle(JSON.parse(event.data));
        status.classList.remove('lost');
        status.textContent = `Live · updated ${new Date().toLocaleTimeString('en-GB')}`;
      });
    }
    stream.onerror = () => {
      status.classList.add('lost');
      status.textContent = 'Connection lost, reconnecting…';
    };
    return stream;
  }

  /**
   * Shows the sign-in form until the session cookie holds a key, then the page if the key's role may
   * see it. `page.init(principal)` runs once signed in.
   */
  async function start(page) {
    const signIn = $('#sign-in');
    const content = $('#content');
    const denied = $('#denied');
    const who = $('#who');
    const signOut = $('#sign-out');
    let principal;
    try {
      principal = await api('/session');
    } catch (error) {
      if (error.status !== 401) throw error;
    }
    for (const link of document.querySelectorAll('.top nav a[data-roles]')) {
      const roles = link.dataset.roles.split(' ');
      link.hidden = !principal || !principal.roles.some((role) => role === 'admin' || roles.includes(role));
    }
    if (!principal) {
      content.hidden = true;
      signOut.hidden = true;
      who.textContent = '';
      signIn.hidden = false;
      $('#key').focus();
      return;
    }
    signIn.hidden = true;
    signOut.hidden = false;
    who.textContent = `Signed in · ${principal.roles.join(', ')}`;
    const allowed = principal.roles.some((role) => role === 'admin' || page.roles.includes(role));
    if (!allowed) {
      denied.hidden = false;
      denied.textContent = `Your role (${principal.roles.join(', ')}) cannot see this page.`;
      return;
    }
    content.hidden = false;
    page.init(principal);
  }

  function wireSession(page) {
    $('#sign-in form').addEventListener('submit', async (event) => {
      event.preventDefault();
      const error = $('#sign-in-error');
      error.textContent = '';
      try {
        await api('/session', { method: 'POST', body: JSON.stringify({ key: $('#key').value }) });
        $('#key').value = '';
        await start(page);
      } catch (failure) {
        error.textContent = failure.status === 401 ? 'That key was not accepted.' : failure.message;
      }
    });
    $('#sign-out').addEventListener('click', async () => {
      await api('/session', { method: 'DELETE' });
      window.location.reload();
    });
  }

  function page(definition) {
    document.addEventListener('DOMContentLoaded', () => {
      wireSession(definition);
      start(definition).catch((error) => {
        const denied = $('#denied');
        denied.hidden = false;
        denied.textContent = `The console could not load: ${error.message}`;
      });
    });
  }

  return {
    $,
    el,
    api,
    number,
    percent,
    ratio,
    duration,
    time,
    dateTime,
    relative,
    money,
    phases,
    phaseStep,
    meter,
    tile,
    live,
    page,
  };
})();
