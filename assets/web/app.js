// The tablet page's story: read the code from the URL fragment (#code=123456,
// which browsers never send to the server), ask for a name and a role, join,
// then keep the board on screen while the connection comes and goes.
// The page shows `confirmed board + this tablet's unsent ops` (docs/protocol.md).
"use strict";

(function () {
  const $ = (selector) => document.querySelector(selector);
  const CARD_TEXT_BYTES = 2000;  // board/limits.hpp: card_text_bytes (a suggestion becomes a card)
  const REASON_BYTES = 1000;     // board/limits.hpp: reason_bytes

  const state = {
    language: "da",
    languageChosen: null,   // the person's own choice beats the meeting's language
    connection: null,
    join: null,             // {code, name, role}
    confirmed: null,        // the board as the host confirmed it
    draftRating: null,      // a number tapped but not sent yet
    lastOwnRating: null,    // this tablet's rating as last drawn ({value, reason} or null)
    presence: [],           // who is connected now: [{participant_id, name, role}]
    failedTries: 0,
    renderQueued: false,
    follower: null,         // follows the facilitator's "look here" (focus.js)
    announcer: null,        // the one status region that says what is new (announce.js)
    seenCards: null,        // card ids drawn last time (null: nothing drawn yet, so nothing is "new")
    shownState: null,       // the connection state last shown (changes are announced)
  };

  function remember(key, value) { try { window.localStorage.setItem(key, value); } catch (e) { /* memory only */ } }
  function recall(key) { try { return window.localStorage.getItem(key); } catch (e) { return null; } }

  // [words] ------------------------------------------------------------------
  // window.TAVLE_STRINGS is /strings.js, which the host makes from the one string
  // catalog (assets/strings/<lang>.json, section "tablet"): the page has no words of its own.
  function t(key, vars) {
    const table = window.TAVLE_STRINGS[state.language] || window.TAVLE_STRINGS.da;
    let text = table[key] !== undefined ? table[key] : window.TAVLE_STRINGS.da[key] || key;
    if (vars && vars.n === 1 && table[key + "_one"]) text = table[key + "_one"];
    for (const [name, value] of Object.entries(vars || {})) text = text.split("{" + name + "}").join(String(value));
    return text;
  }

  function applyLanguage() {
    document.documentElement.lang = state.language;
    for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
    for (const node of document.querySelectorAll("[data-i18n-label]")) node.setAttribute("aria-label", t(node.dataset.i18nLabel));
    for (const button of document.querySelectorAll("[data-action=switch-language]")) {
      button.textContent = t("lang_switch");
      button.setAttribute("aria-label", t("lang_switch_label"));
      button.lang = state.language === "da" ? "en" : "da";
    }
    renderRatingButtons();
    showCodeHint();
    showTitle();
    showFollowToggle();
    showConnection();
    if (state.house) $("#house-label").textContent = t("house_ask_" + state.house);  // issue 15: the open house asks in the new language
    scheduleRender();
  }

  // Each screen says what it is in the window's title (what a screen reader reads first).
  function showTitle() {
    const label = state.confirmed && state.confirmed.meeting.family_label;
    document.title = !$("#join-screen").hidden || !state.join ? t("title_join")
      : label ? t("title_meeting", { name: label }) : t("title_meeting_plain");
  }

  // The hint tells the code's real length when the QR code brought one.
  function showCodeHint() {
    const known = codeFromFragment();
    $("#code-hint").textContent = known ? t("code_hint_length", { n: known.length }) : t("code_hint");
  }

  function switchLanguage() {
    state.language = state.language === "da" ? "en" : "da";
    state.languageChosen = state.language;
    remember("tavle.language", state.language);
    applyLanguage();
  }

  // [first screen] -----------------------------------------------------------
  function codeFromFragment() {
    const params = new URLSearchParams(window.location.hash.replace(/^#/, ""));
    const code = (params.get("code") || "").replace(/\s+/g, "");
    return /^\d{4,12}$/.test(code) ? code : "";
  }

  // The name the person gave on the server that sent them here (goElsewhere).
  function nameFromFragment() {
    const params = new URLSearchParams(window.location.hash.replace(/^#/, ""));
    return (params.get("name") || "").trim().slice(0, 60);
  }

  function showJoinScreen(errorText) {
    $("#meeting-screen").hidden = true;
    $("#join-screen").hidden = false;
    const fromLink = codeFromFragment();
    if (fromLink && !$("#join-code").value) $("#join-code").value = fromLink;
    const useLink = fromLink && $("#join-code").value === fromLink && !errorText;
    $("#code-from-link").hidden = !useLink;
    $("#code-typed").hidden = useLink;
    $("#join-name").value = $("#join-name").value || recall("tavle.name") || nameFromFragment();
    const role = recall("tavle.role") === "viewer" ? "viewer" : "family";
    document.querySelector("input[name=role][value=" + role + "]").checked = true;
    const familyRole = knownFamilyRole(recall("tavle.family_role"));
    document.querySelector("input[name=family_role][value=" + familyRole + "]").checked = true;
    showFamilyWho();
    showJoinError(errorText || "");
    $("#join-button").disabled = false;
    $("#join-button").textContent = t("join_button");
    showCodeHint();
    showTitle();
  }

  // Who someone is in the family's circle: the host adds them to the board as that.
  function knownFamilyRole(value) {
    return ["parent", "child", "private_network"].includes(value) ? value : "parent";
  }

  function showFamilyWho() {
    $("#family-who").hidden = document.querySelector("input[name=role]:checked").value !== "family";
  }

  // Said where the person looks: on a tablet the error sits below the form's fields,
  // so it is brought into view (a tablet put out of the meeting must say so plainly).
  function showJoinError(text) {
    $("#join-error").textContent = text;
    $("#join-error").hidden = !text;
    if (text) $("#join-error").scrollIntoView({ block: "center" });
  }

  function submitJoin(event) {
    event.preventDefault();
    const code = $("#join-code").value.replace(/\s+/g, "");
    const name = $("#join-name").value.trim();
    const role = document.querySelector("input[name=role]:checked").value === "viewer" ? "viewer" : "family";
    const known = codeFromFragment();
    if (!/^\d{4,12}$/.test(code)) { showJoinError(known ? t("need_code_length", { n: known.length }) : t("need_code")); $("#code-typed").hidden = false; $("#code-from-link").hidden = true; $("#join-code").focus(); return; }
    if (!name) { showJoinError(t("need_name")); $("#join-name").focus(); return; }
    remember("tavle.name", name);
    remember("tavle.role", role);
    const join = { code: code, name: name.slice(0, 60), role: role };
    if (role === "family") {
      join.family_role = knownFamilyRole(document.querySelector("input[name=family_role]:checked").value);
      remember("tavle.family_role", join.family_role);
    }
    startMeeting(join);
  }

  // [meeting] ----------------------------------------------------------------
  function startMeeting(join) {
    state.join = join;
    state.confirmed = null;
    state.failedTries = 0;
    // With the meeting it is for: a server's meetings share this tab's storage (issue 18).
    const kept = Object.assign({ meeting: TavleConnection.meetingPath() }, join);
    try { window.sessionStorage.setItem("tavle.join", JSON.stringify(kept)); } catch (e) { /* reload asks again */ }
    document.body.classList.toggle("viewer", join.role === "viewer");
    // issue 15: a child gets the Three Houses and a scale of faces (the same 0-10 underneath).
    document.body.classList.toggle("child-mode", join.role === "family" && join.family_role === "child");
    $("#viewer-note").hidden = join.role !== "viewer";
    $("#join-screen").hidden = true;
    $("#meeting-screen").hidden = false;
    showTitle();
    // Focus would otherwise fall to the page: start from the meeting's name.
    $("#meeting-title").focus({ preventScroll: true });
    showBanner("");
    state.connection = new TavleConnection.Connection(join, {
      onWelcome: welcomed,
      onOp: (seq, op) => { if (state.confirmed) { TavleBoard.applyOp(state.confirmed, op); scheduleRender(); } },
      onSnapshot: (seq, board) => { adoptBoard(board); },
      onPendingChanged: () => { showConnection(); scheduleRender(); },
      onPresence: (clients) => { state.presence = clients; scheduleRender(); },
      onReject: (op, code, message) => { showBanner(t("error_rejected", { message: message || code })); scheduleRender(); },
      onState: (s) => { if (s !== "connected") state.failedTries++; showConnection(); },
      onFatal: fatal,
      onElsewhere: goElsewhere,
      onFocus: (focus) => state.follower.receive(focus),
      onError: (code, message) => { if (code === "journal_failed" || code === "meeting_full") showBanner(code === "meeting_full" ? t("error_full") : t("error_generic", { message: message })); },
    });
    showConnection();
    state.connection.start();
  }

  function welcomed(m) {
    state.failedTries = 0;
    showBanner("");
    if (m.snapshot) adoptBoard(m.snapshot);
    else if (state.confirmed && Array.isArray(m.ops)) for (const entry of m.ops) TavleBoard.applyOp(state.confirmed, entry.op);
    scheduleRender();
  }

  function adoptBoard(json) {
    state.confirmed = TavleBoard.fromSnapshot(json);
    const meetingId = json && json.meeting && typeof json.meeting.id === "string" ? json.meeting.id : "";
    state.connection.adoptMeeting(meetingId);
    scheduleRender();
  }

  // The meeting's language, unless the person picked one (a snapshot or an op may change it).
  function followMeetingLanguage() {
    if (state.languageChosen || !state.confirmed || state.confirmed.meeting.language === state.language) return;
    state.language = state.confirmed.meeting.language;
    applyLanguage();
  }

  // issue 18: the same meeting's page on the server that hosts it now (the same
  // scheme; the code and the name go along in the #fragment, never to a server).
  function goElsewhere(location) {
    state.connection = null;
    try { window.sessionStorage.removeItem("tavle.join"); } catch (e) { /* nothing kept */ }
    const join = state.join || {};
    const fragment = new URLSearchParams();
    if (join.code) fragment.set("code", join.code);
    if (join.name) fragment.set("name", join.name);
    window.location.replace(window.location.protocol + "//" + location + TavleConnection.meetingPath() + "/#" + fragment.toString());
  }

  function fatal(code, message) {
    const known = { wrong_code: "error_bad_code", too_many_attempts: "error_too_many", protocol_version: "error_version", forbidden_role: "error_bad_code",
      refused: "error_refused", removed: "error_removed", meeting_full: "error_full", too_many_connections: "error_full",
      unknown_meeting: "error_unknown_meeting" };
    state.connection = null;
    try { window.sessionStorage.removeItem("tavle.join"); } catch (e) { /* nothing kept */ }
    if (code === "wrong_code") $("#join-code").value = "";
    showJoinScreen(known[code] ? t(known[code]) : t("error_generic", { message: message }));
  }

  // "Forlad mødet" asks first; what is not sent yet stays on the tablet either way.
  function askToLeave() {
    $("#leave-unsent").hidden = !(state.connection && state.connection.pending().length);
    $("#leave-dialog").showModal();
    $("#leave-dialog [data-action=stay]").focus();
  }

  function leave() {
    if ($("#leave-dialog").open) $("#leave-dialog").close();
    if (state.connection) state.connection.stop(true);
    state.connection = null;
    state.confirmed = null;
    state.seenCards = null;
    state.shownState = null;
    state.draftRating = null;
    state.follower.forget();
    state.announcer.forget();
    try { window.sessionStorage.removeItem("tavle.join"); } catch (e) { /* nothing kept */ }
    showJoinScreen("");
    $("#join-title").focus();
  }

  function showBanner(text) {
    $("#meeting-error").textContent = text;
    $("#meeting-error").hidden = !text;
  }

  function showConnection() {
    const pill = $("#connection");
    const c = state.connection;
    if (!c) return;
    const unsent = c.pending().length;
    let s = c.state;
    if (s !== "connected" && navigator.onLine === false) s = "offline";
    let text = t("state_" + s);
    if (unsent && s !== "connected") text += " · " + t("state_unsent", { n: unsent });
    pill.textContent = text;
    pill.className = "connection state-" + s;
    // A change of connection is news; the first "connected" is not (the page just opened).
    if (state.shownState !== null && state.shownState !== s) state.announcer.say(t("state_label", { state: t("state_" + s) }));
    if (state.shownState !== null || s === "connected") state.shownState = s;
    $("#unsent-note").hidden = !(unsent && s !== "connected");
    if (s !== "connected" && !c.everJoined && state.failedTries > 3) showBanner(t("error_connect"));
  }

  // [drawing] ----------------------------------------------------------------
  function displayedBoard() {
    const board = TavleBoard.clone(state.confirmed);
    for (const op of state.connection.pending()) TavleBoard.applyOp(board, op);
    return board;
  }

  function scheduleRender() {
    if (state.renderQueued) return;
    state.renderQueued = true;
    window.requestAnimationFrame(() => {
      state.renderQueued = false;
      if (!state.confirmed || !state.connection) return;
      followMeetingLanguage();
      const board = displayedBoard();
      const pendingIds = new Set(state.connection.pending().map((op) => op.target).filter(Boolean));
      const focused = focusedControl();
      TavleView.render(document, board, {
        t: t, me: state.connection.participantId, canWrite: state.join.role === "family" && !!state.connection.participantId,
        language: state.language, pendingIds: pendingIds, onAgree: agree,
      });
      TavlePlan.render(document, board, {  // issue 14
        t: t, me: state.connection.participantId, canWrite: state.join.role === "family" && !!state.connection.participantId,
      });
      refocus(focused);
      announceNewCards(board);
      renderOwnRating(board);
      renderPresence();
      showTitle();
      state.follower.afterRender();
    });
  }

  // The card button that has the keyboard, to find it again if drawing moved its card.
  function focusedControl() {
    const active = document.activeElement;
    const card = active && active.closest ? active.closest("[data-card-id]") : null;
    return card && active.dataset.mark ? { element: active, cardId: card.dataset.cardId, mark: active.dataset.mark } : null;
  }

  function refocus(focused) {
    if (!focused || document.activeElement === focused.element) return;
    const again = document.querySelector("[data-card-id=\"" + CSS.escape(focused.cardId) + "\"] [data-mark=" + focused.mark + "]");
    if (again && (document.activeElement === document.body || !document.activeElement)) again.focus({ preventScroll: true });
  }

  // "Nyt kort i Hvad går godt?: …" once for every card that appears after the first drawing.
  function announceNewCards(board) {
    const now = new Map();
    for (const column of TavleBoard.COLUMNS) for (const card of TavleBoard.column(board, column)) now.set(card.id, card);
    if (state.seenCards) {
      const fresh = new Map();
      for (const [id, card] of now) if (!state.seenCards.has(id)) {
        if (!fresh.has(card.column)) fresh.set(card.column, []);
        fresh.get(card.column).push(card);
      }
      for (const [column, cards] of fresh) {
        const where = t("column_" + column);
        state.announcer.say(cards.length === 1 ? t("announce_new_card", { column: where, text: TavleView.shortText(cards[0].text) })
          : t("announce_new_cards", { n: cards.length, column: where }));
      }
    }
    state.seenCards = new Set(now.keys());
  }

  // "Mødelederen viser: …": the label on the outline, said in words too.
  function announceFocus(focus, element) {
    const words = element.querySelector(".card-text");
    const what = focus.cardId && words ? TavleView.shortText(words.textContent) : t("column_" + (focus.column || ""));
    state.announcer.say(t("announce_focus", { what: what }), true);
  }

  // "Follow the facilitator": a switch, on unless the person turned it off.
  function showFollowToggle() {
    const on = !!(state.follower && state.follower.enabled);
    const toggle = $("#follow-toggle");
    toggle.setAttribute("aria-checked", String(on));
    toggle.title = t(on ? "follow_on_hint" : "follow_off_hint");
    $("#follow-hint").textContent = toggle.title;
  }

  function toggleFollow() {
    state.follower.setEnabled(!state.follower.enabled);
    showFollowToggle();
  }

  // Who is in the meeting right now, by the names they gave (one entry per person).
  function renderPresence() {
    const names = [];
    for (const c of state.presence) {
      if (!c || typeof c.name !== "string" || !c.name) continue;
      const name = c.role === "facilitator" ? t("presence_facilitator", { name: c.name }) : c.name;
      if (!names.includes(name)) names.push(name);
    }
    $("#presence").textContent = names.length ? t("presence", { names: names.join(", ") }) : "";
    $("#presence").hidden = !names.length;
  }

  function keepClearOfTopBar() {
    const bar = $(".topbar");
    const sticky = getComputedStyle(bar).position === "sticky";
    document.documentElement.style.scrollPaddingTop = sticky ? Math.ceil(bar.getBoundingClientRect().height) + 12 + "px" : "";
  }

  // [the family's own changes] -----------------------------------------------
  function agree(cardId, mark) {
    if (!state.connection || !state.connection.participantId) return;
    state.connection.propose("set_agreement", cardId, state.connection.participantId, mark);
    scheduleRender();
  }

  // issue 14: "I agree with the plan", for myself only, on my own device.
  function signPlan(agreed) {
    const c = state.connection;
    if (!c || !c.participantId) return;
    c.propose("sign_off", c.participantId, "", agreed);
    scheduleRender();
  }

  // Eleven real radio buttons (arrow keys move and pick, as everywhere), drawn as
  // big number buttons. Picking only marks a draft; "Send" sends it.
  function renderRatingButtons() {
    const box = $("#rating-buttons");
    if (box.querySelectorAll("input").length === 11) return;
    for (let v = 0; v <= 10; v++) {
      const label = TavleView.el("label", "rating-value");
      label.dataset.value = String(v);
      const input = TavleView.el("input");
      input.type = "radio";
      input.name = "rating";
      input.value = String(v);
      input.addEventListener("change", () => {
        state.draftRating = v;
        $("#rating-feedback").textContent = "";
        renderOwnRating(null);
      });
      label.appendChild(input);
      // issue 15: a face over each number, shown in the child's mode (the number stays).
      label.appendChild(TavleView.el("span", "rating-face", FACES[v])).setAttribute("aria-hidden", "true");
      label.appendChild(TavleView.el("span", "rating-number", String(v)));
      const mark = label.appendChild(TavleView.el("span", "rating-mark"));
      mark.setAttribute("aria-hidden", "true");
      label.appendChild(TavleView.el("span", "visually-hidden rating-said"));
      box.appendChild(label);
    }
  }

  function ownRating(board) {
    const me = state.connection && state.connection.participantId;
    const r = board && me ? board.scale.ratings.get(me) : null;
    return r && r.value !== null ? r : null;
  }

  // The sent number is filled with a tick; a picked one not sent yet is only outlined
  // (dashed) and says "ikke sendt", and the line under the numbers says both.
  function renderOwnRating(board) {
    if (board) state.lastOwnRating = ownRating(board);
    const sent = state.lastOwnRating ? state.lastOwnRating.value : null;
    if (state.draftRating === sent) state.draftRating = null;  // picked what is already sent
    const picked = state.draftRating;
    const chosen = picked !== null ? picked : sent;
    for (const label of $("#rating-buttons").querySelectorAll(".rating-value")) {
      const value = Number(label.dataset.value);
      const input = label.querySelector("input");
      if (input.checked !== (value === chosen)) input.checked = value === chosen;
      label.classList.toggle("is-sent", value === sent);
      label.classList.toggle("is-picked", picked !== null && value === picked);
      const mark = value === picked ? t("rating_picked_mark") : value === sent ? "✓" : "";
      label.querySelector(".rating-mark").textContent = mark;
      label.querySelector(".rating-said").textContent = value === picked ? " (" + t("rating_picked_mark") + ")" : value === sent ? " (" + t("rating_sent_mark") + ")" : "";
    }
    let line = t("your_rating_pick");
    if (picked !== null) line = sent !== null ? t("your_rating_picked_changed", { n: picked, sent: sent }) : t("your_rating_picked", { n: picked });
    else if (sent !== null) line = t("your_rating_is", { n: sent });
    $("#rating-current").textContent = line;
    $("#rating-current").classList.toggle("not-sent", picked !== null);
  }

  function sendRating(event) {
    event.preventDefault();
    const c = state.connection;
    const value = state.draftRating !== null ? state.draftRating : state.lastOwnRating ? state.lastOwnRating.value : null;
    if (!c || !c.participantId || value === null) { $("#rating-feedback").textContent = t("your_rating_pick"); return; }
    const reason = $("#rating-reason").value.trim();
    if (new TextEncoder().encode(reason).length > REASON_BYTES) return;
    c.propose("set_rating", c.participantId, "", { value: value, reason: reason });
    state.draftRating = null;
    $("#rating-feedback").textContent = c.state === "connected" ? t("rating_saved") : t("saved_queued");
    scheduleRender();
  }

  // issue 15: the Three Houses. A house picks the column the child's words go to;
  // they reach the facilitator as a suggestion the child owns, like anyone's.
  const HOUSE_COLUMNS = { good: "working_well", worries: "worries", dreams: "next_steps" };
  const FACES = ["😭", "😢", "😢", "🙁", "🙁", "😐", "🙂", "🙂", "😊", "😊", "😄"];

  function pickHouse(house) {
    state.house = house;
    for (const button of document.querySelectorAll(".house")) button.setAttribute("aria-pressed", String(button.dataset.house === house));
    $("#house-form").hidden = false;
    $("#house-label").textContent = t("house_ask_" + house);
    $("#house-feedback").textContent = "";
    $("#house-text").focus();
  }

  function addEmoji(emoji) {
    const box = $("#house-text");
    box.value = (box.value ? box.value.replace(/\s*$/, " ") : "") + emoji;
    box.focus();
  }

  function sendHouse(event) {
    event.preventDefault();
    const c = state.connection;
    const text = $("#house-text").value.trim();
    if (!c || !c.participantId || !state.house) return;
    if (!text || new TextEncoder().encode(text).length > CARD_TEXT_BYTES) { $("#house-feedback").textContent = t("house_empty"); return; }
    c.propose("add_suggestion", c.newId("s"), "", { column: HOUSE_COLUMNS[state.house], text: text });
    $("#house-text").value = "";
    $("#house-feedback").textContent = c.state === "connected" ? t("house_sent") : t("saved_queued");
    scheduleRender();
  }

  function sendSuggestion(event) {
    event.preventDefault();
    const c = state.connection;
    const text = $("#suggest-text").value.trim();
    const column = document.querySelector("input[name=column]:checked").value;
    if (!c || !c.participantId) return;
    if (!text || new TextEncoder().encode(text).length > CARD_TEXT_BYTES) { $("#suggest-feedback").textContent = t("suggest_empty"); return; }
    c.propose("add_suggestion", c.newId("s"), "", { column: column, text: text });
    $("#suggest-text").value = "";
    remember("tavle.suggest_draft", "");
    $("#suggest-feedback").textContent = c.state === "connected" ? t("suggest_sent") : t("saved_queued");
    scheduleRender();
  }

  // [start] ------------------------------------------------------------------
  function start() {
    state.languageChosen = ["da", "en"].includes(recall("tavle.language")) ? recall("tavle.language") : null;
    state.language = state.languageChosen || "da";
    for (const button of document.querySelectorAll("[data-action=switch-language]")) button.addEventListener("click", switchLanguage);
    document.querySelector("[data-action=leave]").addEventListener("click", askToLeave);
    document.querySelector("[data-action=leave-now]").addEventListener("click", leave);
    document.querySelector("[data-action=stay]").addEventListener("click", () => $("#leave-dialog").close());
    state.announcer = new TavleAnnounce.Announcer($("#announcer"), (n) => t("announce_more", { n: n }));
    state.follower = new TavleFocus.Follower(document, () => t("focus_label"), announceFocus);
    $("#follow-toggle").addEventListener("click", toggleFollow);
    document.querySelector("[data-action=type-code]").addEventListener("click", () => {
      $("#join-code").value = "";
      $("#code-from-link").hidden = true;
      $("#code-typed").hidden = false;
      $("#join-code").focus();
    });
    $("#join-form").addEventListener("submit", submitJoin);
    for (const input of document.querySelectorAll("input[name=role]")) input.addEventListener("change", showFamilyWho);
    $("#rating-form").addEventListener("submit", sendRating);
    $("#suggest-form").addEventListener("submit", sendSuggestion);
    $("#agree-button").addEventListener("click", () => signPlan(true));  // issue 14
    $("#agree-take-back").addEventListener("click", () => signPlan(false));
    for (const button of document.querySelectorAll(".house")) button.addEventListener("click", () => pickHouse(button.dataset.house));
    for (const button of document.querySelectorAll(".emoji")) button.addEventListener("click", () => addEmoji(button.dataset.emoji));
    $("#house-form").addEventListener("submit", sendHouse);
    $("#suggest-text").value = recall("tavle.suggest_draft") || "";
    $("#suggest-text").addEventListener("input", () => {
      remember("tavle.suggest_draft", $("#suggest-text").value);
      $("#suggest-feedback").textContent = "";
    });
    $("#rating-reason").addEventListener("input", () => { $("#rating-feedback").textContent = ""; });
    // Jumps (section links, the facilitator's focus) land below a sticky top bar, whatever its height.
    if (window.ResizeObserver) new ResizeObserver(keepClearOfTopBar).observe($(".topbar"));
    window.addEventListener("resize", keepClearOfTopBar);
    window.addEventListener("online", showConnection);
    window.addEventListener("offline", showConnection);
    applyLanguage();
    let saved = null;
    try { saved = JSON.parse(window.sessionStorage.getItem("tavle.join")); } catch (e) { saved = null; }
    // A reload in the middle of the meeting goes straight back in; another meeting's
    // page of the same server (same tab) asks first (issue 18).
    const sameMeeting = saved && (typeof saved.meeting === "string" ? saved.meeting : "") === TavleConnection.meetingPath();
    if (sameMeeting && typeof saved.code === "string" && typeof saved.name === "string" && (!codeFromFragment() || codeFromFragment() === saved.code))
      startMeeting(saved.role === "viewer" ? { code: saved.code, name: saved.name, role: "viewer" }
        : { code: saved.code, name: saved.name, role: "family", family_role: knownFamilyRole(saved.family_role) });
    else showJoinScreen("");
  }

  start();
})();
