// The console's keyboard and picture controls. Plain script, no build step; served as a file because the
// CSP allows no inline script. Keys: j/k material, digits pick a reason, r return, a approve, z zoom,
// [ ] rotate, n next, ? help.
(() => {
  const materials = () => Array.from(document.querySelectorAll('article.material'));
  let current = 0;
  const rotation = new WeakMap();

  const select = (index) => {
    const all = materials();
    if (all.length === 0) return;
    current = Math.max(0, Math.min(all.length - 1, index));
    all.forEach((el, i) => el.classList.toggle('selected', i === current));
    all[current].scrollIntoView({ block: 'nearest' });
  };

  const rotate = (by) => {
    for (const img of materials()[current]?.querySelectorAll('figure.picture img') ?? []) {
      const turn = ((rotation.get(img) ?? 0) + by + 360) % 360;
      rotation.set(img, turn);
      // CSSOM changes are allowed under a CSP without 'unsafe-inline' (only style attributes in markup are not).
      img.style.transform = `rotate(${turn}deg)`;
      img.dataset.rotation = String(turn);
    }
  };

  const zoom = () => {
    const article = materials()[current];
    if (article) article.classList.toggle('zoomed');
  };

  const submit = (id) => {
    const form = document.getElementById(id);
    if (!form) return;
    const question = form.dataset.confirm;
    if (question && !window.confirm(question)) return;
    form.requestSubmit();
  };

  const pickReason = (digit) => {
    const article = materials()[current];
    const box = article?.querySelector(`input[data-digit="${digit}"]`);
    if (!box) return;
    box.checked = !box.checked;
    // A reason picked marks its material for redo.
    const redo = article.querySelector('input[name="redo"]');
    if (redo && box.checked) redo.checked = true;
  };

  const isTyping = (target) =>
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
    const { key } = event;
    let handled = true;
    if (key === 'j') select(current + 1);
    else if (key === 'k') select(current - 1);
    else if (key === 'a') submit('approve-form');
    else if (key === 'r') submit('return-form');
    else if (key === 'z') zoom();
    else if (key === '[') rotate(-90);
    else if (key === ']') rotate(90);
    else if (key === 'n') document.querySelector('form[data-key="n"]')?.requestSubmit();
    else if (key === '?') {
      const help = document.getElementById('help');
      if (help) help.hidden = !help.hidden;
    } else if (/^[1-9]$/.test(key)) pickReason(key);
    else handled = false;
    if (handled) event.preventDefault();
  });

  document.addEventListener('click', (event) => {
    const img = event.target instanceof HTMLImageElement ? event.target : null;
    const article = img?.closest('article.material');
    if (!article) return;
    select(materials().indexOf(article));
    zoom();
  });

  // Forms that ask before they act when submitted with the mouse, as the keys do.
  for (const form of document.querySelectorAll('form[data-confirm]')) {
    form.addEventListener('submit', (event) => {
      if (event.submitter && !window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }

  if (materials().length > 0) select(0);
})();
