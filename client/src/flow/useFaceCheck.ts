import { useState } from 'react';
import { useAppState } from '../store';
import { asApiError, type ApiError } from '../services/apiError';
import { replacePage, openPage } from '../navigation';
import { purposeQuery, startFaceCheck, type FacePurpose, type FaceResult } from './faceFlow';

/**
 * Routes a finished face check: entry pass → 核验成功 (with the picture, memory only); task pass →
 * 签名 with the verification kept for the confirmation; a failure → 核验失败; pending → the result
 * page, which asks the server again.
 */
export function useFaceResultRouting() {
  const { setFacePicture, setTaskPass } = useAppState();
  return (purpose: FacePurpose, verificationId: string, result: FaceResult) => {
    const query = { ...purposeQuery(purpose), id: verificationId };
    if (result.status === 'passed' && purpose.purpose === 'task') {
      setTaskPass({ taskId: purpose.taskId, verificationId });
      return replacePage('sign', { taskId: purpose.taskId });
    }
    if (result.status === 'passed') setFacePicture(result.facePicture ?? null);
    return replacePage('result', { ...query, status: result.status, reason: result.reason });
  };
}

/** Starting a face check from a button: busy flag, error for ErrorNotice, and the routing above. */
export function useFaceCheck(purpose: FacePurpose) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const routeResult = useFaceResultRouting();

  const start = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const started = await startFaceCheck(purpose);
      if (started.kind === 'simulated') await openPage('faceSim', { ...purposeQuery(purpose), id: started.verificationId });
      else if (started.kind === 'completed') await routeResult(purpose, started.verificationId, started.result);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };
  return { start, busy, error };
}
