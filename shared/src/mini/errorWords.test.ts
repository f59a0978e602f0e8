import { ERROR_MESSAGES, errorMessage } from '../errors';
import { MINI_ERROR_MESSAGES, miniErrorMessage } from './errorWords';

describe('the error words of the mini-program', () => {
  it('are the words of the whole table, code for code', () => {
    for (const [code, words] of Object.entries(MINI_ERROR_MESSAGES))
      expect([code, words]).toEqual([code, ERROR_MESSAGES[code as keyof typeof ERROR_MESSAGES]]);
  });

  it('word any other code as the table does for a code it does not know', () => {
    expect(miniErrorMessage('concurrent_update')).toBe(errorMessage('no_such_code'));
    expect(miniErrorMessage('prefill_unavailable')).toBe(errorMessage('prefill_unavailable'));
  });
});
