// Passed to playwright's evaluate: the function runs in the page, so it uses nothing from outside itself.
/**
 * The texts under `root` whose contrast with what is behind them is below 4.5:1 (WCAG AA), each
 * with its ratio. Colours are composited over the ancestors' backgrounds, white at the bottom.
 */
export function lowContrastTexts(root: Element): string[] {
  type Rgba = [number, number, number, number];
  const parse = (css: string): Rgba => {
    const rgb = /^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)$/.exec(css);
    if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3]), rgb[4] === undefined ? 1 : Number(rgb[4])];
    const srgb = /^color\(srgb ([\d.]+) ([\d.]+) ([\d.]+)(?: \/ ([\d.]+))?\)$/.exec(css);
    if (srgb) return [Number(srgb[1]) * 255, Number(srgb[2]) * 255, Number(srgb[3]) * 255, srgb[4] === undefined ? 1 : Number(srgb[4])];
    throw new Error(`unknown colour ${css}`);
  };
  const over = (top: Rgba, bottom: Rgba): Rgba => [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3])).concat(1) as Rgba;
  const luminance = ([r, g, b]: Rgba) => {
    const lin = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const backgroundOf = (el: Element): Rgba => {
    const chain: Element[] = [];
    for (let e: Element | null = el; e; e = e.parentElement) chain.unshift(e);
    return chain.reduce<Rgba>((bg, e) => over(parse(getComputedStyle(e).backgroundColor), bg), [255, 255, 255, 1]);
  };
  const low: string[] = [];
  for (const el of [root, ...Array.from(root.querySelectorAll('*'))]) {
    const text = Array.from(el.childNodes)
      .filter((n) => n.nodeType === Node.TEXT_NODE)
      .map((n) => n.textContent!.trim())
      .join('');
    const style = getComputedStyle(el);
    if (!text || style.visibility !== 'visible' || el.getClientRects().length === 0) continue;
    const bg = backgroundOf(el);
    const fg = over(parse(style.color), bg);
    const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    if (ratio < 4.5) low.push(`${text} (${ratio.toFixed(2)}:1, ${style.color})`);
  }
  return low;
}
