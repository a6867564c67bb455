/**
 * The slice of Telegram Bot API objects the emulator produces and reads, named and shaped as
 * https://core.telegram.org/bots/api documents them. Declared here rather than imported from
 * telegraf so the emulator (and the browser playground built on it) never depends on a bot library.
 */

/** https://core.telegram.org/bots/api#user */
export interface User {
  readonly id: number;
  readonly is_bot: boolean;
  readonly first_name: string;
  readonly last_name?: string;
  readonly username?: string;
  readonly language_code?: string;
  readonly is_premium?: true;
  readonly can_join_groups?: boolean;
  readonly can_read_all_group_messages?: boolean;
  readonly supports_inline_queries?: boolean;
}

export type ChatType = 'private' | 'group' | 'supergroup' | 'channel';

/** https://core.telegram.org/bots/api#chat */
export interface Chat {
  readonly id: number;
  readonly type: ChatType;
  readonly title?: string;
  readonly username?: string;
  readonly first_name?: string;
  readonly last_name?: string;
}

/** https://core.telegram.org/bots/api#messageentity */
export interface MessageEntity {
  readonly type: string;
  /** In UTF-16 code units, as Telegram counts. */
  readonly offset: number;
  readonly length: number;
  readonly url?: string;
  readonly user?: User;
  readonly language?: string;
  readonly custom_emoji_id?: string;
}

/** https://core.telegram.org/bots/api#photosize */
export interface PhotoSize {
  readonly file_id: string;
  readonly file_unique_id: string;
  readonly width: number;
  readonly height: number;
  readonly file_size?: number;
}

/** https://core.telegram.org/bots/api#document */
export interface Document {
  readonly file_id: string;
  readonly file_unique_id: string;
  readonly file_name?: string;
  readonly mime_type?: string;
  readonly file_size?: number;
}

/** https://core.telegram.org/bots/api#sticker */
export interface Sticker {
  readonly file_id: string;
  readonly file_unique_id: string;
  readonly type: 'regular' | 'mask' | 'custom_emoji';
  readonly width: number;
  readonly height: number;
  readonly is_animated: boolean;
  readonly is_video: boolean;
  readonly emoji?: string;
  readonly file_size?: number;
}

/** https://core.telegram.org/bots/api#voice */
export interface Voice {
  readonly file_id: string;
  readonly file_unique_id: string;
  readonly duration: number;
  readonly mime_type?: string;
  readonly file_size?: number;
}

/** https://core.telegram.org/bots/api#video */
export interface Video {
  readonly file_id: string;
  readonly file_unique_id: string;
  readonly width: number;
  readonly height: number;
  readonly duration: number;
  readonly mime_type?: string;
  readonly file_size?: number;
}

/** https://core.telegram.org/bots/api#location */
export interface Location {
  readonly latitude: number;
  readonly longitude: number;
}

/** https://core.telegram.org/bots/api#contact */
export interface Contact {
  readonly phone_number: string;
  readonly first_name: string;
  readonly last_name?: string;
  readonly user_id?: number;
}

/** https://core.telegram.org/bots/api#inlinekeyboardbutton */
export interface InlineKeyboardButton {
  readonly text: string;
  readonly callback_data?: string;
  readonly url?: string;
  readonly [field: string]: unknown;
}

/** https://core.telegram.org/bots/api#inlinekeyboardmarkup */
export interface InlineKeyboardMarkup {
  readonly inline_keyboard: readonly (readonly InlineKeyboardButton[])[];
}

/** https://core.telegram.org/bots/api#keyboardbutton */
export interface KeyboardButton {
  readonly text: string;
  readonly request_contact?: boolean;
  readonly request_location?: boolean;
  readonly [field: string]: unknown;
}

/** https://core.telegram.org/bots/api#replykeyboardmarkup */
export interface ReplyKeyboardMarkup {
  readonly keyboard: readonly (readonly KeyboardButton[])[];
  readonly is_persistent?: boolean;
  readonly resize_keyboard?: boolean;
  readonly one_time_keyboard?: boolean;
  readonly input_field_placeholder?: string;
  readonly selective?: boolean;
}

/** https://core.telegram.org/bots/api#message */
export interface Message {
  readonly message_id: number;
  readonly from?: User;
  readonly chat: Chat;
  /** Unix time in seconds. */
  readonly date: number;
  readonly edit_date?: number;
  readonly media_group_id?: string;
  readonly reply_to_message?: Message;
  readonly text?: string;
  readonly entities?: readonly MessageEntity[];
  readonly caption?: string;
  readonly caption_entities?: readonly MessageEntity[];
  readonly photo?: readonly PhotoSize[];
  readonly document?: Document;
  readonly sticker?: Sticker;
  readonly voice?: Voice;
  readonly video?: Video;
  readonly location?: Location;
  readonly contact?: Contact;
  readonly has_media_spoiler?: true;
  /** Telegram only ever returns inline keyboards here; reply keyboards are not part of a Message. */
  readonly reply_markup?: InlineKeyboardMarkup;
}

/** https://core.telegram.org/bots/api#callbackquery */
export interface CallbackQuery {
  readonly id: string;
  readonly from: User;
  readonly message?: Message;
  readonly chat_instance: string;
  readonly data?: string;
}

/** https://core.telegram.org/bots/api#chatmember (only the fields the emulator fills) */
export interface ChatMember {
  readonly status: 'creator' | 'administrator' | 'member' | 'restricted' | 'left' | 'kicked';
  readonly user: User;
  readonly until_date?: number;
}

/** https://core.telegram.org/bots/api#chatmemberupdated */
export interface ChatMemberUpdated {
  readonly chat: Chat;
  readonly from: User;
  readonly date: number;
  readonly old_chat_member: ChatMember;
  readonly new_chat_member: ChatMember;
}

/**
 * https://core.telegram.org/bots/api#update — the kinds the emulator creates are typed; any other
 * kind can still be injected through `queueRaw`.
 */
export interface Update {
  readonly update_id: number;
  readonly message?: Message;
  readonly edited_message?: Message;
  readonly callback_query?: CallbackQuery;
  readonly my_chat_member?: ChatMemberUpdated;
  readonly [kind: string]: unknown;
}

/** An update before the emulator numbers it. */
export type UpdateContent = Omit<Update, 'update_id'>;

/** https://core.telegram.org/bots/api#botcommand */
export interface BotCommand {
  readonly command: string;
  readonly description: string;
}

/** https://core.telegram.org/bots/api#botcommandscope */
export interface BotCommandScope {
  readonly type:
    | 'default'
    | 'all_private_chats'
    | 'all_group_chats'
    | 'all_chat_administrators'
    | 'chat'
    | 'chat_administrators'
    | 'chat_member';
  readonly chat_id?: number | string;
  readonly user_id?: number;
}

/** https://core.telegram.org/bots/api#file */
export interface TelegramFile {
  readonly file_id: string;
  readonly file_unique_id: string;
  readonly file_size?: number;
  readonly file_path?: string;
}

/** https://core.telegram.org/bots/api#responseparameters */
export interface ResponseParameters {
  readonly retry_after?: number;
  readonly migrate_to_chat_id?: number;
}
