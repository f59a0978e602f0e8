import type { MatterView } from '@regverify/shared';
import { renderMatterPage } from './matterPage';

const view: MatterView = {
  id: 'ab'.repeat(16),
  portalRef: 'HN-1',
  kind: '设立登记',
  entityName: '郑州某某科技有限公司',
  status: 'pending',
  version: 1,
  documents: [],
  documentsDigest: 'c'.repeat(64),
  createdAt: '2026-12-07T00:00:00.000Z',
  expiresAt: '2026-12-14T00:00:00.000Z',
  participants: [
    {
      taskId: 't1',
      kind: 'organization',
      name: '河南某某投资有限公司',
      usccMasked: '91************341L',
      representative: { name: '王*', idType: 'resident_id', idNumberMasked: '1101**********002X' },
      idType: 'resident_id',
      idNumberMasked: '1101**********002X',
      roles: ['股东'],
      actions: ['verify', 'sign'],
      verify: 'pending',
      sign: 'pending',
      confirmedAt: null,
      decision: null,
      declineReason: null,
    },
  ],
  progress: { done: 0, total: 1 },
  canSubmit: false,
};
const svg = '<svg xmlns="http://www.w3.org/2000/svg"></svg>';
const page = (over: { qrSvg?: string | null; weappCode?: string | null }) =>
  renderMatterPage({ view, qrText: 'alipays://x', qrSvg: svg, weappCode: null, sandbox: false, scripts: [], ...over });

describe('the portal page: a code for each platform of the deployment', () => {
  it('shows both codes, each labelled with its app', () => {
    const html = page({ weappCode: '/entry/x/weapp.png' });
    expect(html).toContain('aria-label="支付宝小程序码"');
    expect(html).toContain('请使用支付宝扫码');
    expect(html).toContain('alt="微信小程序码"');
    expect(html).toContain('请使用微信扫码');
  });

  it('shows only the Alipay code where WeChat is not a platform, and only the WeChat code where Alipay is not', () => {
    const alipayOnly = page({});
    expect(alipayOnly).toContain('支付宝小程序码');
    expect(alipayOnly).not.toContain('微信');
    const weappOnly = page({ qrSvg: null, weappCode: '/entry/x/weapp.png' });
    expect(weappOnly).not.toContain('支付宝');
    expect(weappOnly).toContain('微信小程序码');
  });

  it('shows an organization with its masked code and its representative', () => {
    const html = page({});
    expect(html).toContain('河南某某投资有限公司<span class="sub mono">91************341L</span><span class="sub">代表人：王*</span>');
  });
});
