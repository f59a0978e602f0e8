/** @jest-environment jsdom */
import { fireEvent, render, screen } from '@testing-library/react';
import { errorMessage } from '@regverify/shared';
import { ApiError, networkError } from '../../services/apiError';
import { ErrorNotice } from '.';

describe('ErrorNotice', () => {
  test('shows nothing without an error', () => {
    const { container } = render(<ErrorNotice error={null} onRetry={jest.fn()} />);
    expect(container.innerHTML).toBe('');
  });

  test('a network failure shows its Chinese message and a 重试 button that retries', () => {
    const onRetry = jest.fn();
    render(<ErrorNotice error={networkError()} onRetry={onRetry} />);
    expect(screen.getByRole('alert').textContent).toContain('网络连接失败，请检查网络后重试');
    fireEvent.click(screen.getByRole('button', { name: '重试' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  test('a refusal shows the server message and no 重试 (repeating it would be refused again)', () => {
    const error = new ApiError('verification_used', errorMessage('verification_used'), 409);
    render(<ErrorNotice error={error} onRetry={jest.fn()} />);
    expect(screen.getByRole('alert').textContent).toContain('该次刷脸核验已使用，请重新刷脸');
    expect(screen.queryByRole('button', { name: '重试' })).toBeNull();
  });
});
