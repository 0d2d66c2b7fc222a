// Notification progress as an inline SVG line chart: no library, drawn from the JSON series.
'use strict';

window.pxrChart = (() => {
  const SVG = 'http://www.w3.org/2000/svg';
  const W = 640;
  const H = 260;
  const PAD = { left: 56, right: 16, top: 12, bottom: 30 };

  function svg(tag, attributes = {}, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** A round step for the y axis, so gridlines read 0, 250, 500… rather than 0, 237, 474. */
  function niceStep(max, ticks) {
    const raw = max / ticks;
    const magnitude = 10 ** Math.floor(Math.log10(raw));
    const fraction = raw / magnitude;
    return (
      (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10) * magnitude
    );
  }

  /**
   * Draws `series.points` (cumulative told and delivered) against time since the incident started,
   * with the affected count as a ceiling line. Returns the <svg>, labelled for screen readers.
   */
  function draw(series, affected, label) {
    const points = series ? series.points : [];
    const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label });
    root.append(svg('title', {}, label));
    const top = Math.max(affected, ...points.map((p) => Math.max(p.told, p.delivered)), 1);
    const step = niceStep(top, 4);
    const yMax = Math.ceil(top / step) * step;
    const t0 = points.length ? new Date(points[0].at).getTime() : Date.now();
    const t1 = points.length > 1 ? new Date(points[points.length - 1].at).getTime() : t0 + 60000;
    const x = (at) => PAD.left + ((new Date(at).getTime() - t0) / (t1 - t0)) * (W - PAD.left - PAD.right);
    const y = (n) => H - PAD.bottom - (n / yMax) * (H - PAD.top - PAD.bottom);

    for (let value = 0; value <= yMax + 1e-9; value += step) {
      root.append(
        svg('line', { class: 'grid-line', x1: PAD.left, x2: W - PAD.right, y1: y(value), y2: y(value) }),
      );
      root.append(
        svg(
          'text',
          { x: PAD.left - 8, y: y(value) + 4, 'text-anchor': 'end' },
          Math.round(value).toLocaleString('en-GB'),
        ),
      );
    }
    root.append(svg('line', { class: 'axis', x1: PAD.left, x2: W - PAD.right, y1: y(0), y2: y(0) }));
    const ticks = 5;
    for (let i = 0; i <= ticks; i += 1) {
      const at = t0 + ((t1 - t0) * i) / ticks;
      const label = new Date(at).toLocaleTimeString('en-GB', {
        hour: '2-digit',
        minute: '2-digit',
        second: t1 - t0 < 600000 ? '2-digit' : undefined,
      });
      root.append(
        svg(
          'text',
          { x: x(at), y: H - 10, 'text-anchor': i === 0 ? 'start' : i === ticks ? 'end' : 'middle' },
          label,
        ),
      );
    }
    if (affected > 0) {
      root.append(
        svg('line', { class: 'affected', x1: PAD.left, x2: W - PAD.right, y1: y(affected), y2: y(affected) }),
      );
    }
    if (points.length > 1) {
      const path = (pick) =>
        points.map((p, i) => `${i ? 'L' : 'M'}${x(p.at).toFixed(1)},${y(pick(p)).toFixed(1)}`).join(' ');
      root.append(svg('path', { class: 'reached', d: path((p) => p.delivered) }));
      root.append(svg('path', { class: 'told', d: path((p) => p.told) }));
    } else {
      root.append(svg('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle' }, 'No notices sent yet'));
    }
    return root;
  }

  return { draw, niceStep };
})();
