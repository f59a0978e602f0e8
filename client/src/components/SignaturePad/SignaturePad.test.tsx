/** @jest-environment jsdom */
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { lastCanvas } from '../../../test/stubs/taro';
import { SignaturePad } from '.';

/** Lets the pad's deferred canvas query run (it waits for the native layer in real builds). */
async function mountPad(onSigned: (url: string) => void) {
  jest.useFakeTimers();
  render(<SignaturePad onSigned={onSigned} />);
  act(() => {
    jest.advanceTimersByTime(100);
  });
  jest.useRealTimers();
  return document.getElementById('signature-pad') as HTMLCanvasElement;
}

/** A stroke as mini-program canvas touches report it: canvas-relative x/y. */
function drawStroke(canvas: HTMLCanvasElement) {
  const touch = (x: number, y: number) => ({ touches: [{ x, y }] });
  fireEvent.touchStart(canvas, touch(10, 10));
  fireEvent.touchMove(canvas, touch(20, 15));
  fireEvent.touchMove(canvas, touch(30, 25));
  fireEvent.touchEnd(canvas, { touches: [] });
}

describe('SignaturePad', () => {
  test('refuses a blank pad with 请先签名', async () => {
    const onSigned = jest.fn();
    await mountPad(onSigned);
    fireEvent.click(screen.getByRole('button', { name: '完成签名' }));
    expect(screen.getByRole('alert').textContent).toBe('请先签名');
    expect(onSigned).not.toHaveBeenCalled();
  });

  test('a drawn stroke reaches the canvas and is exported as a PNG data URL', async () => {
    const onSigned = jest.fn();
    const canvas = await mountPad(onSigned);
    drawStroke(canvas);
    expect(lastCanvas.ctx.lineTo).toHaveBeenCalledWith(30, 25);
    expect(lastCanvas.width).toBe(600); // 300 px at pixel ratio 2
    fireEvent.click(screen.getByRole('button', { name: '完成签名' }));
    await waitFor(() => expect(onSigned).toHaveBeenCalledWith(expect.stringMatching(/^data:image\/png;base64,/)));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  test('清除 empties the pad again, so it is refused as blank', async () => {
    const onSigned = jest.fn();
    const canvas = await mountPad(onSigned);
    drawStroke(canvas);
    fireEvent.click(screen.getByRole('button', { name: '清除签名' }));
    expect(lastCanvas.ctx.clearRect).toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: '完成签名' }));
    expect(screen.getByRole('alert').textContent).toBe('请先签名');
    expect(onSigned).not.toHaveBeenCalled();
  });

  test('a single tap is not a signature', async () => {
    const onSigned = jest.fn();
    const canvas = await mountPad(onSigned);
    fireEvent.touchStart(canvas, { touches: [{ x: 5, y: 5 }] });
    fireEvent.touchEnd(canvas, { touches: [] });
    fireEvent.click(screen.getByRole('button', { name: '完成签名' }));
    expect(screen.getByRole('alert').textContent).toBe('请先签名');
  });
});
