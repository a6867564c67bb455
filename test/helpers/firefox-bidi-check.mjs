// Drives Firefox through WebDriver BiDi (Firefox's own remote protocol; Playwright needs a patched Firefox we
// cannot download here). Run as: node --experimental-websocket firefox-bidi-check.mjs <bidi ws url> <page url>
// Prints one JSON line: what the applicant saw after /start and after pressing the first answer.
const [bidiUrl, pageUrl] = process.argv.slice(2);
const ws = new WebSocket(bidiUrl);
let lastId = 0;
const pending = new Map();
const send = (method, params) =>
  new Promise((resolve, reject) => {
    lastId += 1;
    pending.set(lastId, { resolve, reject });
    ws.send(JSON.stringify({ id: lastId, method, params }));
  });
ws.onmessage = (event) => {
  const message = JSON.parse(event.data);
  const waiter = message.id !== undefined && pending.get(message.id);
  if (!waiter) return;
  pending.delete(message.id);
  if (message.type === 'error') waiter.reject(new Error(`${message.error}: ${message.message}`));
  else waiter.resolve(message.result);
};
await new Promise((resolve, reject) => {
  ws.onopen = resolve;
  ws.onerror = () => reject(new Error(`cannot connect to ${bidiUrl}`));
});
await send('session.new', { capabilities: {} });
const { context } = await send('browsingContext.create', { type: 'tab' });
await send('browsingContext.navigate', { context, url: pageUrl, wait: 'complete' });
const run = async (expression) =>
  (await send('script.evaluate', { expression, target: { context }, awaitPromise: true })).result.value;
const waitForText = async (text) => {
  for (let i = 0; i < 100; i += 1) {
    if (String(await run('document.getElementById("chat").innerText')).includes(text)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
};
await run(`(() => {
  document.getElementById('text').value = '/start';
  document.getElementById('composer').requestSubmit();
})()`);
const sawQuestion = await waitForText('第 1 题');
await run(
  `[...document.querySelectorAll('#chat button')].find((b) => b.textContent.trim() === '执业医师')?.click()`,
);
const sawNext = await waitForText('第 2 题');
const edited = String(await run('document.getElementById("chat").innerText')).includes(
  '✔ 报考类别：执业医师',
);
await send('session.end', {});
console.log(JSON.stringify({ sawQuestion, sawNext, edited }));
process.exit(0);
