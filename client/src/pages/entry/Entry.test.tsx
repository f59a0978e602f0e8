/** @jest-environment jsdom */
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { AppStateProvider } from '../../store';
import { saveIdentity } from '../../services/mp';
import Entry from './index';

jest.mock('../../services/mp', () => ({
  readConsent: jest.fn(async () => ({ version: '2026-11', title: '个人信息处理规则', sections: [], sha256: 'x' })),
  saveIdentity: jest.fn(async () => ({
    identity: { name: '张*', idType: 'resident_id', idNumberMasked: '1101**********002X' },
    needsBankCard: true,
  })),
  prefill: jest.fn(),
}));

/** The page, once it has read the current rules from the server (the mock). */
const renderEntry = async () => {
  const rendered = render(
    <AppStateProvider>
      <Entry />
    </AppStateProvider>,
  );
  await act(async () => {});
  return rendered;
};

const submitButton = () => screen.getByRole('button', { name: '查看待办事项' }) as HTMLButtonElement;
const chooseType = (index: number) => fireEvent.change(screen.getByTestId('picker'), { target: { value: String(index) } });
const consentTick = () => screen.getByRole('checkbox', { name: /同意《个人信息处理规则》/ });
const noticeTick = () => screen.getByRole('checkbox', { name: /注意事项/ });

describe('用户信息录入', () => {
  test('shows the header, the fields with their placeholders and the consent line of the manual', async () => {
    await renderEntry();
    const text = document.body.textContent ?? '';
    for (const label of [
      '国家市场监督管理总局',
      'State Administration for Market Regulation',
      '登记注册身份验证',
      '姓名',
      '证件类型',
      '证件号码',
      '请选择证件类型',
    ]) {
      expect(text).toContain(label);
    }
    expect(screen.getByPlaceholderText('请填写姓名')).toBeTruthy();
    expect(screen.getByPlaceholderText('请填写证件号码')).toBeTruthy();
    expect(text).toContain('您知悉并同意服务提供者授权按照《个人信息处理规则》实施个人信息处理并用于身份核验，详见《个人信息处理规则》');
    expect(text).toContain('如有其他问题请点击此获得技术支持');
  });

  test('居民身份证: 查看待办事项 stays disabled until both the consent and the 注意事项 are ticked', async () => {
    await renderEntry();
    expect(submitButton().disabled).toBe(true);
    chooseType(0);
    expect(document.body.textContent).toContain(
      '为提高认证安全等级，使用自然人身份证进行核验的，需通过本人人像信息核验及本人银行卡信息核验。',
    );
    fireEvent.click(consentTick());
    expect(submitButton().disabled).toBe(true);
    fireEvent.click(noticeTick());
    expect(submitButton().disabled).toBe(false);
    fireEvent.click(consentTick());
    expect(submitButton().disabled).toBe(true);
  });

  test('other document types have no bank-card 注意事项: the consent alone enables the button', async () => {
    await renderEntry();
    chooseType(2);
    expect(screen.queryByRole('checkbox', { name: /注意事项/ })).toBeNull();
    fireEvent.click(consentTick());
    expect(submitButton().disabled).toBe(false);
  });

  test('tapping 《个人信息处理规则》 opens the rules without ticking the consent', async () => {
    await renderEntry();
    fireEvent.click(screen.getAllByText('《个人信息处理规则》')[0]);
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/subpackages/more/privacy/index' });
    expect(consentTick().getAttribute('aria-label')).toContain('未勾选');
  });

  test('a complete form saves the identity and goes on to the bank-card check', async () => {
    await renderEntry();
    fireEvent.change(screen.getByLabelText('姓名'), { target: { value: '张三' } });
    chooseType(0);
    fireEvent.change(screen.getByLabelText('证件号码'), { target: { value: '11010519491231002x' } });
    fireEvent.click(consentTick());
    fireEvent.click(noticeTick());
    fireEvent.click(submitButton());
    await waitFor(() => expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/bankcard/index' }));
    expect(saveIdentity).toHaveBeenCalledWith({ name: '张三', idType: 'resident_id', idNumber: '11010519491231002X' }, '2026-11');
  });

  test('agrees to the version of the rules the server gives; a newer one on the server unticks the consent', async () => {
    const { ApiError } = jest.requireActual('../../services/apiError');
    (saveIdentity as jest.Mock).mockRejectedValueOnce(
      new ApiError('consent_version_mismatch', '《个人信息处理规则》已更新，请重新阅读并同意后再提交', 400),
    );
    await renderEntry();
    fireEvent.change(screen.getByLabelText('姓名'), { target: { value: '张三' } });
    chooseType(0);
    fireEvent.change(screen.getByLabelText('证件号码'), { target: { value: '11010519491231002x' } });
    fireEvent.click(consentTick());
    fireEvent.click(noticeTick());
    fireEvent.click(submitButton());
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('已更新，请重新阅读并同意'));
    expect(saveIdentity).toHaveBeenLastCalledWith(expect.any(Object), '2026-11');
    expect(consentTick().getAttribute('aria-label')).toContain('未勾选');
    expect(submitButton().disabled).toBe(true);
  });

  test('an invalid form is not sent; the problems are shown under the fields', async () => {
    await renderEntry();
    chooseType(0);
    fireEvent.click(consentTick());
    fireEvent.click(noticeTick());
    fireEvent.click(submitButton());
    const alerts = screen.getAllByRole('alert').map((a) => a.textContent);
    expect(alerts).toEqual(['请填写姓名', '请填写证件号码']);
    expect(saveIdentity).not.toHaveBeenCalledWith(expect.objectContaining({ idNumber: '' }));
  });
});
