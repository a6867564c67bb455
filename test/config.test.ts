import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';
import { ConfigError } from '../src/errors.js';

const TOKEN = '123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345';

describe('parseConfig', () => {
  it('fills every default of the contract', () => {
    const config = parseConfig({}, '/srv/nmle');
    expect(config).toEqual({
      botToken: undefined,
      telegramApiRoot: 'https://api.telegram.org',
      dataDir: '/srv/nmle/data',
      storeUrl: 'sqlite:///srv/nmle/data/nmle.sqlite',
      pgPoolSize: 10,
      reviewerIds: [],
      flowFile: undefined,
      timeZone: 'Asia/Shanghai',
      logLevel: 'info',
      clockStart: undefined,
      documentReader: 'tesseract',
      port: 3000,
    });
  });

  it('reads the playground PORT and refuses one out of range', () => {
    expect(parseConfig({ PORT: '8080' }).port).toBe(8080);
    expect(() => parseConfig({ PORT: '70000' })).toThrow(/^PORT: expected a TCP port number from 0 to 65535/);
  });

  it('reads every variable', () => {
    const config = parseConfig(
      {
        BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: 'http://127.0.0.1:8081/',
        DATA_DIR: '/var/lib/nmle',
        STORE_URL: 'sqlite:///tmp/x.sqlite',
        REVIEWER_IDS: ' 1001, 1002 ',
        FLOW: 'flows/2020-weihai.yaml',
        TZ: 'Asia/Shanghai',
      },
      '/srv/nmle',
    );
    expect(config.telegramApiRoot).toBe('http://127.0.0.1:8081');
    expect(config.reviewerIds).toEqual([1001, 1002]);
    expect(config.storeUrl).toBe('sqlite:///tmp/x.sqlite');
    expect(config.flowFile).toBe('/srv/nmle/flows/2020-weihai.yaml');
  });

  it('reads a PostgreSQL STORE_URL and the size of its connection pool', () => {
    const config = parseConfig({ STORE_URL: 'postgres://nmle@127.0.0.1:5432/nmle', PG_POOL_SIZE: '4' });
    expect([config.storeUrl, config.pgPoolSize]).toEqual(['postgres://nmle@127.0.0.1:5432/nmle', 4]);
    expect(() => parseConfig({ PG_POOL_SIZE: '0' })).toThrow(/^PG_POOL_SIZE: expected from 1 to 1000/);
  });

  it('turns on webhook mode with WEBHOOK_URL and its secret, on port 8080 unless WEBHOOK_PORT says', () => {
    expect(parseConfig({}).webhook).toBeUndefined();
    const url = 'https://bot.example.org/telegram/updates';
    expect(parseConfig({ WEBHOOK_URL: url, WEBHOOK_SECRET: 's3cret_-x' }).webhook).toEqual({
      url,
      secret: 's3cret_-x',
      port: 8080,
    });
    expect(parseConfig({ WEBHOOK_URL: url, WEBHOOK_SECRET: 'x', WEBHOOK_PORT: '8082' }).webhook?.port).toBe(
      8082,
    );
    expect(() => parseConfig({ WEBHOOK_URL: url })).toThrow(/^WEBHOOK_SECRET: required with WEBHOOK_URL/);
    expect(() => parseConfig({ WEBHOOK_URL: url, WEBHOOK_SECRET: 'has space' })).toThrow(
      /^WEBHOOK_SECRET: expected/,
    );
    expect(() => parseConfig({ WEBHOOK_URL: 'ftp://x', WEBHOOK_SECRET: 'x' })).toThrow(
      /^WEBHOOK_URL: expected/,
    );
  });

  it('treats an empty variable as unset', () => {
    expect(parseConfig({ BOT_TOKEN: '', REVIEWER_IDS: '' }).botToken).toBeUndefined();
  });

  it.each([
    [
      { REVIEWER_IDS: '12,abc' },
      'REVIEWER_IDS: expected comma-separated Telegram user ids such as 12345,67890; got "abc"',
    ],
    [{ BOT_TOKEN: 'not-a-token' }, 'BOT_TOKEN: expected a token from @BotFather'],
    [{ TELEGRAM_API_ROOT: 'ftp://x' }, 'TELEGRAM_API_ROOT: expected an http(s) URL'],
    [{ TZ: 'Mars/Olympus' }, 'TZ: expected an IANA time zone'],
    [{ STORE_URL: 'redis://x' }, 'STORE_URL: expected a Keyv SQLite URL'],
    [{ NMLE_CLOCK: 'tomorrow' }, 'NMLE_CLOCK: expected an ISO-8601 time'],
  ])('refuses %j with one line naming the variable', (env, message) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(message);
  });
});
