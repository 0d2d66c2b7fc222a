// The agent's view of one customer: what happened to them, what we told them, what we promised and gave.
'use strict';

(() => {
  const { $, el, api, number, dateTime, money } = window.pxr;

  /** An address has an @; a number is digits with the usual punctuation; anything else is an id. */
  function lookupParameter(text) {
    const value = text.trim();
    if (value.includes('@')) return ['email', value];
    if (/^\+?[0-9][0-9 ()-]{5,}$/.test(value)) return ['phone', value];
    return ['id', value];
  }

  function section(title, ...content) {
    const id = `section-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
    return el('section', { class: 'card', 'aria-labelledby': id }, el('h2', { id }, title), ...content);
  }

  function table(caption, headings, rows, empty) {
    if (rows.length === 0) return el('p', { class: 'sub' }, empty);
    return el(
      'table',
      {},
      el('caption', { class: 'visually-hidden' }, caption),
      el('thead', {}, el('tr', {}, ...headings.map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, ...rows.map((cells) => el('tr', {}, ...cells.map((cell) => el('td', {}, cell))))),
    );
  }

  const badge = (text, tone) => el('span', { class: `badge ${tone || text}` }, text);

  function profile(customer) {
    const consent = (channel) => {
      const c = customer.consents[channel];
      return `${c.state}${c.source === 'directory' ? '' : ` (${c.source})`}`;
    };
    return section(
      customer.name,
      el(
        'dl',
        { class: 'facts' },
        ...[
          ['Customer id', customer.customerId],
          ['Phone', customer.phone || '—'],
          ['Email', customer.email || '—'],
          ['Prefers', customer.preferredChannel],
          ['Tier', customer.tier],
          ['Customer since', customer.customerSince || '—'],
          ['Language', customer.locale],
          ['SMS', consent('sms')],
          ['Email messages', consent('email')],
        ].flatMap(([name, value]) => [el('dt', {}, name), el('dd', {}, value)]),
      ),
    );
  }

  function incidents(list) {
    return section(
      'Incidents',
      table(
        'Incidents affecting the customer',
        ['Incident', 'Now', 'Their journey', 'First told'],
        list.map((i) => [
          el(
            'div',
            {},
            el('strong', {}, i.title),
            el('div', { class: 'sub' }, `${i.incidentId} · ${i.severity} · ${i.status}`),
            i.customerImpact ? el('div', {}, i.customerImpact) : null,
            el(
              'div',
              { class: 'sub' },
              i.resolvedAt
                ? `Fixed ${dateTime(i.resolvedAt)}`
                : `Expected fix ${dateTime(i.expectedResolutionAt)} · next update by ${dateTime(i.nextUpdateBy)}`,
            ),
          ),
          i.current
            ? badge('affected now', 'bad')
            : badge(i.leftAt ? 'no longer affected' : i.resolvedAt ? 'fixed' : 'past', 'good'),
          el(
            'div',
            {},
            i.journeyState.replace(/_/g, ' '),
            el(
              'div',
              { class: 'sub' },
              `since ${dateTime(i.affectedSince)} · ${number(i.updatesSent)} updates`,
            ),
          ),
          i.firstNotifiedAt
            ? dateTime(i.firstNotifiedAt)
            : i.contactedBeforeNotified
              ? 'contacted us first'
              : 'not yet',
        ]),
        'No incident has touched this customer in the last 90 days.',
      ),
    );
  }

  function notices(list) {
    return section(
      'What we told them',
      table(
        'Notices sent to the customer',
        ['When', 'About', 'Channel', 'Message', 'Delivery'],
        [...list]
          .reverse()
          .map((n) => [
            dateTime(n.sentAt || n.plannedAt),
            el('div', {}, n.kind, el('div', { class: 'sub' }, n.incidentIds.join(', '))),
            n.sentChannel || n.channel,
            el('div', { class: 'notice-text' }, n.preview),
            el(
              'div',
              {},
              badge(n.state),
              n.deliveredAt ? el('div', { class: 'sub' }, dateTime(n.deliveredAt)) : null,
              n.outcomeReason ? el('div', { class: 'sub' }, n.outcomeReason) : null,
            ),
          ]),
        'Nothing sent yet.',
      ),
    );
  }

  function promises(list) {
    return section(
      'Updates we promised',
      table(
        'Promised updates',
        ['Incident', 'Due by', 'State'],
        list.map((c) => [c.incidentId, dateTime(c.dueBy), badge(c.state)]),
        'No update promised.',
      ),
    );
  }

  function contacts(contactList, replies) {
    const rows = [
      ...contactList.map((c) => ({
        at: c.at,
        cells: [
          dateTime(c.at),
          `${c.channel} contact`,
          c.reason,
          c.contactedBeforeNotified ? badge('before we told them', 'warn') : '',
        ],
      })),
      ...replies.map((r) => ({
        at: r.receivedAt,
        cells: [dateTime(r.receivedAt), `${r.channel} reply`, r.body, badge(r.state)],
      })),
    ].sort((a, b) => b.at.localeCompare(a.at));
    return section(
      'Contacts and replies',
      table(
        'Contacts and replies',
        ['When', 'How', 'What they said', ''],
        rows.map((r) => r.cells),
        'They have not contacted us in the last 90 days.',
      ),
    );
  }

  function goodwill(compensation, escalations) {
    const entries = compensation.entries.map((e) => [
      dateTime(e.createdAt),
      badge(e.type, e.type === 'grant' || e.type === 'approval' ? 'good' : ''),
      e.incidentId,
      e.gestureKind || '—',
      e.amountMinor ? money(e.amountMinor, e.currency) : '—',
      e.reason || e.ruleId || '—',
    ]);
    const waiting = compensation.awaitingApproval.map((a) => [
      dateTime(a.requestedAt),
      badge('awaiting approval', 'warn'),
      a.incidentId,
      a.gestureKind,
      money(a.amountMinor, a.currency),
      a.reason,
    ]);
    const escalated = escalations.map((e) =>
      el(
        'p',
        { class: 'message bad' },
        `Escalated: ${e.reason} (incidents ${e.incidentIds.join(', ')}, since ${dateTime(e.createdAt)})`,
      ),
    );
    return section(
      'Goodwill and escalations',
      ...escalated,
      table(
        'Goodwill ledger entries',
        ['When', 'Entry', 'Incident', 'Gesture', 'Amount', 'Why'],
        [...waiting, ...entries.reverse()],
        'No goodwill decided yet.',
      ),
    );
  }

  function render(recovery) {
    $('#recovery').hidden = false;
    $('#recovery').replaceChildren(
      el('div', { class: 'grid profile-first' }, profile(recovery.customer), incidents(recovery.incidents)),
      notices(recovery.notices),
      el(
        'div',
        { class: 'grid halves' },
        contacts(recovery.contacts, recovery.replies),
        promises(recovery.commitments),
      ),
      goodwill(recovery.compensation, recovery.escalations),
    );
  }

  async function open(customerId) {
    const result = $('#find-result');
    result.textContent = 'Loading…';
    const recovery = await api(`/customers/${encodeURIComponent(customerId)}/recovery`);
    result.textContent = `Showing ${recovery.customer.name} (${recovery.customer.customerId}).`;
    $('#matches').hidden = true;
    render(recovery);
  }

  async function find(event) {
    event.preventDefault();
    const result = $('#find-result');
    const [by, value] = lookupParameter($('#query').value);
    $('#recovery').hidden = true;
    try {
      const { matches } = await api(`/customers?${new URLSearchParams({ [by]: value })}`);
      if (matches.length === 0) {
        result.textContent = `No customer found with that ${by === 'id' ? 'customer id' : by}.`;
        return;
      }
      if (matches.length === 1) return await open(matches[0].customerId);
      result.textContent = `${matches.length} customers share that ${by}: choose one.`;
      $('#matches').hidden = false;
      $('#matches').replaceChildren(
        ...matches.map((m) =>
          el(
            'li',
            {},
            el(
              'button',
              { type: 'button', class: 'secondary', 'data-customer': m.customerId },
              `${m.name} (${m.customerId})`,
            ),
          ),
        ),
      );
    } catch (error) {
      const fields =
        error.body && error.body.fields ? `: ${error.body.fields.map((f) => f.message).join(', ')}` : '';
      result.textContent = `${error.message}${fields}`;
    }
  }

  window.pxr.page({
    roles: ['agent'],
    init() {
      $('#find').addEventListener('submit', find);
      $('#matches').addEventListener('click', (event) => {
        const id = event.target.dataset && event.target.dataset.customer;
        if (id) open(id).catch((error) => ($('#find-result').textContent = error.message));
      });
      const requested = new URLSearchParams(window.location.search).get('customer');
      if (requested) {
        $('#query').value = requested;
        open(requested).catch((error) => ($('#find-result').textContent = error.message));
      } else {
        $('#query').focus();
      }
    },
  });
})();
