import { BotApiError, badRequest } from './bot-api-error.js';
import type { MethodTable } from './bot-api-method.js';
import type { BotCommand, BotCommandScope } from './bot-api-types.js';
import type { EmulatorState } from './emulator-state.js';
import type { RequestParams } from './request-params.js';
import { DEFAULT_MAX_CONNECTIONS, MAX_MAX_CONNECTIONS } from './webhook-delivery.js';

/** Telegram's limits on bot commands. */
export const MAX_BOT_COMMANDS = 100;
export const MAX_COMMAND_LENGTH = 32;
export const MAX_COMMAND_DESCRIPTION_LENGTH = 256;

const SCOPE_TYPES = new Set([
  'default',
  'all_private_chats',
  'all_group_chats',
  'all_chat_administrators',
  'chat',
  'chat_administrators',
  'chat_member',
]);

/** Telegram's alphabet and length for a webhook's `secret_token`. */
const SECRET_TOKEN = /^[A-Za-z0-9_-]{1,256}$/;

/** Texts set by `setMy<Field>`, each with Telegram's length limit and the field getMy<Field> answers with. */
const BOT_TEXTS = {
  Description: { field: 'description', maxLength: 512 },
  ShortDescription: { field: 'short_description', maxLength: 120 },
  Name: { field: 'name', maxLength: 64 },
} as const;

/** The bot's identity, its updates, webhook and command lists. */
export const botMethods: MethodTable = {
  getMe(_params, { state }) {
    return {
      ...state.botUser,
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
    };
  },

  getUpdates(params, { state, signal }) {
    if (state.webhook.active) {
      throw new BotApiError(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    }
    const allowed = readAllowedUpdates(params);
    return state.updates.take({
      offset: params.integer('offset'),
      limit: params.integer('limit'),
      timeoutSeconds: params.integer('timeout'),
      allowedUpdates: allowed,
      signal,
    });
  },

  // Delivery itself is webhook-delivery.ts; an empty url removes the webhook, as in Telegram.
  setWebhook(params, { state }) {
    const url = params.string('url') ?? '';
    const secretToken = params.string('secret_token');
    if (secretToken !== undefined && secretToken !== '' && !SECRET_TOKEN.test(secretToken)) {
      throw badRequest('secret token contains unallowed characters');
    }
    const allowed = readAllowedUpdates(params);
    if (url !== '' && !isHttpUrl(url)) throw badRequest('bad webhook: invalid webhook URL specified');
    if (params.boolean('drop_pending_updates')) dropPendingUpdates(state);
    if (allowed !== undefined) state.updates.allowFromNow(allowed);
    if (url === '') {
      state.webhook.remove();
      return true;
    }
    const maxConnections = params.integer('max_connections') ?? DEFAULT_MAX_CONNECTIONS;
    state.webhook.set({
      url,
      secretToken: secretToken === '' ? undefined : secretToken,
      maxConnections: Math.min(Math.max(maxConnections, 1), MAX_MAX_CONNECTIONS),
    });
    return true;
  },

  deleteWebhook(params, { state }) {
    if (params.boolean('drop_pending_updates')) dropPendingUpdates(state);
    state.webhook.remove();
    return true;
  },

  getWebhookInfo(_params, { state }) {
    const { webhook } = state;
    const lastError = webhook.lastErrorInfo;
    const allowed = state.updates.allowedKinds;
    return {
      url: webhook.url,
      has_custom_certificate: false,
      pending_update_count: webhook.active ? webhook.pending : state.updates.pending,
      ...(lastError ? { last_error_date: lastError.date, last_error_message: lastError.message } : {}),
      ...(webhook.active ? { max_connections: webhook.maxConnections } : {}),
      ...(webhook.active && allowed ? { allowed_updates: allowed } : {}),
    };
  },

  setMyCommands(params, { state }) {
    const commands = readCommands(params.json('commands'));
    state.setCommands(readScope(state, params), readLanguageCode(params), commands);
    return true;
  },

  getMyCommands(params, { state }) {
    return state.commands(readScope(state, params), readLanguageCode(params)) ?? [];
  },

  deleteMyCommands(params, { state }) {
    state.deleteCommands(readScope(state, params), readLanguageCode(params));
    return true;
  },

  ...botTextMethods('Description'),
  ...botTextMethods('ShortDescription'),
  ...botTextMethods('Name'),

  setChatMenuButton(params, { state }) {
    const chatId = params.chatId();
    state.botSettings.set(`menu_button|${chatId ?? ''}`, params.json('menu_button') ?? { type: 'default' });
    return true;
  },

  getChatMenuButton(params, { state }) {
    const chatId = params.chatId();
    return (
      state.botSettings.get(`menu_button|${chatId ?? ''}`) ??
      state.botSettings.get('menu_button|') ?? { type: 'commands' }
    );
  },
};

/** @throws BotApiError 400 when `allowed_updates` is not a JSON array of strings. */
function readAllowedUpdates(params: RequestParams): string[] | undefined {
  const allowed = params.json('allowed_updates');
  if (
    allowed !== undefined &&
    (!Array.isArray(allowed) || !allowed.every((kind) => typeof kind === 'string'))
  ) {
    throw badRequest("can't parse allowed_updates JSON object");
  }
  return allowed as string[] | undefined;
}

/** `drop_pending_updates`: forgets what waits for getUpdates and for the webhook alike. */
function dropPendingUpdates(state: EmulatorState): void {
  state.updates.dropPending();
  state.webhook.dropPending();
}

function isHttpUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

function botTextMethods(name: keyof typeof BOT_TEXTS): MethodTable {
  const { field, maxLength } = BOT_TEXTS[name];
  return {
    [`setMy${name}`](params, { state }) {
      const text = params.string(field) ?? '';
      if (text.length > maxLength) throw badRequest(`${field} is too long`);
      state.botSettings.set(`${field}|${readLanguageCode(params) ?? ''}`, text);
      return true;
    },
    [`getMy${name}`](params, { state }) {
      return {
        [field]: (state.botSettings.get(`${field}|${readLanguageCode(params) ?? ''}`) as string) ?? '',
      };
    },
  };
}

/** @throws BotApiError 400 `BOT_COMMAND_INVALID` and friends, as Telegram checks command lists. */
function readCommands(raw: unknown): BotCommand[] {
  if (raw === undefined) throw badRequest('parameter "commands" is required');
  if (!Array.isArray(raw)) throw badRequest("can't parse commands JSON object");
  if (raw.length > MAX_BOT_COMMANDS) throw badRequest('BOT_COMMANDS_TOO_MUCH');
  return raw.map((entry: unknown) => {
    const { command, description } = (entry ?? {}) as Partial<BotCommand>;
    if (typeof command !== 'string' || typeof description !== 'string') {
      throw badRequest("can't parse BotCommand JSON object");
    }
    const name = command.replace(/^\//, '');
    if (name.length === 0 || name.length > MAX_COMMAND_LENGTH || !/^[a-z0-9_]+$/.test(name)) {
      throw badRequest('BOT_COMMAND_INVALID');
    }
    if (description.trim().length === 0 || description.length > MAX_COMMAND_DESCRIPTION_LENGTH) {
      throw badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
    }
    return { command: name, description };
  });
}

function readScope(state: EmulatorState, params: RequestParams): BotCommandScope | undefined {
  const scope = params.json('scope');
  if (scope === undefined) return undefined;
  const candidate = scope as Partial<BotCommandScope> | null;
  if (typeof candidate !== 'object' || candidate === null || !SCOPE_TYPES.has(String(candidate.type))) {
    throw badRequest("can't parse BotCommandScope JSON object");
  }
  if (
    candidate.type === 'chat' ||
    candidate.type === 'chat_administrators' ||
    candidate.type === 'chat_member'
  ) {
    const chatId = Number(candidate.chat_id);
    if (!state.findChat(chatId)) throw badRequest('chat not found');
  }
  return candidate as BotCommandScope;
}

/** Bot settings take two-letter ISO 639-1 codes only: `zh`, not the `zh-hans` users report. */
function readLanguageCode(params: RequestParams): string | undefined {
  const code = params.string('language_code');
  if (code === undefined || code === '') return undefined;
  if (!/^[a-z]{2}$/.test(code)) throw badRequest('invalid language code specified');
  return code;
}
