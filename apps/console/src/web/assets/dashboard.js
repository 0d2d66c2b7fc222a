// The service leaders' board: the incident list, kept fresh by the server's live stream.
'use strict';

(() => {
  const { $, el, number, percent, ratio, relative, meter, phaseStep, tile, live } = window.pxr;
  const OPEN = new Set(['identified', 'monitoring']);

  function renderTotals(incidents) {
    const open = incidents.filter((incident) => OPEN.has(incident.status));
    const sum = (pick) => open.reduce((total, incident) => total + pick(incident.counts), 0);
    const affected = sum((c) => c.affected);
    const notified = sum((c) => c.notified);
    const contactedFirst = sum((c) => c.contactedFirst);
    const broken = sum((c) => c.commitmentsBroken);
    $('#totals').replaceChildren(
      tile('Open incidents', number(open.length)),
      tile('Customers affected now', number(affected)),
      tile('Told', percent(ratio(notified, affected)), `${number(notified)} customers`),
      tile('Contacted us before we told them', number(contactedFirst), null, contactedFirst > 0 ? 'bad' : ''),
      tile('Promises broken', number(broken), null, broken > 0 ? 'bad' : 'good'),
    );
  }

  function row(incident) {
    const c = incident.counts;
    const share = ratio(c.notified, c.affected);
    return el(
      'tr',
      { 'data-incident': incident.incidentId },
      el(
        'td',
        { class: 'incident-cell' },
        el('a', { href: `/incidents/${encodeURIComponent(incident.incidentId)}` }, incident.title),
        el(
          'div',
          { class: 'sub' },
          `${incident.incidentId} · ${[...incident.services, ...incident.regions].join(', ') || 'explicit customers'}`,
        ),
      ),
      el('td', {}, el('span', { class: `badge ${incident.severity}` }, incident.severity)),
      el('td', {}, el('span', { class: `badge ${incident.status}` }, incident.status)),
      el('td', { class: 'nowrap' }, phaseStep(incident.phases)),
      el('td', { class: 'num', 'data-count': 'affected' }, number(c.affected)),
      el(
        'td',
        { 'data-count': 'notified' },
        el(
          'div',
          { class: 'bar' },
          el('span', { class: 'nowrap' }, `${number(c.notified)} (${percent(share)})`),
          meter(share),
        ),
      ),
      el('td', { class: 'num' }, number(c.contactedFirst)),
      el(
        'td',
        { class: 'num' },
        `${number(c.commitmentsOpen)} / `,
        el('span', { class: c.commitmentsBroken > 0 ? 'error' : '' }, number(c.commitmentsBroken)),
      ),
      el(
        'td',
        {},
        el(
          'time',
          { datetime: incident.startedAt, title: new Date(incident.startedAt).toLocaleString('en-GB') },
          relative(incident.startedAt),
        ),
      ),
    );
  }

  function render(incidents) {
    renderTotals(incidents);
    const body = $('#incidents');
    if (incidents.length === 0) {
      body.replaceChildren(
        el('tr', {}, el('td', { colspan: 9, class: 'empty' }, 'No incidents yet. All quiet.')),
      );
      return;
    }
    body.replaceChildren(...incidents.map(row));
  }

  window.pxr.page({
    roles: ['leader', 'ops'],
    init() {
      live('/api/live', { incidents: render }, $('#live'));
    },
  });
})();
