/** @jest-environment jsdom */
import { fireEvent, render, screen } from '@testing-library/react';
import { platform } from '../../platform';
import { AppStateProvider, ELDER_KEY } from '../../store';
import { Page } from '../Page';
import { ElderToggle } from '.';

const renderPage = () =>
  render(
    <AppStateProvider>
      <Page>
        <ElderToggle />
      </Page>
    </AppStateProvider>,
  );

describe('长辈模式', () => {
  beforeEach(() => platform.storage.remove(ELDER_KEY));

  test('the switch enlarges the page and is remembered for the next launch', () => {
    const { container, unmount } = renderPage();
    const page = container.firstElementChild as HTMLElement;
    expect(page.className).not.toContain('page--elder');
    fireEvent.click(screen.getByRole('switch', { name: '长辈模式' }));
    expect(page.className).toContain('page--elder');
    expect(platform.storage.get(ELDER_KEY)).toBe('1');
    unmount();

    const again = renderPage();
    expect((again.container.firstElementChild as HTMLElement).className).toContain('page--elder');
    fireEvent.click(screen.getByRole('switch', { name: '长辈模式' }));
    expect(platform.storage.get(ELDER_KEY)).toBe('0');
  });
});
