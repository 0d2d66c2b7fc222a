import { z } from 'zod';
import { ConfigError, portSchema, readConfig } from './boot-config';

const schema = z.object({
  PORT: portSchema.default(3000),
  MODE: z.enum(['a', 'b']),
  NAME: z.string().min(1),
});

describe('readConfig', () => {
  it('returns a typed object with defaults applied', () => {
    expect(readConfig(schema, { MODE: 'a', NAME: 'x' })).toEqual({ PORT: 3000, MODE: 'a', NAME: 'x' });
  });

  it('names every bad variable in one error', () => {
    const attempt = () => readConfig(schema, { PORT: 'eighty', MODE: 'c' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      expect((error as ConfigError).problems.map((problem) => problem.split(':')[0])).toEqual([
        'PORT',
        'MODE',
        'NAME',
      ]);
    }
  });
});
