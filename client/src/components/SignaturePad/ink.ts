export interface Point {
  x: number;
  y: number;
}

/** Strokes of at least this many points count as writing; a stray tap does not. */
const MIN_POINTS = 3;

/** Whether anything was written: the pad refuses to export a blank (or tap-only) signature. */
export function hasInk(strokes: Point[][]): boolean {
  return strokes.some((stroke) => stroke.length >= MIN_POINTS);
}

interface TouchLike {
  x?: number;
  y?: number;
  clientX?: number;
  clientY?: number;
}

/**
 * A point in canvas coordinates. Mini-program canvas touches carry canvas-relative `x`/`y`. In a
 * browser `clientX`/`clientY` are relative to the viewport — and a mouse or pointer event's own
 * `x`/`y` are the same viewport values, not canvas ones — so there the canvas rectangle is subtracted.
 */
export function canvasPoint(source: TouchLike, rect: { left: number; top: number }, inBrowser: boolean): Point {
  const hasClient = typeof source.clientX === 'number' && typeof source.clientY === 'number';
  if ((inBrowser || typeof source.x !== 'number') && hasClient) {
    return { x: (source.clientX as number) - rect.left, y: (source.clientY as number) - rect.top };
  }
  return { x: source.x ?? 0, y: source.y ?? 0 };
}
