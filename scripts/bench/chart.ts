/** A hand-written SVG bar chart (log scale) of unlock latency: p50/p95/p99 per socket count vs polling. */
export interface ChartGroup {
  label: string;
  values: { p50: number; p95: number; p99: number };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export function unlockChart(groups: ChartGroup[], title: string, note: string): string {
  const W = 760;
  const H = 380;
  const left = 70;
  const right = 20;
  const top = 50;
  const bottom = 70;
  const plotH = H - top - bottom;
  const minV = 0.1;
  const maxV = 10_000;
  const y = (v: number) =>
    top + plotH - ((Math.log10(Math.max(minV, Math.min(maxV, v))) - Math.log10(minV)) / (Math.log10(maxV) - Math.log10(minV))) * plotH;
  const colors = { p50: '#4c78a8', p95: '#f58518', p99: '#e45756' } as const;
  const groupW = (W - left - right) / groups.length;
  const barW = Math.min(40, (groupW - 30) / 3);
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
  );
  parts.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  parts.push(`<text x="${W / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>`);
  for (const tick of [0.1, 1, 10, 50, 100, 1000, 10_000]) {
    const ty = y(tick);
    const dash = tick === 50 ? ' stroke-dasharray="4 3" stroke="#e45756"' : ' stroke="#dddddd"';
    parts.push(`<line x1="${left}" x2="${W - right}" y1="${ty}" y2="${ty}"${dash}/>`);
    parts.push(`<text x="${left - 6}" y="${ty + 4}" text-anchor="end">${tick >= 1000 ? `${tick / 1000} s` : `${tick} ms`}</text>`);
  }
  groups.forEach((g, gi) => {
    const gx = left + gi * groupW + (groupW - 3 * barW - 8) / 2;
    (['p50', 'p95', 'p99'] as const).forEach((k, ki) => {
      const v = g.values[k];
      const x = gx + ki * (barW + 4);
      const by = y(v);
      parts.push(
        `<rect x="${x}" y="${by}" width="${barW}" height="${top + plotH - by}" fill="${colors[k]}"><title>${esc(g.label)} ${k}: ${v.toFixed(1)} ms</title></rect>`,
      );
      parts.push(
        `<text x="${x + barW / 2}" y="${by - 4}" text-anchor="middle" font-size="10">${v >= 100 ? v.toFixed(0) : v.toFixed(1)}</text>`,
      );
    });
    parts.push(`<text x="${left + gi * groupW + groupW / 2}" y="${top + plotH + 18}" text-anchor="middle">${esc(g.label)}</text>`);
  });
  parts.push(`<line x1="${left}" x2="${W - right}" y1="${y(50)}" y2="${y(50)}" stroke-dasharray="4 3" stroke="#e45756"/>`);
  parts.push(
    `<text x="${W - right - 4}" y="${y(50) + 14}" text-anchor="end" fill="#e45756" stroke="#ffffff" stroke-width="3" paint-order="stroke">goal: p99 &lt; 50 ms</text>`,
  );
  (['p50', 'p95', 'p99'] as const).forEach((k, i) => {
    parts.push(
      `<rect x="${left + i * 70}" y="${H - 30}" width="12" height="12" fill="${colors[k]}"/><text x="${left + i * 70 + 16}" y="${H - 20}">${k}</text>`,
    );
  });
  parts.push(`<text x="${left + 230}" y="${H - 20}" fill="#555555">${esc(note)}</text>`);
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
