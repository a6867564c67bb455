// The playground page: a Telegram-like chat with the bot through the local emulator. Plain browser JS, served
// as-is, so the page needs no build step. The server's API is described in ../playground-server.ts.

const chat = document.getElementById('chat');
const toastBox = document.getElementById('toast');
const clockLabel = document.getElementById('clock');
const clockNote = document.getElementById('clock-note');
const reviewerSwitch = document.getElementById('reviewer-switch');
const textInput = document.getElementById('text');
const fileInput = document.getElementById('file-input');
const sendAs = document.getElementById('send-as');

// The page's own words. They follow the applicant's language (chosen in the chat with /lang), so someone who
// switched the bot to English does not meet Chinese controls around it.
const TEXTS = {
  zh: {
    locale: 'zh-CN',
    htmlLang: 'zh-Hans',
    reviewer: '审核员',
    reviewerTitle: '以考点审核员身份操作',
    plusHour: '+1 小时',
    plusDay: '+1 天',
    attachTitle: '发送图片',
    sendAsTitle: '图片发送方式',
    photo: '照片',
    file: '文件',
    placeholder: '消息',
    send: '发送',
    applicantStatus: (id) => `申请人 #${id}`,
    reviewerStatus: (id) => `审核员 #${id}`,
    edited: '已编辑',
    startedAtWindow: (time) => `演示时间从审核首日 ${time} 开始（NMLE_CLOCK 可改）`,
    startedAtNmleClock: (time) => `演示时间从 NMLE_CLOCK（${time}）开始`,
  },
  en: {
    locale: 'en-GB',
    htmlLang: 'en',
    reviewer: 'Reviewer',
    reviewerTitle: 'Act as the exam-office reviewer',
    plusHour: '+1 hour',
    plusDay: '+1 day',
    attachTitle: 'Send pictures',
    sendAsTitle: 'Send pictures as',
    photo: 'Photo',
    file: 'File',
    placeholder: 'Message',
    send: 'Send',
    applicantStatus: (id) => `Applicant #${id}`,
    reviewerStatus: (id) => `Reviewer #${id}`,
    edited: 'edited',
    startedAtWindow: (time) =>
      `Demo time starts at ${time} on the review's first day (NMLE_CLOCK changes it)`,
    startedAtNmleClock: (time) => `Demo time started at NMLE_CLOCK (${time})`,
  },
};

let identity = 'applicant';
let timeZone = 'Asia/Shanghai';
let lang = 'zh';
let state;
// The clock shown is the server's time at the last sync plus the time elapsed here since, so it runs between
// syncs (after every answer of the long poll and every action) without asking the server each second.
let serverNowMs = 0;
let syncedAtMs = 0;
// Answers of state requests can overtake one another; only the newest request's answer is shown.
let stateRequests = 0;
let shownStateRequest = 0;
let shownVersion = -1;
let shownMessages = [];
let shownIdentity = '';
let pollGeneration = 0;

async function api(path, body) {
  const response = await fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(json.error || `HTTP ${response.status}`);
  return json;
}

function toast(text) {
  toastBox.textContent = text;
  toastBox.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => {
    toastBox.hidden = true;
  }, 2500);
}

const words = () => TEXTS[lang] ?? TEXTS.zh;

function drawClock() {
  const now = new Date(serverNowMs + (performance.now() - syncedAtMs));
  clockLabel.dateTime = now.toISOString();
  clockLabel.textContent = `🕒 ${now.toLocaleString(words().locale, { timeZone, hour12: false })}`;
}

/** The page's own controls, the status line and the note on where the clock started, in the page's language. */
function drawChrome() {
  const w = words();
  document.documentElement.lang = w.htmlLang;
  document.body.dataset.lang = lang;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = w[el.dataset.i18n];
  for (const el of document.querySelectorAll('[data-i18n-title]')) el.title = w[el.dataset.i18nTitle];
  for (const el of document.querySelectorAll('[data-i18n-placeholder]'))
    el.placeholder = w[el.dataset.i18nPlaceholder];
  for (const el of document.querySelectorAll('[data-i18n-aria-label]'))
    el.setAttribute('aria-label', w[el.dataset.i18nAriaLabel]);
  document.getElementById('status').textContent =
    identity === 'reviewer' ? w.reviewerStatus(state.reviewerId) : w.applicantStatus(state.applicantId);
  const start = new Date(state.clockStart.at);
  clockNote.dataset.from = state.clockStart.from;
  clockNote.textContent =
    state.clockStart.from === 'NMLE_CLOCK'
      ? w.startedAtNmleClock(start.toLocaleString(w.locale, { timeZone, hour12: false }))
      : w.startedAtWindow(timeOf(start.getTime() / 1000));
  drawClock();
}

/**
 * Shows the server's state: its clock and the applicant's language. The identity acting is not taken from it:
 * only the page changes that, and a poll's state may have been asked for before the change.
 */
function showState(next, request) {
  if (request < shownStateRequest) return;
  shownStateRequest = request;
  state = next;
  timeZone = next.timeZone;
  serverNowMs = Date.parse(next.now);
  syncedAtMs = performance.now();
  const relang = next.lang !== lang;
  lang = next.lang;
  // Bubbles carry words of the page too ("edited").
  if (relang) render(shownMessages);
  drawChrome();
}

/** GET /api/state, or an action answered with the state; shown unless the answer to a later request came first. */
async function syncState(path = '/api/state', body = undefined) {
  const request = ++stateRequests;
  const next = await api(path, body);
  showState(next, request);
  return next;
}

function showIdentity(next) {
  identity = next.identity;
  reviewerSwitch.checked = identity === 'reviewer';
  document.body.classList.toggle('reviewer', identity === 'reviewer');
  drawChrome();
}

function timeOf(seconds) {
  return new Date(seconds * 1000).toLocaleTimeString('zh-CN', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
}

function mediaOf(messages) {
  const box = document.createElement('div');
  box.className = messages.length > 1 ? 'media album' : 'media';
  for (const m of messages) {
    const img = document.createElement('img');
    img.src = `/api/files/${encodeURIComponent(m.photo.fileId)}`;
    img.alt = 'photo';
    img.width = m.photo.width;
    img.height = m.photo.height;
    box.append(img);
  }
  return box;
}

/** One bubble for a message, or for an album (consecutive messages sharing a media group). */
function bubbleOf(group) {
  const first = group[0];
  const row = document.createElement('div');
  row.className = `row ${first.from}`;
  row.dataset.messageId = String(first.id);
  const bubble = document.createElement('div');
  bubble.className = 'bubble';
  const photos = group.filter((m) => m.photo);
  if (photos.length > 0) bubble.append(mediaOf(photos));
  for (const m of group.filter((x) => x.document)) {
    const doc = document.createElement('div');
    doc.className = 'doc';
    const link = document.createElement('a');
    link.href = `/api/files/${encodeURIComponent(m.document.fileId)}`;
    link.target = '_blank';
    link.textContent = `📄 ${m.document.name}`;
    doc.append(link);
    bubble.append(doc);
  }
  const captioned = group.find((m) => m.html);
  if (captioned) {
    const text = document.createElement('div');
    text.className = 'text';
    text.innerHTML = captioned.html;
    bubble.append(text);
  }
  const meta = document.createElement('div');
  meta.className = 'meta';
  const last = group[group.length - 1];
  meta.textContent = `${last.edited ? `${words().edited} ` : ''}${timeOf(last.date)}`;
  bubble.append(meta);
  row.append(bubble);
  const buttons = group.flatMap((m) => m.buttons.map((r) => ({ message: m, row: r })));
  if (buttons.length > 0) {
    const keyboard = document.createElement('div');
    keyboard.className = 'keyboard';
    for (const { message, row: buttonRow } of buttons) {
      const krow = document.createElement('div');
      krow.className = 'krow';
      for (const button of buttonRow) {
        const el = document.createElement('button');
        el.type = 'button';
        el.textContent = button.text;
        el.addEventListener('click', () => press(message.id, button));
        krow.append(el);
      }
      keyboard.append(krow);
    }
    row.append(keyboard);
  }
  return row;
}

function render(messages) {
  const nearBottom = chat.scrollHeight - chat.scrollTop - chat.clientHeight < 80;
  const groups = [];
  for (const m of messages) {
    const previous = groups[groups.length - 1];
    if (m.mediaGroupId && previous && previous[0].mediaGroupId === m.mediaGroupId) previous.push(m);
    else groups.push([m]);
  }
  chat.replaceChildren(...groups.map(bubbleOf));
  shownMessages = messages;
  if (nearBottom || shownIdentity !== identity) chat.scrollTop = chat.scrollHeight;
}

function apply(snapshot, forIdentity) {
  if (forIdentity !== identity) return;
  if (forIdentity === shownIdentity && snapshot.version < shownVersion) return;
  render(snapshot.messages);
  shownVersion = snapshot.version;
  shownIdentity = forIdentity;
  document.body.dataset.version = String(snapshot.version);
}

async function refresh() {
  const forIdentity = identity;
  const [snapshot] = await Promise.all([api(`/api/messages?as=${forIdentity}&since=-1`), syncState()]);
  apply(snapshot, forIdentity);
}

/** Long polling: the server answers as soon as the chat changes, or after 25 s with no change. */
async function poll() {
  const generation = ++pollGeneration;
  while (generation === pollGeneration) {
    const forIdentity = identity;
    const since = forIdentity === shownIdentity ? shownVersion : -1;
    try {
      apply(await api(`/api/messages?as=${forIdentity}&since=${since}`), forIdentity);
      // The bot answered, or 25 s went by: a time to set the clock right and see whether /lang changed.
      void syncState().catch(() => {});
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

async function act(work) {
  try {
    await work();
  } catch (error) {
    toast(`⚠️ ${error.message}`);
  }
  await refresh();
}

async function press(messageId, button) {
  if (button.url) {
    window.open(button.url, '_blank');
    return;
  }
  await act(async () => {
    const answer = await api('/api/press', { as: identity, messageId, data: button.data });
    if (answer.toast) toast(answer.toast);
  });
}

document.getElementById('composer').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = textInput.value.trim();
  if (!text) return;
  textInput.value = '';
  void act(() => api('/api/text', { as: identity, text }));
});

function toBase64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(',')[1] ?? '');
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

fileInput.addEventListener('change', () => {
  const files = [...fileInput.files];
  fileInput.value = '';
  if (files.length === 0) return;
  void act(async () => {
    const encoded = await Promise.all(
      files.map(async (f) => ({ name: f.name, type: f.type, base64: await toBase64(f) })),
    );
    await api('/api/upload', { as: identity, kind: sendAs.value, files: encoded });
  });
});

reviewerSwitch.addEventListener('change', () => {
  void act(async () => {
    showIdentity(await syncState('/api/identity', { as: reviewerSwitch.checked ? 'reviewer' : 'applicant' }));
    void poll();
  });
});

for (const button of document.querySelectorAll('.clock-button')) {
  button.addEventListener('click', () => {
    void act(async () => {
      await syncState('/api/clock', { hours: Number(button.dataset.hours) });
      toast(`⏩ +${button.dataset.hours} h`);
    });
  });
}

showIdentity(await syncState());
await refresh();
void poll();
setInterval(drawClock, 1000);
