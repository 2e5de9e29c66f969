import { InvalidOptionsError } from '../../../src/errors/InvalidOptionsError.js';
import { resolveHeaders } from '../../../src/sources/transport/resolveHeaders.js';

describe('resolveHeaders', () => {
  it('reads { env, prefix, suffix } from the environment, keeps literal values, and lists the bare secrets', () => {
    const resolved = resolveHeaders(
      {
        Authorization: { env: 'TOKEN', prefix: 'Bearer ' },
        'X-Key': { env: 'KEY', suffix: ';v=2' },
        Accept: 'application/json',
      },
      { TOKEN: 't0k', KEY: 'k3y' },
      'source "api"',
    );
    expect(resolved).toEqual({
      headers: { Authorization: 'Bearer t0k', 'X-Key': 'k3y;v=2', Accept: 'application/json' },
      secrets: ['t0k', 'k3y'],
    });
    expect(resolveHeaders(undefined, {}, 'source "api"')).toEqual({ headers: {}, secrets: [] });
  });

  it.each([{}, { TOKEN: '' }])(
    'fails at once naming the header and the variable, never a value (%j)',
    (env) => {
      const resolve = () => resolveHeaders({ Authorization: { env: 'TOKEN' } }, env, 'source "api"');
      expect(resolve).toThrow(InvalidOptionsError);
      expect(resolve).toThrow(
        'source "api" headers.Authorization: environment variable TOKEN is not set (the header\'s value is read from it)',
      );
    },
  );
});
