// The playground page: a Telegram-like chat with the bot through the local emulator. Plain browser JS, served
// as-is, so the page needs no build step. The server's API is described in ../playground-server.ts.

const chat = document.getElementById('chat');
const toastBox = document.getElementById('toast');
const clockLabel = document.getElementById('clock');
const reviewerSwitch = document.getElementById('reviewer-switch');
const textInput = document.getElementById('text');
const fileInput = document.getElementById('file-input');
const sendAs = document.getElementById('send-as');

let identity = 'applicant';
let timeZone = 'Asia/Shanghai';
let shownVersion = -1;
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

function showState(state) {
  identity = state.identity;
  timeZone = state.timeZone;
  reviewerSwitch.checked = identity === 'reviewer';
  document.body.classList.toggle('reviewer', identity === 'reviewer');
  document.getElementById('status').textContent =
    identity === 'reviewer' ? `审核员 #${state.reviewerId}` : `申请人 #${state.applicantId}`;
  const now = new Date(state.now);
  clockLabel.textContent = `🕒 ${now.toLocaleString('zh-CN', { timeZone, hour12: false })}`;
  clockLabel.dataset.now = state.now;
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
  meta.textContent = `${last.edited ? '已编辑 ' : ''}${timeOf(last.date)}`;
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
  apply(await api(`/api/messages?as=${forIdentity}&since=-1`), forIdentity);
}

/** Long polling: the server answers as soon as the chat changes, or after 25 s with no change. */
async function poll() {
  const generation = ++pollGeneration;
  while (generation === pollGeneration) {
    const forIdentity = identity;
    const since = forIdentity === shownIdentity ? shownVersion : -1;
    try {
      apply(await api(`/api/messages?as=${forIdentity}&since=${since}`), forIdentity);
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
    showState(await api('/api/identity', { as: reviewerSwitch.checked ? 'reviewer' : 'applicant' }));
    void poll();
  });
});

for (const button of document.querySelectorAll('.clock-button')) {
  button.addEventListener('click', () => {
    void act(async () => {
      showState(await api('/api/clock', { hours: Number(button.dataset.hours) }));
      toast(`⏩ +${button.dataset.hours} h`);
    });
  });
}

showState(await api('/api/state'));
await refresh();
void poll();
