// Bashgah sandbox chat: plain JavaScript, no build step, nothing fetched from the internet.
// Bot text arrives already sanitized by the server (bot/sandbox/markup.py: Telegram's formatting tags only,
// everything else escaped) and is the only thing ever assigned to innerHTML; all else is textContent.
"use strict";

const TEXTS = {
  fa: {
    intro: "محیط آزمایشی محلی: یک تلگرام ساختگی روی همین رایانه. از فهرست انتخاب کنید چه کسی هستید.",
    customer: "مشتری",
    owner: "مالک",
    cashier: "صندوقدار",
    placeholder: "پیام",
    send: "ارسال",
    commands: "فرمان‌ها",
    attach: "ارسال عکس",
    empty: "هنوز پیامی نیست. برای شروع /start را بفرستید.",
    working: "ربات در حال پاسخ…",
    slow: "ربات هنوز مشغول است…",
    offline: "اتصال قطع شد؛ دوباره تلاش می‌شود…",
    forward: "ارسال این عکس از طرف:",
    edited: "ویرایش‌شده",
    you: "شما",
    error: "خطا",
  },
  en: {
    intro: "Local sandbox: a pretend Telegram on this computer. Pick who you are from the list.",
    customer: "customer",
    owner: "owner",
    cashier: "cashier",
    placeholder: "Message",
    send: "Send",
    commands: "Commands",
    attach: "Send a photo",
    empty: "No messages yet. Send /start to begin.",
    working: "the bot is answering…",
    slow: "the bot is still working…",
    offline: "connection lost; retrying…",
    forward: "Send this photo as:",
    edited: "edited",
    you: "you",
    error: "Error",
  },
};

const $ = (id) => document.getElementById(id);
const stored = (key, fallback) => {
  try { return localStorage.getItem(key) || fallback; } catch { return fallback; }
};
const remember = (key, value) => {
  try { localStorage.setItem(key, value); } catch { /* private mode: not remembered */ }
};

const page = {
  lang: new URLSearchParams(location.search).get("lang") || stored("bashgah.lang", "fa"),
  bot: null,
  personas: [],
  current: null,
  version: -1,
  seen: {},
  counts: {},
  pending: 0,
  queue: Promise.resolve(),
  poll: null,
};
if (!TEXTS[page.lang]) page.lang = "fa";
const t = (key) => TEXTS[page.lang][key] || TEXTS.en[key] || key;

function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "text") node.textContent = value;
    else if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

// ---- talking to the server ----

async function call(path, body) {
  const options = { method: "POST", headers: { "X-Bashgah-Sandbox": "1" } };
  if (body instanceof FormData) {
    body.append("lang", page.lang);
    options.body = body;
  } else {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify({ ...body, lang: page.lang });
  }
  const persona = page.current;
  page.pending += 1;
  showStatus();
  try {
    const response = await fetch(`api/chats/${encodeURIComponent(persona)}/${path}`, options);
    const reply = await response.json();
    if (!response.ok) throw new Error(reply.error || response.statusText);
    if (!reply.settled) showStatus(t("slow"));
    apply(reply);
    return reply;
  } catch (error) {
    toast(`${t("error")}: ${error.message}`, true);
    return null;
  } finally {
    page.pending -= 1;
    showStatus();
  }
}

// Actions run one after another, so messages reach the bot in the order they were typed.
function act(path, body) {
  const next = page.queue.then(() => call(path, body));
  page.queue = next.catch(() => null);
  return next;
}

async function pollLoop() {
  for (;;) {
    const persona = page.current;
    const controller = new AbortController();
    page.poll = controller;
    try {
      const query = `since=${page.version}&lang=${page.lang}`;
      const response = await fetch(`api/chats/${encodeURIComponent(persona)}?${query}`, { signal: controller.signal });
      if (!response.ok) throw new Error(response.statusText);
      apply(await response.json());
      if (!page.pending) showStatus();
    } catch (error) {
      if (error.name === "AbortError") continue;
      showStatus(t("offline"));
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}

function restartPoll() {
  page.version = -1;
  if (page.poll) page.poll.abort();
}

// ---- drawing ----

function apply(reply) {
  page.counts = reply.counts;
  // What the chats held when the page opened counts as read; only what arrives later gets a badge.
  for (const [key, count] of Object.entries(reply.counts)) {
    if (!(key in page.seen)) page.seen[key] = count;
  }
  if (reply.persona !== page.current) {
    drawPersonas();
    return;
  }
  page.version = Math.max(page.version, reply.version);
  page.seen[page.current] = reply.counts[page.current];
  drawMessages(reply.chat.messages);
  drawKeyboard(reply.chat.keyboard);
  drawMenu(reply.chat.commands);
  drawPersonas();
}

function drawPersonas() {
  const nav = $("personas");
  nav.replaceChildren();
  for (const persona of page.personas) {
    const unread = (page.counts[persona.key] || 0) - (page.seen[persona.key] || 0);
    const button = el(
      "button",
      {
        type: "button",
        class: `persona ${persona.role === "customer" ? "customer" : "staff"}`,
        "data-persona": persona.key,
        "aria-current": String(persona.key === page.current),
        onclick: () => choose(persona.key),
      },
      [
        el("span", { class: "avatar", text: persona.name.slice(0, 1), "aria-hidden": "true" }),
        el("span", { class: "label" }, [
          el("span", { class: "name", dir: "auto", text: persona.name }),
          el("span", { class: "role", text: t(persona.role) }),
        ]),
      ],
    );
    if (unread > 0 && persona.key !== page.current) button.append(el("span", { class: "badge", text: String(unread) }));
    nav.append(button);
  }
}

function drawMessages(messages) {
  const list = $("messages");
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  const existing = new Map([...list.children].map((node) => [node.dataset.id, node]));
  let previous = null;
  for (const message of messages) {
    const id = String(message.id);
    const signature = JSON.stringify(message);
    let node = existing.get(id);
    existing.delete(id);
    if (!node || node.dataset.signature !== signature) {
      const fresh = drawMessage(message, signature);
      if (node) node.replaceWith(fresh);
      node = fresh;
    }
    const expected = previous ? previous.nextSibling : list.firstChild;
    if (expected !== node) list.insertBefore(node, expected);
    previous = node;
  }
  for (const stale of existing.values()) stale.remove();
  $("empty").hidden = messages.length > 0;
  if (atBottom || messages.length) list.scrollTop = list.scrollHeight;
}

function drawMessage(message, signature) {
  const item = el("li", { class: `msg ${message.from === "me" ? "me" : "bot"} kind-${message.kind}` });
  item.dataset.id = String(message.id);
  item.dataset.signature = signature;
  const file = message.file;
  if (file && file.kind === "photo") {
    const image = el("img", { src: file.url, alt: file.name, loading: "lazy" });
    item.append(el("a", { href: file.url, target: "_blank", rel: "noopener" }, [image]));
  } else if (file) {
    item.append(el("a", { class: "doc", href: file.url, download: file.name, text: `📄 ${file.name}` }));
  }
  if (message.kind === "contact") {
    item.append(el("div", { class: "text", dir: "ltr", text: `📱 ${message.html ? decode(message.html) : ""}` }));
  } else if (message.html) {
    const text = el("div", { class: "text", dir: "auto" });
    text.innerHTML = message.html; // sanitized by the server: see the comment at the top
    for (const spoiler of text.querySelectorAll(".spoiler")) {
      spoiler.addEventListener("click", () => spoiler.classList.toggle("shown"));
    }
    item.append(text);
  }
  if (message.buttons.length) item.append(drawInline(message));
  if (file && file.kind === "photo") item.append(drawForward(file));
  const time = new Date(message.date * 1000).toLocaleTimeString(page.lang, { hour: "2-digit", minute: "2-digit" });
  item.append(el("div", { class: "meta", text: message.edited ? `${t("edited")} · ${time}` : time }));
  return item;
}

function decode(escaped) {
  return new DOMParser().parseFromString(escaped, "text/html").documentElement.textContent;
}

function drawInline(message) {
  const rows = el("div", { class: "inline" });
  for (const row of message.buttons) {
    const line = el("div", { class: "row" });
    for (const button of row) {
      if (button.url) {
        line.append(el("a", { href: button.url, target: "_blank", rel: "noopener noreferrer", text: `${button.text} ↗` }));
      } else if (button.data !== undefined) {
        line.append(el("button", { type: "button", text: button.text, onclick: () => press(message.id, button.data) }));
      } else {
        line.append(el("button", { type: "button", text: button.text, disabled: "" }));
      }
    }
    rows.append(line);
  }
  return rows;
}

// Lets the cashier "scan" a customer's card or voucher QR: the photo is sent from another persona's chat.
function drawForward(file) {
  const select = el("select", { "aria-label": t("forward") }, [el("option", { value: "", text: "…" })]);
  for (const persona of page.personas) {
    if (persona.key !== page.current) select.append(el("option", { value: persona.key, text: persona.name }));
  }
  select.addEventListener("change", async () => {
    const target = select.value;
    if (!target) return;
    const blob = await (await fetch(file.url)).blob();
    await choose(target);
    const form = new FormData();
    form.append("photo", blob, file.name);
    act("photo", form);
  });
  return el("label", { class: "forward" }, [`${t("forward")} `, select]);
}

function drawKeyboard(keyboard) {
  const box = $("keyboard");
  box.replaceChildren();
  box.hidden = !keyboard;
  $("text").placeholder = (keyboard && keyboard.placeholder) || t("placeholder");
  if (!keyboard) return;
  for (const row of keyboard.rows) {
    const line = el("div", { class: "row" });
    for (const button of row) {
      const onclick = button.contact ? () => act("contact", {}) : () => act("messages", { text: button.text });
      line.append(el("button", { type: "button", class: button.contact ? "contact" : "", text: button.text, onclick }));
    }
    box.append(line);
  }
}

function drawMenu(commands) {
  const menu = $("menu");
  menu.replaceChildren();
  $("menu-button").hidden = commands.length === 0;
  for (const command of commands) {
    const onclick = () => {
      toggleMenu(false);
      act("messages", { text: `/${command.command}` });
    };
    menu.append(
      el("button", { type: "button", "data-command": command.command, onclick }, [
        el("span", { class: "command", text: `/${command.command}` }),
        el("span", { class: "description", dir: "auto", text: command.description }),
      ]),
    );
  }
}

function toggleMenu(open) {
  const show = open === undefined ? $("menu").hidden : open;
  $("menu").hidden = !show;
  $("menu-button").setAttribute("aria-expanded", String(show));
}

function showStatus(text) {
  $("status").textContent = text || (page.pending ? t("working") : "");
}

let toastTimer = null;
function toast(text, alert = false) {
  const box = $("toast");
  box.textContent = text;
  box.classList.toggle("alert", alert);
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { box.hidden = true; }, alert ? 6000 : 3000);
}

function drawLanguage() {
  document.documentElement.lang = page.lang;
  document.documentElement.dir = page.lang === "fa" ? "rtl" : "ltr";
  for (const button of document.querySelectorAll("[data-lang]")) {
    button.setAttribute("aria-pressed", String(button.dataset.lang === page.lang));
  }
  const titles = (page.bot && page.bot.titles) || {};
  $("title").textContent = titles[page.lang] || (page.bot && page.bot.name) || "Bashgah";
  document.title = `${$("title").textContent} · sandbox`;
  $("intro").textContent = t("intro");
  $("empty").textContent = t("empty");
  $("send").setAttribute("aria-label", t("send"));
  $("send").title = t("send");
  $("menu-button").setAttribute("aria-label", t("commands"));
  $("menu-button").title = t("commands");
  $("attach").title = t("attach");
  $("text").placeholder = t("placeholder");
  const persona = page.personas.find((p) => p.key === page.current);
  $("who").textContent = persona ? `${persona.name} · ${t(persona.role)}` : "";
  drawPersonas();
}

// ---- user actions ----

async function choose(key) {
  if (key === page.current) return;
  page.current = key;
  remember("bashgah.persona", key);
  $("messages").replaceChildren();
  toggleMenu(false);
  drawLanguage();
  restartPoll();
}

async function press(messageId, data) {
  const reply = await act("press", { message_id: messageId, data });
  if (reply && reply.answer && reply.answer.text) toast(reply.answer.text, reply.answer.show_alert);
}

function setLanguage(lang) {
  page.lang = lang;
  remember("bashgah.lang", lang);
  drawLanguage();
  restartPoll();
}

async function start() {
  const response = await fetch("api/personas");
  const info = await response.json();
  page.bot = info.bot;
  page.personas = info.personas;
  const saved = stored("bashgah.persona", "");
  page.current = page.personas.some((p) => p.key === saved) ? saved : page.personas[0].key;
  for (const button of document.querySelectorAll("[data-lang]")) {
    button.addEventListener("click", () => setLanguage(button.dataset.lang));
  }
  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = $("text");
    const text = input.value;
    if (!text.trim()) return;
    input.value = "";
    act("messages", { text });
  });
  $("menu-button").addEventListener("click", () => toggleMenu());
  $("photo").addEventListener("change", () => {
    const file = $("photo").files[0];
    if (!file) return;
    const form = new FormData();
    form.append("photo", file, file.name);
    act("photo", form);
    $("photo").value = "";
  });
  drawLanguage();
  pollLoop();
}

start();
