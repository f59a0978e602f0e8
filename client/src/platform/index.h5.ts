import { DocumentProblem, taroRequest, taroStorage } from './common';
import { showPdfInPage } from './pdfViewer.h5';
import type { PlatformPort } from './port';

const DEVICE_KEY = 'regverify.h5.device';

/**
 * The H5 preview: there is no platform account, so the "login code" is a random id kept by this
 * browser (the sandbox turns the same code into the same user); the face check is always the
 * simulated screen of the sandbox.
 */
export const platform: PlatformPort = {
  name: 'h5',
  async loginCode() {
    let device = taroStorage.get(DEVICE_KEY);
    if (!device) {
      device = `h5-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
      taroStorage.set(DEVICE_KEY, device);
    }
    return device;
  },
  async prefillAuthCode() {
    return null;
  },
  async runFaceCheck() {
    return { finished: false, problem: 'H5 预览只能使用模拟刷脸' };
  },
  drawingEvents() {
    // iOS Safari before 13 has no pointer events; touch events still work there.
    return typeof window !== 'undefined' && 'PointerEvent' in window ? 'pointer' : 'touch';
  },
  async canvasToPngDataUrl(canvas) {
    return (canvas as HTMLCanvasElement).toDataURL('image/png');
  },
  async openDocument({ url, headers, title }) {
    let res: Response;
    try {
      res = await fetch(url, { headers, credentials: 'omit', cache: 'no-store' });
    } catch {
      throw new DocumentProblem('文件下载失败，请检查网络后重试', 0);
    }
    if (!res.ok) throw new DocumentProblem('文件暂时无法查看，请稍后重试', res.status);
    showPdfInPage(await res.blob(), title);
  },
  request: taroRequest,
  storage: taroStorage,
};
