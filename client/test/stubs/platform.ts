/** The platform port for jsdom tests: in-memory storage, no real face screen, a fixed PNG export. */
import type { PlatformPort } from '../../src/platform/port';

const memory = new Map<string, string>();

export const platform = {
  name: 'h5',
  loginCode: jest.fn(async () => 'test-device'),
  prefillAuthCode: jest.fn(async (): Promise<string | null> => null),
  runFaceCheck: jest.fn(async () => ({ finished: true })),
  drawingEvents: jest.fn((): 'touch' | 'pointer' => 'touch'),
  canvasToPngDataUrl: jest.fn(async () => 'data:image/png;base64,' + 'iVBORw0KGgo'.repeat(12)),
  openDocument: jest.fn(async (): Promise<void> => undefined),
  request: jest.fn(async () => ({ status: 500, data: null })),
  storage: {
    get: (key: string) => memory.get(key) ?? null,
    set: (key: string, value: string) => void memory.set(key, value),
    remove: (key: string) => void memory.delete(key),
    clear: () => memory.clear(),
  },
} satisfies PlatformPort & { storage: { clear(): void } };
