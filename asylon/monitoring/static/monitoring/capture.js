/* Offline capture of incidents.
 *
 * Records are kept in IndexedDB (through the `idb` library), each encrypted with
 * AES-GCM (WebCrypto) under a 256-bit key generated on this device as a non-extractable
 * CryptoKey: scripts may use it, nobody can export it, and it never leaves the device.
 * Each record has an id made here (crypto.randomUUID) and the server version it is based
 * on, so a resend is recognised (no duplicates) and a record changed on the server
 * meanwhile comes back as a conflict to resolve (no silent overwrite).
 */
(function () {
  "use strict";
  const root = document.getElementById("capture");
  if (!root || !window.idb) return;
  const msg = root.dataset;
  const form = document.getElementById("capture-form");
  const list = document.getElementById("local-records");
  const empty = document.getElementById("local-empty");
  const status = document.getElementById("net-status");
  const banner = document.getElementById("capture-message");
  const MULTI = ["violations", "nationalities"];
  let current = null; // {id, baseVersion} of the record in the form

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(msg.swUrl, { scope: msg.scope }).catch(() => {});
  }

  const dbPromise = idb.openDB("asylon-monitoring", 1, {
    upgrade(db) {
      db.createObjectStore("keys");
      db.createObjectStore("records", { keyPath: "id" });
    },
  });

  async function deviceKey() {
    const db = await dbPromise;
    let key = await db.get("keys", "device");
    if (!key) {
      key = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false,
                                            ["encrypt", "decrypt"]);
      await db.put("keys", key, "device");
    }
    return key;
  }

  async function seal(value) {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const data = new TextEncoder().encode(JSON.stringify(value));
    const cipher = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, await deviceKey(), data);
    return { iv, cipher };
  }

  async function open(sealed) {
    const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: sealed.iv },
                                              await deviceKey(), sealed.cipher);
    return JSON.parse(new TextDecoder().decode(plain));
  }

  function readForm() {
    const data = {};
    const fd = new FormData(form);
    for (const [name, value] of fd.entries()) {
      if (name === "csrfmiddlewaretoken" || name === "submission_id") continue;
      if (MULTI.includes(name)) (data[name] = data[name] || []).push(value);
      else data[name] = value;
    }
    MULTI.forEach((n) => { data[n] = data[n] || []; });
    return data;
  }

  function fillForm(data) {
    form.reset();
    for (const el of form.elements) {
      if (!el.name || el.name === "csrfmiddlewaretoken") continue;
      const value = data[el.name];
      if (value === undefined || value === null) continue;
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = Array.isArray(value) ? value.includes(el.value) : value === el.value;
      } else if (el.multiple) {
        for (const option of el.options) option.selected = value.includes(option.value);
      } else {
        el.value = value;
      }
    }
  }

  function clearErrors() {
    form.querySelectorAll(".is-invalid").forEach((el) => el.classList.remove("is-invalid"));
    form.querySelectorAll(".capture-error").forEach((el) => el.remove());
  }

  function showErrors(errors) {
    clearErrors();
    Object.entries(errors || {}).forEach(([name, messages]) => {
      const field = form.querySelector(`[name="${name}"]`);
      const note = document.createElement("div");
      note.className = "invalid-feedback d-block capture-error";
      note.textContent = messages.join(" ");
      if (field) {
        field.classList.add("is-invalid");
        (field.closest(".mb-3") || field.parentElement).appendChild(note);
      } else {
        form.prepend(note);
      }
    });
  }

  function say(text, kind) {
    banner.textContent = text;
    banner.className = `alert alert-${kind || "info"}`;
  }

  async function store(state, data, extra) {
    const db = await dbPromise;
    const id = (current && current.id) || crypto.randomUUID();
    const previous = await db.get("records", id);
    const sealed = await seal(data);
    const record = Object.assign({}, previous || { baseVersion: 0 }, {
      id, state, iv: sealed.iv, cipher: sealed.cipher, savedAt: new Date().toISOString(),
    }, extra || {});
    await db.put("records", record);
    current = { id };
    return record;
  }

  function csrfToken() {
    const input = form.querySelector("[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  async function refreshToken() {
    const response = await fetch(window.location.pathname, { credentials: "same-origin" });
    const html = await response.text();
    const match = html.match(/name="csrfmiddlewaretoken" value="([^"]+)"/);
    if (match) form.querySelector("[name=csrfmiddlewaretoken]").value = match[1];
  }

  async function send(record) {
    const data = await open(record);
    const body = JSON.stringify({ uuid: record.id, base_version: record.baseVersion, data });
    const post = () => fetch(msg.syncUrl, {
      method: "POST", credentials: "same-origin", body,
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
    });
    let response = await post();
    if (response.status === 403) { await refreshToken(); response = await post(); }
    const type = response.headers.get("Content-Type") || "";
    if (!type.includes("application/json")) return { outcome: "signin" };
    const answer = await response.json();
    const db = await dbPromise;
    if (response.status === 201 || response.status === 200) {
      record.state = "synced";
      record.baseVersion = answer.version;
      record.reference = answer.reference;
      record.url = answer.url;
      delete record.server;
      await db.put("records", record);
    } else if (response.status === 409) {
      record.state = "conflict";
      record.server = await seal(answer.server);
      record.serverVersion = answer.version;
      await db.put("records", record);
    } else if (response.status === 400) {
      record.state = "invalid";
      record.errors = answer.errors;
      await db.put("records", record);
    }
    return answer;
  }

  let syncing = false;
  async function syncAll() {
    if (syncing || !navigator.onLine) return;
    syncing = true;
    try {
      const db = await dbPromise;
      for (const record of await db.getAll("records")) {
        if (record.state !== "pending") continue;
        try {
          const answer = await send(record);
          if (answer.outcome === "signin") { say(msg.msgSignin, "warning"); break; }
          if (current && current.id === record.id) {
            if (answer.outcome === "invalid") { showErrors(answer.errors); say(msg.msgInvalid, "danger"); }
            else if (answer.outcome === "conflict") say(msg.msgConflict, "warning");
            else say(`${msg.msgSynced} ${answer.reference}`, "success");
          }
        } catch (error) {
          break; // the connection dropped again: try at the next "online"
        }
      }
    } finally {
      syncing = false;
      render();
    }
  }

  function button(label, handler, kind) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = `btn btn-sm btn-${kind || "outline-primary"}`;
    b.textContent = label;
    b.addEventListener("click", handler);
    return b;
  }

  async function compare(record, item) {
    const mine = await open(record);
    const theirs = await open(record.server);
    const table = document.createElement("dl");
    table.className = "small mt-2 mb-1 conflict-diff";
    Object.keys(Object.assign({}, mine, theirs)).forEach((key) => {
      const a = JSON.stringify(mine[key] ?? "");
      const b = JSON.stringify(theirs[key] ?? "");
      if (a === b || key === "chain_with") return;
      const label = form.querySelector(`label[for="id_${key}"]`);
      const dt = document.createElement("dt");
      dt.textContent = label ? label.textContent : key;
      const dd = document.createElement("dd");
      dd.textContent = `${msg.labelMine}: ${a} · ${msg.labelServer}: ${b}`;
      table.append(dt, dd);
    });
    item.append(table);
  }

  async function render() {
    const db = await dbPromise;
    const records = (await db.getAll("records")).sort((a, b) => b.savedAt.localeCompare(a.savedAt));
    list.replaceChildren();
    empty.classList.toggle("d-none", records.length > 0);
    for (const record of records) {
      const item = document.createElement("li");
      item.className = "list-group-item";
      item.dataset.state = record.state;
      let summary = "";
      try {
        const data = await open(record);
        summary = `${data.date_from || "?"} · ${form.querySelector(`#id_border_section option[value="${data.border_section}"]`)?.textContent || ""}`;
      } catch (e) { summary = "?"; }
      const head = document.createElement("div");
      head.className = "d-flex flex-wrap justify-content-between gap-2";
      const text = document.createElement("span");
      text.textContent = `${summary} · ${msg["state" + record.state[0].toUpperCase() + record.state.slice(1)]}` +
        (record.reference ? ` · ${record.reference}` : "");
      const actions = document.createElement("span");
      actions.className = "d-flex gap-1 flex-wrap";
      if (record.state !== "pending") {
        actions.append(button(msg.labelContinue, async () => {
          fillForm(await open(record));
          current = { id: record.id };
          if (record.state === "invalid") showErrors(record.errors); else clearErrors();
          form.scrollIntoView();
        }));
      }
      if (record.state === "draft" || record.state === "invalid") {
        actions.append(button(msg.labelSend, async () => {
          record.state = "pending"; await db.put("records", record); render(); syncAll();
        }, "primary"));
      }
      if (record.state === "conflict") {
        actions.append(button(msg.labelKeep, async () => {
          record.baseVersion = record.serverVersion; record.state = "pending";
          await db.put("records", record); syncAll();
        }, "primary"));
        actions.append(button(msg.labelTake, async () => {
          const theirs = await open(record.server);
          const sealed = await seal(theirs);
          Object.assign(record, { iv: sealed.iv, cipher: sealed.cipher, state: "synced",
                                  baseVersion: record.serverVersion });
          delete record.server;
          await db.put("records", record); render();
        }));
      }
      if (record.state === "synced" || record.state === "draft") {
        actions.append(button(msg.labelRemove, async () => {
          await db.delete("records", record.id);
          if (current && current.id === record.id) current = null;
          render();
        }, "outline-danger"));
      }
      head.append(text, actions);
      item.append(head);
      if (record.state === "conflict" && record.server) await compare(record, item);
      list.append(item);
    }
  }

  function showNetwork() {
    status.textContent = navigator.onLine ? msg.msgOnline : msg.msgOffline;
    status.className = `alert py-2 ${navigator.onLine ? "alert-success" : "alert-warning"}`;
  }

  document.getElementById("save-draft").addEventListener("click", async () => {
    await store("draft", readForm());
    say(msg.msgSaved, "info");
    render();
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors();
    const existing = current && current.id ? await (await dbPromise).get("records", current.id) : null;
    // A record already sent and changed again here is sent as a change of that version.
    await store("pending", readForm(), existing ? { baseVersion: existing.baseVersion } : {});
    say(msg.msgQueued, "info");
    await render();
    syncAll();
  });

  document.getElementById("new-record").addEventListener("click", () => {
    current = null; form.reset(); clearErrors(); banner.className = "alert d-none";
  });

  window.addEventListener("online", () => { showNetwork(); syncAll(); });
  window.addEventListener("offline", showNetwork);
  showNetwork();
  render().then(syncAll);
})();
