/**
 * Texts of the user manual (chapter 6 常见问题), verbatim: all seven entries, shown by the 常见问题
 * page (subpackage). FAQ 7's three causes are in faceFailureCauses.ts, which the failure page of the
 * main package shows too: this file stays out of the main package.
 */
import { FACE_FAILURE_CAUSES } from './faceFailureCauses';

export const FAQ: Array<{ question: string; answer: string[] }> = [
  { question: '问题1：是否可以用微信或者其他应用做核验？', answer: ['目前版本仅支持支付宝小程序核验，后续微信及对应的APP将会陆续上线。'] },
  { question: '问题2：关于验证人员的范围。', answer: ['支持居民身份证、华侨持用护照、港澳通行证等类型身份验证。'] },
  { question: '问题3：小程序对手机是否有要求。', answer: ['支持安卓4.3及以上版本；支持iOS11及以上版本。'] },
  {
    question: '问题4：登记注册自然人身份验证小程序的打开方式。',
    answer: ['在支付宝的搜索栏搜索“登记注册身份验证小程序”。使用支付宝通过二维码扫描。'],
  },
  {
    question: '问题5：登记注册自然人身份验证小程序是否需要注册？',
    answer: ['不需要注册，只需要在小程序中录入姓名、证件类型、证件号码，通过刷脸认证即可。'],
  },
  {
    question: '问题6：在自然人身份核验时都需要核验哪些信息？',
    answer: ['为提高认证安全等级，使用自然人身份证进行核验的，需通过本人人像信息核验及本人银行卡信息核验。'],
  },
  { question: '问题7：关于实名验证（刷脸）通不过问题', answer: FACE_FAILURE_CAUSES },
];
