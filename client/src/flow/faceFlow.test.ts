import { platform } from '../platform';
import { completeVerification, startVerification } from '../services/mp';
import { startFaceCheck } from './faceFlow';

jest.mock('../services/mp', () => ({
  startVerification: jest.fn(),
  completeVerification: jest.fn(async () => ({ status: 'passed', facePicture: 'data:image/png;base64,AA==' })),
}));

const started = (provider: string, params: Record<string, unknown>) =>
  (startVerification as jest.Mock).mockResolvedValueOnce({ id: 'v1', provider, params });

describe('startFaceCheck', () => {
  beforeEach(() => jest.clearAllMocks());

  test('the sandbox hands over to the simulated screen and runs no platform face check', async () => {
    started('sandbox', { simulated: true, verificationId: 'v1' });
    await expect(startFaceCheck({ purpose: 'task', taskId: 't1' }, '2026-12')).resolves.toEqual({
      kind: 'simulated',
      verificationId: 'v1',
    });
    expect(startVerification).toHaveBeenCalledWith({ purpose: 'task', taskId: 't1' }, '2026-12');
    expect(platform.runFaceCheck).not.toHaveBeenCalled();
  });

  test('a real provider runs the platform screen, then the server decides', async () => {
    started('alipay', { url: 'https://example/certify', certifyId: 'c1' });
    const result = await startFaceCheck({ purpose: 'entry' }, '2026-12');
    expect(platform.runFaceCheck).toHaveBeenCalledWith('alipay', { url: 'https://example/certify', certifyId: 'c1' });
    expect(completeVerification).toHaveBeenCalledWith('v1');
    expect(result).toMatchObject({ kind: 'completed', result: { status: 'passed' } });
  });

  test('backing out of the face screen asks the server nothing', async () => {
    started('wechat', { verifyId: 'w1' });
    (platform.runFaceCheck as jest.Mock).mockResolvedValueOnce({ finished: false, cancelled: true });
    await expect(startFaceCheck({ purpose: 'entry' }, '2026-12')).resolves.toEqual({ kind: 'cancelled' });
    expect(completeVerification).not.toHaveBeenCalled();
  });

  test('a platform that cannot run the check reports its reason', async () => {
    started('wechat', { verifyId: 'w1' });
    (platform.runFaceCheck as jest.Mock).mockResolvedValueOnce({ finished: false, problem: '当前微信版本过低，请升级微信后重试' });
    await expect(startFaceCheck({ purpose: 'entry' }, '2026-12')).rejects.toMatchObject({ message: '当前微信版本过低，请升级微信后重试' });
  });
});
