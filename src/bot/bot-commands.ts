import type { Telegram } from 'telegraf';
import type { Flow, TextKey } from '../domain/flow.js';
import type { Lang } from '../domain/text.js';

const APPLICANT_COMMANDS: readonly [string, TextKey][] = [
  ['start', 'cmdStart'],
  ['checklist', 'cmdChecklist'],
  ['upload', 'cmdUpload'],
  ['submit', 'cmdSubmit'],
  ['status', 'cmdStatus'],
  ['help', 'cmdHelp'],
  ['lang', 'cmdLang'],
  ['reset', 'cmdReset'],
  ['delete_my_data', 'cmdDeleteMyData'],
];

function commandList(flow: Flow, lang: Lang) {
  return APPLICANT_COMMANDS.map(([command, key]) => ({ command, description: flow.texts[key][lang] }));
}

/** Registers the command menu: Chinese by default and for Chinese clients, English for English ones. */
export async function registerCommands(telegram: Telegram, flow: Flow): Promise<void> {
  await telegram.setMyCommands(commandList(flow, 'zh'));
  await telegram.setMyCommands(commandList(flow, 'zh'), { language_code: 'zh' });
  await telegram.setMyCommands(commandList(flow, 'en'), { language_code: 'en' });
}
