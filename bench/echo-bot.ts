// The baseline of the interview benchmark: a bare telegraf bot that echoes text, nothing else.
import { Telegraf } from 'telegraf';

const token = process.env.BOT_TOKEN ?? '';
const bot = new Telegraf(token, { telegram: { apiRoot: process.env.TELEGRAM_API_ROOT ?? '' } });
bot.on('text', (ctx) => ctx.reply(ctx.message.text));
process.once('SIGTERM', () => bot.stop('SIGTERM'));
await bot.launch(() => process.stderr.write('{"msg":"ready"}\n'));
