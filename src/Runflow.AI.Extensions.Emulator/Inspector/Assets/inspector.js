// The inspector page: a live list of the emulator's requests and, for the one chosen, its conversation, bodies and headers.
// Everything shown is set as text, never as markup; the API key never reaches the page, the server masks it.
"use strict";

(() => {
  const listUrl = "/_inspector/requests";
  const eventsUrl = "/_inspector/events";
  // The server keeps this many; the page keeps no more.
  const capacity = 200;

  const rows = document.getElementById("rows");
  const empty = document.getElementById("empty");
  const count = document.getElementById("count");
  const live = document.getElementById("live");
  const liveText = document.getElementById("live-text");
  const filter = document.getElementById("filter");
  const detail = document.getElementById("detail");
  document.getElementById("endpoint").textContent = location.origin + "/";

  const summaries = new Map();
  const elements = new Map();
  let selected = null;
  let selectedDone = false;
  let tab = "conversation";
  let loading = 0;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function formatTime(iso) {
    const date = new Date(iso);
    const pad = (n, w) => String(n).padStart(w, "0");
    return `${pad(date.getHours(), 2)}:${pad(date.getMinutes(), 2)}:${pad(date.getSeconds(), 2)}.${pad(date.getMilliseconds(), 3)}`;
  }

  function formatDuration(ms) {
    if (ms === null || ms === undefined) return "…";
    if (ms < 10) return `${ms.toFixed(1)} ms`;
    if (ms < 1000) return `${Math.round(ms)} ms`;
    return `${(ms / 1000).toFixed(2)} s`;
  }

  function formatBytes(n) {
    if (n < 1024) return `${n} B`;
    if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
    return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  }

  function statusPill(s) {
    if (!s.done) return el("span", "pill pending", "pending");
    if (s.status === 0) return el("span", "pill bad", "aborted");
    const kind = s.status < 300 ? "ok" : s.status < 500 ? "warn" : "bad";
    return el("span", `pill status ${kind}`, s.status);
  }

  function replyCell(s) {
    if (s.fault) return el("span", "pill bad", s.fault);
    if (s.reply === "scripted") return el("span", "pill scripted", "scripted");
    if (s.reply === "model") return el("span", "pill", "model");
    if (s.reply === "upstream") return el("span", "pill upstream", "upstream");
    return el("span", "none", "—");
  }

  function searchText(s) {
    return `${s.method} ${s.path} ${s.status} ${s.fault || ""} ${s.reply || ""} ${s.requestId}`.toLowerCase();
  }

  function renderRow(s) {
    const tr = el("tr", "row");
    tr.dataset.id = s.id;
    tr.tabIndex = 0;
    tr.append(
      el("td", "time", formatTime(s.time)),
      el("td", "method", s.method),
      el("td", "path", s.path),
      el("td", "status"),
      el("td", "reply"),
      el("td", "duration", formatDuration(s.durationMs)));
    tr.children[2].title = s.path;
    tr.children[3].append(statusPill(s));
    tr.children[4].append(replyCell(s));
    if (s.id === selected) tr.classList.add("selected");
    const query = filter.value.trim().toLowerCase();
    tr.hidden = query !== "" && !searchText(s).includes(query);
    return tr;
  }

  function refreshCount() {
    const n = summaries.size;
    count.textContent = n === 1 ? "1 request" : `${n} requests`;
    count.title = `The inspector keeps the latest ${capacity} requests.`;
    empty.hidden = n > 0;
  }

  function upsert(s, fresh) {
    const old = elements.get(s.id);
    const tr = renderRow(s);
    summaries.set(s.id, s);
    elements.set(s.id, tr);
    if (old) {
      old.replaceWith(tr);
    } else {
      // Newest first: ids only grow, so a new request goes above every row shown.
      let before = rows.firstChild;
      while (before && Number(before.dataset.id) > s.id) before = before.nextSibling;
      rows.insertBefore(tr, before);
      if (fresh) tr.classList.add("fresh");
    }

    while (summaries.size > capacity) {
      const oldest = Math.min(...summaries.keys());
      summaries.delete(oldest);
      elements.get(oldest).remove();
      elements.delete(oldest);
    }

    refreshCount();
    if (s.id === selected && s.done && !selectedDone) load(s.id);
  }

  function replaceAll(list) {
    summaries.clear();
    elements.clear();
    rows.replaceChildren();
    for (const s of list) upsert(s, false);
    refreshCount();
  }

  function setLive(state, text) {
    live.dataset.state = state;
    liveText.textContent = text;
  }

  function connect() {
    const source = new EventSource(eventsUrl);
    source.addEventListener("snapshot", e => {
      replaceAll(JSON.parse(e.data));
      setLive("live", "Live");
    });
    source.addEventListener("request", e => upsert(JSON.parse(e.data), true));
    source.onerror = () => setLive("offline", source.readyState === EventSource.CLOSED ? "Offline" : "Reconnecting");
  }

  // Highlights indented JSON as text nodes and spans.
  function highlight(text) {
    const fragment = document.createDocumentFragment();
    const token = /("(?:\\.|[^"\\])*")(\s*:)?|\b(?:true|false|null)\b|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
    let last = 0;
    for (const match of text.matchAll(token)) {
      if (match.index > last) fragment.append(text.slice(last, match.index));
      const kind = match[1] ? (match[2] ? "k" : "s") : /^[tfn]/.test(match[0]) ? "l" : "n";
      fragment.append(el("span", kind, match[1] ?? match[0]));
      if (match[2]) fragment.append(match[2]);
      last = match.index + match[0].length;
    }

    if (last < text.length) fragment.append(text.slice(last));
    return fragment;
  }

  function code(text, json) {
    const pre = el("pre", "code");
    if (json) pre.append(highlight(text)); else pre.textContent = text;
    return pre;
  }

  function parse(body) {
    if (!body || !body.json) return undefined;
    try { return JSON.parse(body.text); } catch { return undefined; }
  }

  // Tool arguments and results are often JSON inside a string: show them indented when they are.
  function pretty(value) {
    if (typeof value === "string") {
      let parsed;
      try { parsed = JSON.parse(value); } catch { return { text: value, json: false }; }
      // A function's string result travels as a JSON string: show the string itself.
      return typeof parsed === "string" ? { text: parsed, json: false } : { text: JSON.stringify(parsed, null, 2), json: true };
    }

    return { text: JSON.stringify(value ?? null, null, 2), json: true };
  }

  function contentNodes(content) {
    if (content === null || content === undefined) return [];
    if (typeof content === "string") return [document.createTextNode(content)];
    if (!Array.isArray(content)) return [document.createTextNode(JSON.stringify(content))];
    const nodes = [];
    for (const part of content) {
      if (part && part.type === "text") {
        nodes.push(document.createTextNode(part.text ?? ""));
      } else if (part && part.type === "image_url") {
        const url = part.image_url?.url ?? "";
        nodes.push(el("span", "part", url.startsWith("data:") ? `image · ${url.slice(5, url.indexOf(";") > 0 ? url.indexOf(";") : 20)}` : `image · ${url}`));
      } else if (part && part.type === "file") {
        nodes.push(el("span", "part", `file · ${part.file?.file_id ?? part.file?.filename ?? "attached"}`));
      } else if (part && part.type === "file_url") {
        const url = part.file_url?.url ?? "";
        nodes.push(el("span", "part", url.startsWith("data:") ? "file · data URI" : `file · ${url}`));
      } else {
        nodes.push(el("span", "part", part?.type ?? "part"));
      }

      nodes.push(document.createTextNode("\n"));
    }

    nodes.pop();
    return nodes;
  }

  function message(role, label, nodes, extra) {
    const box = el("div", `msg ${role}${extra ? " " + extra : ""}`);
    box.append(el("div", "msg-role", label));
    const bubble = el("div", "bubble");
    bubble.append(...nodes);
    box.append(bubble);
    return box;
  }

  function callCard(call, extra) {
    const fn = call.function ?? call;
    const card = el("div", `call${extra ? " " + extra : ""}`);
    const head = el("div", "call-head");
    head.append(el("span", "call-icon", "ƒ"), el("span", null, "Tool call"), el("span", "call-name", fn.name ?? "?"));
    if (call.id) head.append(el("span", "call-id", call.id));
    const args = pretty(fn.arguments ?? {});
    card.append(head, code(args.text, args.json));
    return card;
  }

  function resultBlock(content) {
    const block = el("div", "call-result");
    block.append(el("div", "call-result-label", "Result"));
    const shown = typeof content === "string" ? pretty(content) : { text: contentNodes(content).map(n => n.textContent).join(""), json: false };
    block.append(code(shown.text, shown.json));
    return block;
  }

  function unwrap(answer) {
    return answer && answer.success === true && answer.data && typeof answer.data === "object" ? answer.data : answer;
  }

  function conversation(d) {
    const request = parse(d.request);
    const chat = el("div", "chat");
    const meta = el("div", "chat-meta");
    if (request.provider || request.model) meta.append(el("span", null, [request.provider, request.model].filter(Boolean).join(" · ")));
    if (Array.isArray(request.tools) && request.tools.length > 0) {
      meta.append(el("span", null, "Tools offered"));
      for (const tool of request.tools) meta.append(el("span", "chip", tool.function?.name ?? tool.name ?? tool.type ?? "tool"));
    }

    if (meta.childNodes.length > 0) chat.append(meta);
    if (typeof request.instructions === "string" && request.instructions !== "") {
      chat.append(message("system", "Instructions", [document.createTextNode(request.instructions)]));
    }

    const cards = new Map();
    for (const m of request.messages) {
      if (!m || typeof m !== "object") continue;
      if (m.role === "tool") {
        const card = cards.get(m.tool_call_id);
        if (card) {
          card.append(resultBlock(m.content));
        } else {
          chat.append(message("assistant", `Tool result${m.tool_call_id ? " · " + m.tool_call_id : ""}`, contentNodes(m.content)));
        }

        continue;
      }

      const role = m.role === "user" ? "user" : m.role === "assistant" ? "assistant" : "system";
      const nodes = contentNodes(m.content);
      if (nodes.length > 0 && nodes.some(n => n.textContent !== "")) {
        chat.append(message(role, m.role === "assistant" ? "Assistant" : m.role === "user" ? "User" : m.role ?? "Message", nodes));
      }

      for (const call of Array.isArray(m.tool_calls) ? m.tool_calls : []) {
        const card = callCard(call);
        if (call.id) cards.set(call.id, card);
        chat.append(card);
      }
    }

    chat.append(...answerNodes(d));
    return chat;
  }

  function answerNodes(d) {
    const s = d.summary;
    if (!s.done) return [el("div", "pending-answer", "Waiting for the answer…")];
    if (!d.answer) return [message("assistant", "No answer", [document.createTextNode(`The connection closed before any answer${s.fault ? ` (fault ${s.fault})` : ""}.`)], "error")];
    const answer = unwrap(parse(d.answer));
    if (s.status >= 400) {
      const text = answer && typeof answer.error === "string" ? answer.error : d.answer.text;
      return [message("assistant", `Error · HTTP ${s.status}`, [document.createTextNode(text)], "error")];
    }

    if (s.streaming && !d.answer.json) {
      return [message("assistant", "Assistant · streamed answer", [document.createTextNode(d.answer.text)], "answer")];
    }

    if (answer === undefined) {
      const why = s.fault ? `The answer is not valid JSON (fault ${s.fault}).` : "The answer is not JSON.";
      return [message("assistant", "Answer", [document.createTextNode(`${why}\n\n${d.answer.text}`)], "error")];
    }

    const nodes = [];
    if (typeof answer.text === "string" && answer.text !== "") {
      nodes.push(message("assistant", "Assistant · answer", [document.createTextNode(answer.text)], "answer"));
    }

    for (const call of Array.isArray(answer.toolCalls) ? answer.toolCalls : []) {
      const card = callCard(call, "answer");
      card.append(el("div", "call-waiting", "Asked of the client: its result comes in the next request."));
      nodes.push(card);
    }

    if (nodes.length === 0) nodes.push(message("assistant", "Assistant · answer", [el("span", "none", "(empty)")], "answer"));
    return nodes;
  }

  function bodyPane(body, what) {
    const pane = el("div");
    if (!body) {
      pane.append(el("p", "body-meta", what === "answer" ? "No answer body was sent." : "No body."));
      return pane;
    }

    const facts = [formatBytes(body.length)];
    if (body.contentType) facts.unshift(body.contentType);
    pane.append(el("p", "body-meta", facts.join(" · ")));
    if (body.truncated) {
      pane.append(el("div", "note", `This body is ${formatBytes(body.length)}; the inspector shows its first ${formatBytes(body.text.length)}.`));
    }

    pane.append(body.text === "" ? el("p", "body-meta", "(empty)") : code(body.text, body.json));
    return pane;
  }

  function headersPane(headers) {
    const table = el("table", "headers");
    for (const name of Object.keys(headers).sort((a, b) => a.localeCompare(b))) {
      const tr = el("tr");
      const value = el("td", headers[name] === "[redacted]" ? "redacted" : null, headers[name]);
      tr.append(el("td", null, name), value);
      table.append(tr);
    }

    return table;
  }

  function renderDetail(d) {
    const s = d.summary;
    selectedDone = s.done;
    const head = el("div", "detail-head");
    const title = el("div", "detail-title");
    title.append(el("span", "method", s.method), el("span", "path", s.path), statusPill(s));
    const facts = el("div", "facts");
    const fact = (label, value) => { const f = el("span", null, `${label} `); f.append(el("b", null, value)); facts.append(f); };
    fact("at", `${new Date(s.time).toLocaleDateString()} ${formatTime(s.time)}`);
    fact("took", formatDuration(s.durationMs));
    fact("reply", s.fault ? `fault ${s.fault}` : s.reply ?? "—");
    if (s.requestId) fact("request id", s.requestId);
    head.append(title, facts);

    const request = parse(d.request);
    const tabs = [];
    if (request && Array.isArray(request.messages)) tabs.push(["conversation", "Conversation", () => conversation(d)]);
    tabs.push(["request", "Request", () => bodyPane(d.request, "request")]);
    tabs.push(["answer", "Answer", () => bodyPane(d.answer, "answer")]);
    tabs.push(["headers", "Headers", () => headersPane(d.headers)]);
    const current = tabs.find(t => t[0] === tab) ?? tabs[0];

    const bar = el("div", "tabs");
    bar.setAttribute("role", "tablist");
    const pane = el("div", "pane");
    pane.setAttribute("role", "tabpanel");
    for (const [id, label, render] of tabs) {
      const button = el("button", "tab", label);
      button.type = "button";
      button.dataset.tab = id;
      button.setAttribute("role", "tab");
      button.setAttribute("aria-selected", String(id === current[0]));
      button.addEventListener("click", () => {
        tab = id;
        for (const b of bar.children) b.setAttribute("aria-selected", String(b === button));
        pane.replaceChildren(render());
      });
      bar.append(button);
    }

    pane.append(current[2]());
    detail.replaceChildren(head, bar, pane);
  }

  async function load(id) {
    const ticket = ++loading;
    const response = await fetch(`${listUrl}/${id}`, { cache: "no-store" });
    if (ticket !== loading || id !== selected) return;
    if (!response.ok) {
      const gone = el("div", "placeholder");
      gone.append(el("div", "placeholder-title", "Request no longer kept"), el("p", null, `The inspector keeps the latest ${capacity} requests.`));
      detail.replaceChildren(gone);
      return;
    }

    renderDetail(await response.json());
  }

  function select(id) {
    if (selected !== null) elements.get(selected)?.classList.remove("selected");
    selected = id;
    selectedDone = false;
    elements.get(id)?.classList.add("selected");
    load(id);
  }

  rows.addEventListener("click", e => {
    const tr = e.target.closest("tr.row");
    if (tr) select(Number(tr.dataset.id));
  });
  rows.addEventListener("keydown", e => {
    const tr = e.target.closest("tr.row");
    if (!tr) return;
    if (e.key === "Enter") select(Number(tr.dataset.id));
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      let next = e.key === "ArrowDown" ? tr.nextElementSibling : tr.previousElementSibling;
      while (next && next.hidden) next = e.key === "ArrowDown" ? next.nextElementSibling : next.previousElementSibling;
      if (next) { next.focus(); select(Number(next.dataset.id)); e.preventDefault(); }
    }
  });
  filter.addEventListener("input", () => {
    const query = filter.value.trim().toLowerCase();
    for (const [id, tr] of elements) tr.hidden = query !== "" && !searchText(summaries.get(id)).includes(query);
  });

  refreshCount();
  connect();
})();
