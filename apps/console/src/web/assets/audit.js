// The auditors' page: the ledger with filters, totals, CSV export and chain verification.
'use strict';

(() => {
  const { $, el, api, number, dateTime, money, tile } = window.pxr;
  let next;
  const TYPE_NAMES = {
    grant: 'Grants',
    pending: 'Waiting for approval',
    approval: 'Approvals',
    rejection: 'Rejections',
    reversal: 'Reversals',
    'no-gesture': 'No gesture',
  };

  /** The form as the ledger API's query: empty fields left out, local times sent as instants. */
  function filters() {
    const query = new URLSearchParams();
    for (const [name, value] of new FormData($('#filters'))) {
      if (value === '') continue;
      query.set(name, name === 'from' || name === 'to' ? new Date(value).toISOString() : value);
    }
    return query;
  }

  const typeBadge = (type) =>
    el(
      'span',
      {
        class: `badge ${type === 'grant' || type === 'approval' ? 'good' : type === 'pending' ? 'warn' : type === 'rejection' || type === 'reversal' ? 'bad' : ''}`,
      },
      type,
    );

  function row(entry) {
    return el(
      'tr',
      {},
      el('td', { class: 'num' }, number(entry.entryId)),
      el('td', {}, el('time', { datetime: entry.createdAt }, dateTime(entry.createdAt))),
      el('td', {}, typeBadge(entry.type)),
      el('td', { class: 'nowrap' }, entry.incidentId),
      el('td', { class: 'nowrap' }, entry.customerId),
      el('td', { class: 'nowrap' }, entry.gestureKind || '—'),
      el('td', { class: 'num' }, entry.amountMinor ? money(entry.amountMinor, entry.currency) : '—'),
      el('td', {}, entry.policyVersion ? `${entry.policyVersion} / ${entry.ruleId || '—'}` : '—'),
      el('td', {}, entry.decidedBy),
      el('td', {}, entry.approvedBy || '—'),
      el('td', { class: 'notice-text' }, entry.reason || '—'),
    );
  }

  function renderTotals(totals) {
    const tiles = [tile('Entries', number(totals.entries))];
    for (const amount of totals.amounts) {
      tiles.push(
        tile(
          `Given (${amount.currency})`,
          money(amount.givenMinor, amount.currency),
          `net ${money(amount.netMinor, amount.currency)} after reversals`,
        ),
        tile(
          `Requested (${amount.currency})`,
          money(amount.requestedMinor, amount.currency),
          `${money(amount.rejectedMinor, amount.currency)} rejected`,
        ),
      );
    }
    for (const [type, count] of Object.entries(totals.byType)) {
      if (count > 0) tiles.push(tile(TYPE_NAMES[type] || type, number(count)));
    }
    $('#totals').replaceChildren(...tiles);
  }

  async function load(more) {
    const query = filters();
    $('#filter-error').textContent = '';
    $('#export').href = `/ledger/export.csv${query.toString() ? `?${query}` : ''}`;
    if (more && next) query.set('cursor', next);
    try {
      const page = await api(`/ledger?${query}`);
      if (page.totals) renderTotals(page.totals);
      const rows = page.items.map(row);
      if (more) $('#entries').append(...rows);
      else if (rows.length) $('#entries').replaceChildren(...rows);
      else
        $('#entries').replaceChildren(
          el('tr', {}, el('td', { colspan: 11, class: 'empty' }, 'No entries match these filters.')),
        );
      next = page.next;
      $('#more').hidden = !next;
    } catch (error) {
      const fields =
        error.body && error.body.fields
          ? `: ${error.body.fields.map((f) => `${f.field} ${f.message}`).join('; ')}`
          : '';
      $('#filter-error').textContent = `${error.message}${fields}`;
    }
  }

  /** Gestures held for four-eyes approval, oldest first: the auditor sees what is not on the ledger yet. */
  async function loadApprovals() {
    const { items } = await api('/approvals?state=pending');
    const box = $('#approvals');
    if (items.length === 0) {
      box.replaceChildren(el('p', { class: 'sub' }, 'Nothing is waiting for approval.'));
      return;
    }
    box.replaceChildren(
      el(
        'table',
        {},
        el('caption', { class: 'visually-hidden' }, 'Gestures waiting for approval'),
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            ...['Asked', 'Incident', 'Customer', 'Gesture', 'Amount', 'Asked by', 'Why it waits'].map((h) =>
              el('th', { scope: 'col' }, h),
            ),
          ),
        ),
        el(
          'tbody',
          {},
          ...items.map((a) =>
            el(
              'tr',
              {},
              el('td', {}, dateTime(a.requestedAt)),
              el('td', { class: 'nowrap' }, a.incidentId),
              el('td', { class: 'nowrap' }, a.customerId),
              el('td', {}, a.gestureKind),
              el('td', { class: 'num' }, money(a.amountMinor, a.currency)),
              el('td', {}, a.requestedBy),
              el('td', { class: 'notice-text' }, a.reason),
            ),
          ),
        ),
      ),
    );
  }

  async function verify() {
    const result = $('#verify-result');
    result.className = '';
    result.textContent = 'Verifying the chain…';
    try {
      const verification = await api('/ledger/verify');
      result.className = `message ${verification.ok ? 'good' : 'bad'}`;
      result.textContent = verification.ok
        ? `The chain is intact: ${number(verification.entries)} entries verified up to entry ${number(verification.headSequence)}.`
        : `The chain is broken at entry ${number(verification.firstBad.sequence)} (${verification.firstBad.check}): ${verification.firstBad.detail}. ${number(verification.entries)} entries before it verified.`;
    } catch (error) {
      result.className = 'message bad';
      result.textContent = `Verification failed: ${error.message}`;
    }
  }

  window.pxr.page({
    roles: ['auditor'],
    init() {
      $('#filters').addEventListener('submit', (event) => {
        event.preventDefault();
        load(false);
      });
      $('#more').addEventListener('click', () => load(true));
      $('#verify').addEventListener('click', verify);
      load(false);
      loadApprovals().catch(
        (error) => ($('#approvals').textContent = `Could not load approvals: ${error.message}`),
      );
    },
  });
})();
