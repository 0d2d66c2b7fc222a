import { ExecutionContext, UnauthorizedException } from '@nestjs/common';
import { AlertmanagerTokenGuard } from './alertmanager-token.guard';

function request(authorization?: string) {
  const headers: Record<string, string> = {};
  const context = {
    switchToHttp: () => ({
      getRequest: () => ({ headers: authorization === undefined ? {} : { authorization } }),
      getResponse: () => ({ setHeader: (name: string, value: string) => (headers[name] = value) }),
    }),
  } as unknown as ExecutionContext;
  return { context, headers };
}

describe('AlertmanagerTokenGuard', () => {
  const guard = new AlertmanagerTokenGuard({ token: 'a-long-enough-webhook-token' });

  it('lets the right bearer token through', () => {
    expect(guard.canActivate(request('Bearer a-long-enough-webhook-token').context)).toBe(true);
    expect(guard.canActivate(request('bearer  a-long-enough-webhook-token').context)).toBe(true);
  });

  it.each([
    undefined,
    '',
    'Bearer wrong',
    'Basic a-long-enough-webhook-token',
    'a-long-enough-webhook-token',
  ])('refuses %j with 401 and a Bearer challenge', (authorization) => {
    const { context, headers } = request(authorization);
    expect(() => guard.canActivate(context)).toThrow(UnauthorizedException);
    expect(headers['WWW-Authenticate']).toMatch(/^Bearer/);
  });

  it('is open when no token is configured', () => {
    expect(new AlertmanagerTokenGuard({ token: undefined }).canActivate(request().context)).toBe(true);
  });
});
