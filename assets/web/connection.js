// The WebSocket side of the tablet, speaking docs/protocol.md (version 1):
// hello/welcome, sequenced ops, ack/reject, snapshots, heartbeats, reconnect with
// backoff, and the outbox. The outbox holds every op the family made that the host
// has not confirmed; it lives in memory and in localStorage, so a Wi-Fi drop or a
// reload loses nothing, and it is resent with the same op ids (the host applies an
// op id at most once).
"use strict";

window.TavleConnection = (function () {
  const PROTOCOL = 1;
  const PING_EVERY_MS = 2000;
  const DEAD_AFTER_MS = 5000;
  const BACKOFF_FIRST_MS = 250;
  const BACKOFF_MAX_MS = 5000;
  // A wrong code or role will not get better by retrying: back to the first screen.
  const FATAL_STOP = ["wrong_code", "forbidden_role", "protocol_version", "too_many_attempts", "refused", "removed",
    "meeting_full", "too_many_connections", "unknown_meeting", "meeting_elsewhere"];
  const ELSEWHERE = /^(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\]):\d{1,5}$/;

  function storageGet(key) {
    try { return JSON.parse(window.localStorage.getItem(key)); } catch (e) { return null; }
  }
  function storageSet(key, value) {
    try { window.localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* private mode: memory only */ }
  }

  // issue 18: on a server of many meetings the page of meeting ID is served under
  // /m/ID/, and connects to that meeting (docs/protocol.md); on a host, to its one.
  function meetingPath() {
    const match = /^\/m\/[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}(?=\/)/.exec(window.location.pathname);
    return match ? match[0] : "";
  }
  // Every meeting of a server shares one origin, so one localStorage: what belongs
  // to a meeting (its rejoin token, the ops not sent to it yet) is kept under a key
  // of that meeting's own. On a host the keys are the plain ones, as before.
  const HERE = meetingPath();
  function meetingKey(key) { return key + HERE; }

  // A stable id for this tablet: letters and digits only (the protocol allows 1..48 bytes).
  function tabletId() {
    let id = storageGet("tavle.client_id");
    if (typeof id === "string" && /^[A-Za-z0-9]{8,48}$/.test(id)) return id;
    const bytes = new Uint8Array(8);
    window.crypto.getRandomValues(bytes);
    id = "t" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    storageSet("tavle.client_id", id);
    return id;
  }

  // handlers: onWelcome(msg), onOp(seq, op), onSnapshot(seq, board), onPendingChanged(), onPresence(clients),
  // onReject(op, code, message), onState(state), onFatal(code, message), onError(code, message),
  // onFocus({cardId, column}) (the facilitator's "look here"), onElsewhere("HOST:PORT") (issue 18)
  function Connection(join, handlers) {
    this.join = join;  // {code, name, role, family_role?}
    this.handlers = handlers;
    this.clientId = tabletId();
    this.counter = Number(storageGet("tavle.op_counter")) || 0;
    const saved = storageGet(meetingKey("tavle.outbox"));
    this.outbox = saved && Array.isArray(saved.ops) ? saved.ops : [];
    this.outboxMeeting = saved && typeof saved.meeting === "string" ? saved.meeting : null;
    this.participantId = "";  // the host says who we are in welcome
    this.lastSeq = 0;
    this.socket = null;
    this.state = "connecting";
    this.joined = false;
    this.stopped = false;
    this.backoff = BACKOFF_FIRST_MS;
    this.everJoined = false;
    this.timers = { ping: null, retry: null };
    this.lastHeard = 0;
  }

  Connection.prototype.start = function () {
    this.stopped = false;
    this.open();
    this.timers.ping = window.setInterval(() => this.heartbeat(), PING_EVERY_MS);
    this.onlineListener = () => { if (!this.joined) this.retryNow(); };
    // A tablet waking from sleep: check the connection now, not at the next tick.
    this.wakeListener = () => { if (!document.hidden) { if (this.socket) this.heartbeat(); else this.retryNow(); } };
    window.addEventListener("online", this.onlineListener);
    document.addEventListener("visibilitychange", this.wakeListener);
  };

  Connection.prototype.stop = function (sayBye) {
    this.stopped = true;
    window.clearInterval(this.timers.ping);
    window.clearTimeout(this.timers.retry);
    window.removeEventListener("online", this.onlineListener);
    document.removeEventListener("visibilitychange", this.wakeListener);
    if (this.socket) {
      if (sayBye && this.joined) this.sendRaw({ type: "bye" });
      this.socket.close();
      this.socket = null;
    }
  };

  Connection.prototype.setState = function (state) {
    this.state = state;
    this.handlers.onState(state);
  };

  Connection.prototype.open = function () {
    if (this.stopped) return;
    const scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    let socket;
    try {
      socket = new WebSocket(scheme + window.location.host + meetingPath() + "/ws");
    } catch (e) {
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    this.joined = false;
    this.lastHeard = Date.now();
    socket.onopen = () => {
      if (socket !== this.socket) return;
      const hello = {
        type: "hello", protocol: PROTOCOL, code: this.join.code, name: this.join.name, role: this.join.role,
        client_id: this.clientId, last_seq: this.lastSeq,
      };
      // The host's secret from our last welcome: it gives this tablet back its own
      // participant (docs/security.md); a tablet without one joins as someone new.
      const token = storageGet(meetingKey("tavle.token"));
      if (typeof token === "string" && token) hello.token = token;
      if (this.join.role === "family" && this.join.family_role) hello.family_role = this.join.family_role;
      this.sendRaw(hello);
    };
    socket.onmessage = (event) => { if (socket === this.socket) this.receive(event.data); };
    socket.onclose = () => {
      if (socket !== this.socket) return;
      this.socket = null;
      this.joined = false;
      this.scheduleRetry();
    };
    socket.onerror = () => { /* onclose follows and decides */ };
  };

  Connection.prototype.scheduleRetry = function () {
    if (this.stopped) return;
    this.setState(this.everJoined ? "reconnecting" : "connecting");
    window.clearTimeout(this.timers.retry);
    const wait = this.backoff * (0.8 + Math.random() * 0.4);  // jitter: tablets do not reconnect in lockstep
    this.backoff = Math.min(this.backoff * 2, BACKOFF_MAX_MS);
    this.timers.retry = window.setTimeout(() => this.open(), wait);
  };

  Connection.prototype.retryNow = function () {
    if (this.stopped || this.socket) return;
    window.clearTimeout(this.timers.retry);
    this.backoff = BACKOFF_FIRST_MS;
    this.open();
  };

  Connection.prototype.heartbeat = function () {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) return;
    if (Date.now() - this.lastHeard > DEAD_AFTER_MS) {
      // Wi-Fi gone without a close: give up on this socket and start over.
      const dead = this.socket;
      this.socket = null;
      this.joined = false;
      dead.close();
      this.scheduleRetry();
      return;
    }
    if (this.joined) this.sendRaw({ type: "ping", t: Date.now() });
  };

  Connection.prototype.sendRaw = function (message) {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  };

  Connection.prototype.receive = function (data) {
    this.lastHeard = Date.now();
    let parsed;
    try { parsed = JSON.parse(data); } catch (e) { return; }
    const messages = Array.isArray(parsed) ? parsed : [parsed];
    for (const m of messages) if (m && typeof m === "object") this.handle(m);
  };

  Connection.prototype.handle = function (m) {
    switch (m.type) {
      case "welcome": this.welcome(m); break;
      case "op":
        if (Number.isInteger(m.seq)) this.lastSeq = Math.max(this.lastSeq, m.seq);
        this.handlers.onOp(m.seq, m.op);
        if (m.op) this.confirm(m.op.id);
        break;
      case "ack": this.confirm(m.op_id); break;
      case "reject": {
        const op = this.outbox.find((o) => o.id === m.op_id);
        this.confirm(m.op_id);
        if (op) this.handlers.onReject(op, String(m.code || ""), String(m.message || ""));
        break;
      }
      case "snapshot":
        if (Number.isInteger(m.seq)) this.lastSeq = m.seq;
        // The board already holds these ops of ours (their own confirmations may have
        // been dropped with a queue that fell behind): resending them would only earn acks.
        if (Array.isArray(m.acked)) this.confirmAll(m.acked);
        this.handlers.onSnapshot(m.seq, m.board);
        break;
      case "focus": this.focus(m); break;
      case "error":
        // issue 18: another server of the municipality hosts the meeting now: the page
        // goes there (only to a plain HOST:PORT, never a path or another scheme).
        if (m.code === "meeting_elsewhere" && typeof m.location === "string" && ELSEWHERE.test(m.location)) {
          this.stop(false);
          this.handlers.onElsewhere(m.location);
          break;
        }
        if (m.fatal === true && FATAL_STOP.includes(m.code)) {
          if (m.code === "removed" || m.code === "refused") storageSet(meetingKey("tavle.token"), "");
          this.stop(false);
          this.handlers.onFatal(String(m.code), String(m.message || ""));
        } else {
          this.handlers.onError(String(m.code || ""), String(m.message || ""));
        }
        break;
      case "presence": if (Array.isArray(m.clients)) this.handlers.onPresence(m.clients); break;
      case "waiting": this.setState("waiting"); break;  // the facilitator decides whether we come in
      case "bye": break;  // the host is stopping; the close that follows starts the retries
      default: break;     // pong: hearing anything is enough for the heartbeat
    }
  };

  Connection.prototype.welcome = function (m) {
    this.joined = true;
    this.everJoined = true;
    this.backoff = BACKOFF_FIRST_MS;
    if (typeof m.participant_id === "string") this.participantId = m.participant_id;
    if (typeof m.token === "string") storageSet(meetingKey("tavle.token"), m.token);
    if (Number.isInteger(m.seq)) this.lastSeq = m.seq;
    this.handlers.onWelcome(m);
    if (m.presence && Array.isArray(m.presence.clients)) this.handlers.onPresence(m.presence.clients);
    // Catch-up ops may confirm some of ours; only then resend the rest, in order.
    if (Array.isArray(m.ops)) for (const entry of m.ops) if (entry && entry.op) this.confirm(entry.op.id);
    this.setState("connected");
    for (const op of this.outbox) this.sendRaw({ type: "op", op: op });
  };

  // The meeting we joined: ops kept from another meeting would only be refused there.
  Connection.prototype.adoptMeeting = function (meetingId) {
    if (this.outboxMeeting !== null && this.outboxMeeting !== meetingId && this.outbox.length) {
      this.outbox = [];
      this.handlers.onPendingChanged();
    }
    this.outboxMeeting = meetingId;
    this.saveOutbox();
  };

  Connection.prototype.saveOutbox = function () {
    storageSet(meetingKey("tavle.outbox"), { meeting: this.outboxMeeting || "", ops: this.outbox });
  };

  Connection.prototype.confirm = function (opId) { this.confirmAll([opId]); };

  Connection.prototype.confirmAll = function (opIds) {
    const confirmed = new Set(opIds);
    const before = this.outbox.length;
    this.outbox = this.outbox.filter((o) => !confirmed.has(o.id));
    if (this.outbox.length !== before) {
      this.saveOutbox();
      this.handlers.onPendingChanged();
    }
  };

  // "Bring everyone to my view": a card (with its column) or a whole column.
  Connection.prototype.focus = function (m) {
    const cardId = typeof m.card_id === "string" && m.card_id ? m.card_id : null;
    const column = typeof m.column === "string" ? m.column : null;
    if (cardId || column) this.handlers.onFocus({ cardId: cardId, column: column });
  };

  // Make an op from this tablet, keep it, and send it if we can.
  Connection.prototype.propose = function (kind, target, field, value) {
    this.counter += 1;
    storageSet("tavle.op_counter", this.counter);
    const op = { id: this.clientId + ":" + this.counter, author: this.participantId, at: Date.now(), kind: kind };
    if (target) op.target = target;
    if (field) op.field = field;
    if (value !== undefined) op.value = value;
    this.outbox.push(op);
    this.saveOutbox();
    this.handlers.onPendingChanged();
    if (this.joined) this.sendRaw({ type: "op", op: op });
    return op;
  };

  // A fresh id for something this tablet creates (a suggestion); board ids allow ':'.
  Connection.prototype.newId = function (prefix) {
    this.counter += 1;
    storageSet("tavle.op_counter", this.counter);
    return prefix + "-" + this.clientId + "-" + this.counter;
  };

  Connection.prototype.pending = function () { return this.outbox.slice(); };

  return { Connection: Connection, meetingPath: meetingPath };
})();
