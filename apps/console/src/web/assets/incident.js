// One incident, measured from the customers' side, kept fresh by the server's live stream.
'use strict';

(() => {
  const { $, el, number, percent, ratio, duration, time, dateTime, money, meter, phases, tile, live } =
    window.pxr;
  const incidentId = decodeURIComponent(window.location.pathname.split('/').filter(Boolean)[1] || '');

  function renderFigures(page) {
    const c = page.communication;
    const t = page.timing;
    const m = page.compensation;
    const promises = c.commitments;
    const budget = m.budget;
    const used = budget ? ratio(m.committedMinor, budget.perIncidentMinor) : null;
    const budgetTile = tile(
      'Goodwill granted',
      money(m.committedMinor, budget ? budget.currency : 'GBP'),
      budget
        ? `${percent(used)} of ${money(budget.perIncidentMinor, budget.currency)} budget (${budget.policyVersion})`
        : 'no budget configured',
      used !== null && used > 1 ? 'bad' : '',
    );
    if (budget) budgetTile.append(meter(used, used > 1));
    // Notified means a notice went out; issued notices still waiting (quiet hours, rate limits) are noted.
    const waiting = Math.max(0, c.notified - t.notified);
    const notifiedTile = tile(
      'Notified',
      number(t.notified),
      `${percent(ratio(t.notified, c.affected))} of affected${waiting ? ` · ${number(waiting)} waiting to go` : ''}`,
    );
    notifiedTile.append(meter(ratio(t.notified, c.affected)));
    const deliveredTile = tile(
      'Delivered',
      number(c.delivered),
      `${percent(ratio(c.delivered, c.affected))} of affected`,
    );
    deliveredTile.append(meter(ratio(c.delivered, c.affected)));
    $('#figures').replaceChildren(
      tile(
        'Affected now',
        number(c.affected),
        page.identification ? identificationNote(page.identification) : 'not identified yet',
      ),
      notifiedTile,
      deliveredTile,
      tile(
        'Told before they contacted us',
        percent(t.toldFirstShare),
        `${number(c.contactedFirst)} contacted us first`,
        c.contactedFirst > 0 ? '' : 'good',
      ),
      tile(
        'Time to first notice',
        duration(t.medianSeconds),
        `median · 95th percentile ${duration(t.p95Seconds)}`,
      ),
      tile(
        'Promises due',
        number(promises.due),
        `${number(promises.kept)} kept · ${number(promises.broken)} broken · ${number(promises.open)} open`,
        promises.broken > 0 ? 'bad' : '',
      ),
      budgetTile,
    );
    $('#figures').dataset.affected = c.affected;
    $('#figures').dataset.notified = t.notified;
  }

  function identificationNote(progress) {
    return progress.state === 'done'
      ? `identified (scope revision ${progress.revision})`
      : `identifying… ${number(progress.identified)} matched so far`;
  }

  function renderFacts(page) {
    const incident = page.incident;
    const scope = incident.scope;
    const facts = [
      ['Incident id', incident.incidentId],
      ['Started', dateTime(incident.startedAt)],
      ['Services', scope.services.join(', ') || '—'],
      ['Regions', scope.regions.join(', ') || '—'],
      ['Postcodes', scope.postcodePrefixes.join(', ') || '—'],
      ['Customers listed by id', number(scope.customersListed)],
      ['Customer impact', incident.customerImpact || '—'],
      ['Status note', incident.statusNote || '—'],
      ['Expected fix', dateTime(incident.expectedResolutionAt)],
      ['Next update promised by', dateTime(incident.nextUpdateBy)],
    ];
    if (incident.resolvedAt) facts.push(['Resolved', dateTime(incident.resolvedAt)]);
    $('#facts').replaceChildren(
      ...facts.flatMap(([name, value]) => [el('dt', {}, name), el('dd', {}, value)]),
    );
  }

  function renderHead(page) {
    const incident = page.incident;
    document.title = `${incident.title} · PXR console`;
    $('#title').textContent = incident.title;
    $('#summary').replaceChildren(
      el('span', { class: `badge ${incident.severity}` }, incident.severity),
      ' ',
      el('span', { class: `badge ${incident.status}` }, incident.status),
      ' ',
      phases(incident.phases),
    );
  }

  function renderChart(page) {
    const series = page.series;
    const c = page.communication;
    const last =
      series && series.points.length ? series.points[series.points.length - 1] : { told: 0, delivered: 0 };
    const label = `Notification progress: ${number(last.told)} of ${number(c.affected)} affected customers told, ${number(last.delivered)} reached`;
    $('#chart').replaceChildren(window.pxrChart.draw(series, c.affected, label));
    const rows = series ? series.points.slice(1) : [];
    $('#chart-table tbody').replaceChildren(
      ...rows.map((p) =>
        el(
          'tr',
          {},
          el('td', {}, time(p.at)),
          el('td', { class: 'num' }, number(p.told)),
          el('td', { class: 'num' }, number(p.delivered)),
        ),
      ),
    );
  }

  function renderTimeline(page) {
    const entries = [...page.timeline].reverse();
    $('#timeline').replaceChildren(
      ...entries.map((entry) =>
        el(
          'li',
          {},
          el(
            'time',
            { datetime: entry.at, title: new Date(entry.at).toLocaleString('en-GB') },
            time(entry.at),
          ),
          el(
            'div',
            {},
            el('span', { class: `kind ${entry.kind}`, 'aria-hidden': 'true' }),
            el('strong', {}, entry.title),
            entry.detail || entry.dueBy
              ? el(
                  'div',
                  { class: 'sub' },
                  [entry.detail, entry.dueBy ? `due by ${dateTime(entry.dueBy)}` : null]
                    .filter(Boolean)
                    .join(' · '),
                )
              : null,
          ),
        ),
      ),
    );
  }

  function render(page) {
    $('#missing').hidden = true;
    renderHead(page);
    renderFigures(page);
    renderChart(page);
    renderFacts(page);
    renderTimeline(page);
  }

  window.pxr.page({
    roles: ['leader', 'ops'],
    init() {
      live(
        `/api/incidents/${encodeURIComponent(incidentId)}/live`,
        {
          incident: render,
          missing: () => {
            $('#missing').hidden = false;
            $('#missing').textContent =
              `Incident ${incidentId} is not known (yet). This page will fill in as soon as it is.`;
          },
        },
        $('#live'),
      );
    },
  });
})();
