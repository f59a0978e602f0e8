import { createHash } from 'node:crypto';

/**
 * 《个人信息处理规则》: the rules a person agrees to before their identity is processed — the
 * separate consent to sensitive personal information that PIPL art. 29 asks for. The server owns
 * them: the mini-program shows this text (`GET /api/mp/consent`) and sends back this version, and
 * any other version is refused. A new text is a new version.
 */
export const CONSENT_VERSION = '2026-11';

export const CONSENT_TITLE = '个人信息处理规则';

export const CONSENT_SECTIONS: ReadonlyArray<{ title: string; paragraphs: readonly string[] }> = [
  {
    title: '一、我们处理哪些个人信息',
    paragraphs: [
      '为完成登记注册业务的身份核验和业务确认，我们处理以下信息：姓名、证件类型、证件号码、人脸图像（仅用于核验，不保存）、银行卡号（仅用于核验，不保存）、手写签名。',
      '证件号码、人脸图像属于敏感个人信息。我们只在您勾选同意本规则后处理这些信息。',
    ],
  },
  {
    title: '二、为什么处理这些信息',
    paragraphs: [
      '依据市场监管部门关于经营主体登记实名认证的要求，办理登记注册业务所涉人员均需完成实名认证，即“一人一事一认证”。',
      '姓名、证件类型和证件号码用于找到与您有关的待办事项并交由核验服务比对；人脸图像用于确认是本人操作；银行卡号用于使用居民身份证核验时的本人银行卡信息核验；手写签名用于确认您所看到的业务文件。',
      '我们不会将您的信息用于上述目的以外的用途。',
    ],
  },
  {
    title: '三、我们如何保护这些信息',
    paragraphs: [
      '信息在传输时加密；存储时加密保存，并与其他数据分开存放。',
      '页面、通知和日志中只显示遮盖后的姓名和证件号码（例如“张*”“1101**********002X”），任何日志都不记录完整证件号码、人脸图像、银行卡号或签名。',
      '人脸核验由核验服务机构完成，我们只接收核验结果；核验时显示给您确认的人像不在本小程序中保存。',
    ],
  },
  {
    title: '四、我们保存多久',
    paragraphs: [
      '人脸图像和银行卡号在核验完成后即不再保留。',
      '待办事项自业务发起起保存7天，到期后失效；与业务有关的身份信息和手写签名在业务办结后按登记注册档案管理的规定保存，期满后删除。',
      '您在本小程序中填写的信息只保留在本次使用的内存中，不会写入手机存储。',
    ],
  },
  {
    title: '五、您的权利',
    paragraphs: [
      '您有权查阅、复制、更正您的个人信息，有权撤回同意；撤回同意不影响撤回前基于同意已进行的处理，但撤回后将无法继续完成本业务的身份核验。',
      '您有权要求删除不再需要的个人信息，有权要求我们对处理规则作出解释说明。',
      '如需行使上述权利或有疑问，可通过“技术支持”页面联系我们。',
    ],
  },
];

/** SHA-256 of the version and the whole text: what exactly was shown under this version. */
export const CONSENT_SHA256 = createHash('sha256')
  .update(JSON.stringify({ version: CONSENT_VERSION, title: CONSENT_TITLE, sections: CONSENT_SECTIONS }), 'utf8')
  .digest('hex');

/**
 * The notices a person consents to each on its own, right before that step (人脸识别技术应用安全管理办法,
 * in force since 2025-06-01: separate consent to face information, and another way where one
 * exists; PIPL art. 29 for financial-account information). Each has a server-owned version; a
 * start of that step must name the current one.
 */
export interface ConsentNotice {
  kind: 'face' | 'bankcard';
  version: string;
  title: string;
  paragraphs: readonly string[];
}

export const FACE_NOTICE: ConsentNotice = {
  kind: 'face',
  version: '2026-12',
  title: '人脸信息处理告知',
  paragraphs: [
    '为确认是您本人办理登记注册业务，需要采集您的人脸图像，由核验服务机构与您的证件信息比对。人脸信息属于敏感个人信息。',
    '人脸图像仅用于本次身份核验，核验完成后本服务不保存人脸图像，只记录核验结果。',
    '您可以不同意：不同意时可选择“到登记窗口核验”，携带本人有效身份证件到登记窗口由工作人员人工核验，不影响业务办理。',
    '您可随时撤回同意；撤回前已完成的核验不受影响。',
  ],
};

export const BANKCARD_NOTICE: ConsentNotice = {
  kind: 'bankcard',
  version: '2026-12',
  title: '银行卡信息处理告知',
  paragraphs: [
    '使用居民身份证核验的，需要核验一张在您本人名下的银行卡：您填写的银行卡号（和预留手机号）与姓名、证件号码一并交由银行卡核验服务比对。银行卡信息属于敏感个人信息。',
    '银行卡号和手机号仅用于本次核验，不保存，不写入日志。',
    '您可以不同意：不同意时无法在小程序中继续核验，可携带本人有效身份证件到登记窗口办理。',
  ],
};

export const CONSENT_NOTICES = { face: FACE_NOTICE, bankcard: BANKCARD_NOTICE } as const;

/** The notice's whole text as the mini-program shows it: paragraphs separated by blank lines. */
export const noticeText = (notice: ConsentNotice): string => notice.paragraphs.join('\n\n');

/** SHA-256 of kind, version, title and text: what exactly was shown under this version. */
export const noticeSha256 = (notice: ConsentNotice): string =>
  createHash('sha256')
    .update(JSON.stringify({ kind: notice.kind, version: notice.version, title: notice.title, text: noticeText(notice) }), 'utf8')
    .digest('hex');
