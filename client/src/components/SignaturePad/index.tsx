import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Canvas, Text, View } from '@tarojs/components';
import { platform } from '../../platform';
import { canvasPoint, hasInk, type Point } from './ink';
import { a11y } from '../a11y';

import './index.scss';

interface Surface {
  canvas: {
    width: number;
    height: number;
    getContext(type: '2d'): CanvasRenderingContext2D;
    getBoundingClientRect?(): { left: number; top: number; width: number; height: number };
  };
  ctx: CanvasRenderingContext2D;
  rect: { left: number; top: number };
  ratio: number;
}

// The server accepts at most 200 KB of PNG; ratio 2 keeps a full pad well below it and still sharp.
const MAX_RATIO = 2;

function pixelRatio(): number {
  // Taro's H5 canvas resets the bitmap to its CSS size whenever it renders: stay at 1 there.
  if (process.env.TARO_ENV === 'h5') return 1;
  try {
    return Math.min(MAX_RATIO, Taro.getSystemInfoSync().pixelRatio || 1);
  } catch {
    return 1;
  }
}

/**
 * 手写签名: a Canvas 2D pad. The canvas sits in a `catchMove` view (mini-programs) with
 * `touch-action: none` (H5), so drawing neither scrolls the page nor swipes back. 完成签名 refuses a
 * blank pad with 请先签名 and hands a PNG data URL to `onSigned`.
 */
export function SignaturePad({ canvasId = 'signature-pad', onSigned }: { canvasId?: string; onSigned(dataUrl: string): void }) {
  const surface = useRef<Surface | null>(null);
  const strokes = useRef<Point[][]>([]);
  const drawing = useRef(false);
  const [message, setMessage] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let tries = 0;
    // The canvas node exists only after the first render has reached the native layer (H5: after
    // the web component has hydrated and been laid out), so ask again until it has a size.
    const attach = () => {
      Taro.createSelectorQuery()
        .select(`#${canvasId}`)
        .fields({ node: true, size: true, rect: true })
        .exec((res: Array<{ node?: Surface['canvas']; width?: number; height?: number; left?: number; top?: number } | null>) => {
          const found = res && res[0];
          const canvas = found && found.node;
          // Mini-programs report the size with the node; Taro's H5 query returns the node alone.
          const box =
            canvas &&
            (found.width
              ? { width: found.width, height: found.height ?? 0, left: found.left ?? 0, top: found.top ?? 0 }
              : canvas.getBoundingClientRect?.());
          if (!canvas || !box || !box.width || !box.height) {
            if (++tries < 40) timer = setTimeout(attach, 100);
            return;
          }
          const ratio = pixelRatio();
          canvas.width = Math.round(box.width * ratio);
          canvas.height = Math.round(box.height * ratio);
          surface.current = { canvas, ctx: canvas.getContext('2d'), rect: { left: box.left, top: box.top }, ratio };
        });
    };
    timer = setTimeout(attach, 50);
    return () => clearTimeout(timer);
  }, [canvasId]);

  // In a browser the page may have scrolled since the query: ask the element itself.
  const currentRect = () => surface.current?.canvas.getBoundingClientRect?.() ?? surface.current?.rect ?? { left: 0, top: 0 };
  const pointOf = (source: Parameters<typeof canvasPoint>[0]) =>
    canvasPoint(source, currentRect(), typeof surface.current?.canvas.getBoundingClientRect === 'function');

  const begin = (source: Parameters<typeof canvasPoint>[0]) => {
    drawing.current = true;
    strokes.current.push([pointOf(source)]);
    setMessage(null);
  };

  const extend = (source: Parameters<typeof canvasPoint>[0]) => {
    if (!drawing.current) return;
    const stroke = strokes.current[strokes.current.length - 1];
    const from = stroke[stroke.length - 1];
    const to = pointOf(source);
    stroke.push(to);
    const s = surface.current;
    if (!s) return;
    const { ctx, ratio } = s;
    // Set on every segment: a canvas whose bitmap was resized has lost its context state.
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.lineWidth = 4;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.strokeStyle = '#000000';
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x, to.y);
    ctx.stroke();
  };

  const end = () => {
    drawing.current = false;
  };

  const clear = () => {
    strokes.current = [];
    const s = surface.current;
    if (s) {
      s.ctx.setTransform(1, 0, 0, 1, 0, 0);
      s.ctx.clearRect(0, 0, s.canvas.width, s.canvas.height);
    }
    setMessage(null);
  };

  const finish = async () => {
    if (!hasInk(strokes.current) || !surface.current) {
      setMessage('请先签名');
      return;
    }
    setExporting(true);
    try {
      const url = await platform.canvasToPngDataUrl(surface.current.canvas);
      // An empty canvas exports as "data:," — never hand that on as a signature.
      if (url.indexOf('data:image/png;base64,') !== 0 || url.length < 100) throw new Error('empty export');
      onSigned(url);
    } catch {
      setMessage('签名保存失败，请重新签名');
    } finally {
      setExporting(false);
    }
  };

  type TouchEventLike = { touches?: ArrayLike<Parameters<typeof canvasPoint>[0]>; preventDefault?(): void };
  const firstTouch = (e: TouchEventLike) => (e.touches && e.touches[0]) || {};
  const handlers =
    platform.drawingEvents() === 'pointer'
      ? {
          onPointerDown: (e: PointerEvent) => begin(e),
          onPointerMove: (e: PointerEvent) => extend(e),
          onPointerUp: end,
          onPointerLeave: end,
          onPointerCancel: end,
        }
      : {
          onTouchStart: (e: TouchEventLike) => begin(firstTouch(e)),
          onTouchMove: (e: TouchEventLike) => {
            if (e.preventDefault) e.preventDefault();
            extend(firstTouch(e));
          },
          onTouchEnd: end,
          onTouchCancel: end,
        };

  return (
    <View className="signature-pad">
      <View className="signature-pad__frame" catchMove>
        {/* The handlers differ by platform (see drawingEvents); Canvas's own typing knows only touch. */}
        <Canvas type="2d" id={canvasId} className="signature-pad__canvas" disableScroll {...(handlers as object)} />
        <Text className="signature-pad__hint muted">请在框内手写签名</Text>
      </View>
      {message ? (
        <View role="alert">
          <Text className="field-error">{message}</Text>
        </View>
      ) : null}
      <View className="signature-pad__actions">
        <Button className="btn btn--plain signature-pad__button" {...a11y('清除签名')} onClick={clear}>
          清除
        </Button>
        <Button
          className={`btn btn--primary signature-pad__button ${exporting ? 'btn--disabled' : ''}`}
          {...a11y('完成签名')}
          disabled={exporting}
          onClick={finish}
        >
          完成签名
        </Button>
      </View>
    </View>
  );
}
