// The baseline of the interview benchmark: a bare telegraf bot that echoes text, nothing else. With
// WEBHOOK_URL set it takes updates by webhook (telegraf's own callback behind node:http), else by polling.
// ECHO_WEBHOOK_REPLY=off: it sends its echo as a Bot API call of its own, as nmle-assistant must (issue 11:
// `webhookReply` off), rather than in the webhook's answer (telegraf's default, one HTTP exchange fewer).
import { createServer } from 'node:http';
import { Telegraf } from 'telegraf';

const token = process.env.BOT_TOKEN ?? '';
const bot = new Telegraf(token, { telegram: { apiRoot: process.env.TELEGRAM_API_ROOT ?? '' } });
if (process.env.ECHO_WEBHOOK_REPLY === 'off') bot.telegram.webhookReply = false;
bot.on('text', (ctx) => ctx.reply(ctx.message.text));
const webhookUrl = process.env.WEBHOOK_URL;
if (webhookUrl) {
  const secretToken = process.env.WEBHOOK_SECRET ?? '';
  const server = createServer(bot.webhookCallback(new URL(webhookUrl).pathname, { secretToken }));
  await new Promise<void>((resolve) => server.listen(Number(process.env.WEBHOOK_PORT), '127.0.0.1', resolve));
  await bot.telegram.setWebhook(webhookUrl, { secret_token: secretToken });
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
  process.stderr.write('{"msg":"ready"}\n');
} else {
  process.once('SIGTERM', () => bot.stop('SIGTERM'));
  await bot.launch(() => process.stderr.write('{"msg":"ready"}\n'));
}
