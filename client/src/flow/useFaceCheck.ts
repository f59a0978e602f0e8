import { useState } from 'react';
import { useAppState } from '../store';
import { ApiError, asApiError } from '../services/apiError';
import { forgetNotices } from './useNotices';
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

/** The words when the face check is asked for before its notice was ticked. */
export const FACE_CONSENT_NEEDED = '请先阅读并勾选同意《人脸信息处理告知》';

/**
 * Starting a face check from a button: busy flag, error for ErrorNotice, and the routing above.
 * The check carries the version of 《人脸信息处理告知》 the person ticked (`consented`: whether
 * they have); a version the server no longer shows unticks it, to be read and ticked again.
 */
export function useFaceCheck(purpose: FacePurpose) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const routeResult = useFaceResultRouting();
  const { consents, setNoticeConsent } = useAppState();
  const consentVersion = consents.face ?? null;

  const start = async () => {
    if (busy) return;
    if (!consentVersion) {
      setError(new ApiError('consent_required', FACE_CONSENT_NEEDED, 0));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const started = await startFaceCheck(purpose, consentVersion);
      if (started.kind === 'simulated') await openPage('faceSim', { ...purposeQuery(purpose), id: started.verificationId });
      else if (started.kind === 'completed') await routeResult(purpose, started.verificationId, started.result);
    } catch (err) {
      const e = asApiError(err);
      if (e.code === 'consent_version_mismatch') {
        forgetNotices();
        setNoticeConsent('face', null);
      }
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { start, busy, error, consented: !!consentVersion };
}
