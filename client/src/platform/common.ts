import Taro from '@tarojs/taro';
import type { HttpResponse, PlatformPort } from './port';

/** Parts that Taro already makes the same on every platform. */
export const taroStorage: PlatformPort['storage'] = {
  get: (key) => {
    const value = Taro.getStorageSync(key);
    return typeof value === 'string' && value !== '' ? value : null;
  },
  set: (key, value) => Taro.setStorageSync(key, value),
  remove: (key) => Taro.removeStorageSync(key),
};

export async function taroRequest(options: Parameters<PlatformPort['request']>[0]): Promise<HttpResponse> {
  const res = await Taro.request({
    url: options.url,
    method: options.method,
    data: options.data,
    header: { 'content-type': 'application/json', ...options.headers },
    dataType: 'json',
    timeout: 15000,
  });
  return { status: res.statusCode, data: res.data };
}

/**
 * A mini-program opens a PDF the way both platforms document: download it with the session's
 * credential to a temporary file, then hand it to the platform's document viewer.
 */
export async function miniOpenDocument(options: Parameters<PlatformPort['openDocument']>[0]): Promise<void> {
  let download;
  try {
    download = await Taro.downloadFile({ url: options.url, header: options.headers });
  } catch {
    throw new DocumentProblem('文件下载失败，请检查网络后重试', 0);
  }
  if (download.statusCode !== 200) throw new DocumentProblem('文件暂时无法查看，请稍后重试', download.statusCode);
  await Taro.openDocument({ filePath: download.tempFilePath, fileType: 'pdf', showMenu: false });
}

/** Why a document could not be opened: a readable reason and the server's status (0: no answer). */
export class DocumentProblem extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'DocumentProblem';
  }
}

interface MiniCanvas {
  toDataURL?(type?: string): string;
}

/**
 * Mini-program Canvas 2D export. Both platforms' 2D canvas node has `toDataURL` in current base
 * libraries; older ones only write a temp file, which is then read back as base64.
 */
export async function miniCanvasToPng(canvas: unknown): Promise<string> {
  const node = canvas as MiniCanvas;
  if (typeof node.toDataURL === 'function') {
    const url = node.toDataURL('image/png');
    if (url.indexOf('data:image/png;base64,') === 0) return url;
  }
  const { tempFilePath } = await Taro.canvasToTempFilePath({
    canvas: canvas as Taro.Canvas,
    fileType: 'png',
  } as Taro.canvasToTempFilePath.Option);
  const base64 = await new Promise<string>((resolve, reject) =>
    Taro.getFileSystemManager().readFile({
      filePath: tempFilePath,
      encoding: 'base64',
      success: (res) => resolve(String(res.data)),
      fail: reject,
    }),
  );
  return `data:image/png;base64,${base64}`;
}
