import { canvasPoint, hasInk } from './ink';

describe('signature ink', () => {
  test('a blank pad or a stray tap is not a signature; a stroke is', () => {
    expect(hasInk([])).toBe(false);
    expect(hasInk([[{ x: 1, y: 1 }]])).toBe(false);
    expect(
      hasInk([
        [{ x: 1, y: 1 }],
        [
          { x: 1, y: 1 },
          { x: 2, y: 2 },
          { x: 3, y: 3 },
        ],
      ]),
    ).toBe(true);
  });

  test('mini-program canvas touches are already canvas-relative', () => {
    expect(canvasPoint({ x: 12, y: 34 }, { left: 100, top: 200 }, false)).toEqual({ x: 12, y: 34 });
  });

  test('in a browser the viewport position is made canvas-relative, even when the event has its own x/y', () => {
    // MouseEvent.x is an alias of clientX: using it as is would draw outside the pad.
    expect(canvasPoint({ x: 150, y: 260, clientX: 150, clientY: 260 }, { left: 100, top: 200 }, true)).toEqual({ x: 50, y: 60 });
    expect(canvasPoint({ clientX: 110, clientY: 205 }, { left: 100, top: 200 }, false)).toEqual({ x: 10, y: 5 });
  });
});
