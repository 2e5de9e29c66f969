import { rejection } from '../../src/model/SourceEmission.js';
import { MAX_REJECTED_INPUT_LENGTH, truncateRejectedInput } from '../../src/model/truncateRejectedInput.js';

describe('truncateRejectedInput', () => {
  it('keeps an input up to the limit whole', () => {
    const input = 'x'.repeat(MAX_REJECTED_INPUT_LENGTH);
    expect(truncateRejectedInput(input)).toBe(input);
  });

  it('cuts a longer one with a marker naming how much was cut, and rejections keep it cut', () => {
    const input = 'x'.repeat(MAX_REJECTED_INPUT_LENGTH + 10);
    const kept = `${'x'.repeat(MAX_REJECTED_INPUT_LENGTH)}…[truncated: 10 more characters]`;
    expect(truncateRejectedInput(input)).toBe(kept);
    expect(rejection('line 1', input, []).input).toBe(kept);
  });

  it('never splits a surrogate pair', () => {
    const input = `${'x'.repeat(MAX_REJECTED_INPUT_LENGTH - 1)}😀yz`;
    expect(truncateRejectedInput(input)).toBe(
      `${'x'.repeat(MAX_REJECTED_INPUT_LENGTH - 1)}…[truncated: 4 more characters]`,
    );
  });
});
