import type { IdType } from '@regverify/shared';
import {
  ProviderError,
  type FaceCheckResult,
  type IdentityProvider,
  type QueryFaceCheckInput,
  type StartFaceCheckInput,
  type StartedFaceCheck,
} from '../identity';
import { badAnswer, toProviderError } from './errors';
import { createAlipaySdk, type AlipayOptions } from './options';

/** Alipay certify `cert_type` values (alipay.user.certify.open.initialize, identity_param). */
export type AlipayCertType =
  'IDENTITY_CARD' | 'HOME_VISIT_PERMIT_HK_MC' | 'HOME_VISIT_PERMIT_TAIWAN' | 'RESIDENCE_PERMIT_HK_MC' | 'RESIDENCE_PERMIT_TAIWAN';

const FIXED_CERT_TYPES: Partial<Record<IdType, AlipayCertType>> = {
  resident_id: 'IDENTITY_CARD',
  hk_macau_permit: 'HOME_VISIT_PERMIT_HK_MC',
  taiwan_permit: 'HOME_VISIT_PERMIT_TAIWAN',
};

/**
 * The `cert_type` for a document, or null when Alipay cannot check it (passports, permanent
 * residence cards, residence permits outside the 81/82/83 areas). Residence permits of Hong Kong
 * and Macao residents start with 81/82, those of Taiwan residents with 83.
 */
export function alipayCertType(idType: IdType, idNumber: string): AlipayCertType | null {
  if (idType === 'hmt_residence_permit') {
    const area = idNumber.trim().slice(0, 2);
    if (area === '81' || area === '82') return 'RESIDENCE_PERMIT_HK_MC';
    if (area === '83') return 'RESIDENCE_PERMIT_TAIWAN';
    return null;
  }
  return FIXED_CERT_TYPES[idType] ?? null;
}

const OUTER_NO = /^[A-Za-z0-9]{1,32}$/;
const DEFAULT_FAIL_REASON = '人脸核验未通过';
const HAS_CHINESE = /[\u4e00-\u9fff]/;

interface InitializeAnswer {
  certify_id?: unknown;
}

interface QueryAnswer {
  passed?: unknown;
  fail_reason?: unknown;
  material_info?: unknown;
}

/** `passed` comes as "T"/"F" or as a one-element list ["T"]; absent or empty means not finished. */
function readPassed(passed: unknown): 'T' | 'F' | null | 'odd' {
  const value = Array.isArray(passed) ? (passed.length === 0 ? null : passed.length === 1 ? passed[0] : 'odd') : passed;
  if (value === undefined || value === null || value === '') return null;
  if (value === 'T' || value === 'F') return value;
  return 'odd';
}

/**
 * Alipay's `fail_reason` is often a bare code (e.g. "Z1147"), which means nothing to the person:
 * keep readable Chinese text as is, put a bare code in brackets after the default reason.
 */
function readableReason(failReason: unknown): string {
  if (typeof failReason !== 'string' || failReason.trim() === '') return DEFAULT_FAIL_REASON;
  const reason = failReason.trim();
  if (HAS_CHINESE.test(reason)) return reason;
  return /^[A-Za-z0-9_.-]{1,32}$/.test(reason) ? `${DEFAULT_FAIL_REASON}（${reason}）` : DEFAULT_FAIL_REASON;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The face picture from `material_info` (a JSON string, sometimes already an object), as a data
 * URL. The key is not pinned down by Alipay's public docs (FACIAL_PICTURE_FRONT / facial_picture /
 * face_picture seen), so take the first key that names a face picture.
 */
function facePicture(materialInfo: unknown): string | undefined {
  let info: unknown = materialInfo;
  if (typeof info === 'string') {
    if (info.trim() === '') return undefined;
    try {
      info = JSON.parse(info);
    } catch {
      return undefined;
    }
  }
  if (!info || typeof info !== 'object' || Array.isArray(info)) return undefined;
  for (const [key, value] of Object.entries(info as Record<string, unknown>)) {
    if (!/fac(e|ial)_?pic/i.test(key) || typeof value !== 'string') continue;
    const base64 = value.replace(/^data:image\/[a-z]+;base64,/i, '').replace(/\s+/g, '');
    if (base64.length === 0 || !BASE64.test(base64)) continue;
    const mime = base64.startsWith('iVBOR') ? 'image/png' : 'image/jpeg';
    return `data:${mime};base64,${base64}`;
  }
  return undefined;
}

/**
 * Face checks through Alipay's identity verification (实人认证, certify): `start` initialises a
 * certify flow with the person's document and returns what `my.startAPVerify({url, certifyId})`
 * needs; `query` asks Alipay for the result. Never logs; errors carry no personal data.
 */
export function createAlipayIdentityProvider(options: AlipayOptions): IdentityProvider {
  const sdk = createAlipaySdk(options);

  return {
    name: 'alipay',

    supports(idType) {
      return idType === 'resident_id' || idType === 'hk_macau_permit' || idType === 'taiwan_permit' || idType === 'hmt_residence_permit';
    },

    async start(input: StartFaceCheckInput): Promise<StartedFaceCheck> {
      const { subject, outerNo } = input;
      const certType = alipayCertType(subject.idType, subject.idNumber);
      if (!certType) {
        throw new ProviderError('rejected', `alipay certify: document type ${subject.idType} cannot be checked by Alipay`);
      }
      if (!OUTER_NO.test(outerNo)) {
        throw new ProviderError('rejected', 'alipay certify: outer_order_no must be 1–32 letters or digits');
      }
      let answer: InitializeAnswer;
      try {
        ({ data: answer } = await sdk.curl<InitializeAnswer>('POST', '/v3/alipay/user/certify/open/initialize', {
          body: {
            outer_order_no: outerNo,
            biz_code: 'FACE',
            identity_param: {
              identity_type: 'CERT_INFO',
              cert_type: certType,
              cert_name: subject.name,
              cert_no: subject.idNumber,
            },
            merchant_config: {
              // Required, may be empty: the mini-program gets control back from my.startAPVerify.
              return_url: '',
              // Alipay must not keep the live face image.
              face_reserve_strategy: 'never',
              ...(options.outputFacialPicture ? { out_put_facial_picture: true } : {}),
            },
          },
        }));
      } catch (err) {
        throw toProviderError(err, 'alipay certify initialize');
      }
      const certifyId = answer?.certify_id;
      if (typeof certifyId !== 'string' || certifyId === '') throw badAnswer('alipay certify initialize', 'no certify_id');

      // The certify page is a v2 "page" API without a v3 path: the SDK signs the URL locally.
      const url = sdk.pageExecute('alipay.user.certify.open.certify', 'GET', { bizContent: { certify_id: certifyId } });
      return { providerRef: certifyId, params: { certifyId, url } };
    },

    async query(input: QueryFaceCheckInput): Promise<FaceCheckResult> {
      let answer: QueryAnswer;
      try {
        ({ data: answer } = await sdk.curl<QueryAnswer>('GET', '/v3/alipay/user/certify/open/query', {
          query: { certify_id: input.providerRef },
        }));
      } catch (err) {
        throw toProviderError(err, 'alipay certify query');
      }
      if (!answer || typeof answer !== 'object') throw badAnswer('alipay certify query', 'answer is not an object');
      const passed = readPassed(answer.passed);
      if (passed === 'odd') throw badAnswer('alipay certify query', 'unexpected value of passed');
      if (passed === null) return { status: 'pending' };
      const picture = facePicture(answer.material_info);
      const result: FaceCheckResult =
        passed === 'T' ? { status: 'passed' } : { status: 'failed', reason: readableReason(answer.fail_reason) };
      if (picture) result.facePicture = picture;
      return result;
    },
  };
}
