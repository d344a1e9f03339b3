// Draws the board into the page. Every text that people typed goes in through
// textContent (never parsed as HTML), so a card saying "<script>" shows those letters.
// Drawing happens in place, keyed by card id: a card that did not change keeps its
// element, and its buttons keep keyboard focus and the reader's place on the page.
// `ctx` carries what drawing needs: t(key, vars) for words, me (participant id),
// canWrite (family), language (the page's words), meetingLanguage (the words people
// typed), pendingIds (op-made ids not yet confirmed), onAgree.
//
// [SECTION] helpers: el, reconcile, setText
// [SECTION] cards: tags, next-step details, agreement buttons
// [SECTION] columns, scale, the family's own suggestions
"use strict";

window.TavleView = (function () {
  const CATEGORIES = ["strength", "existing_safety", "harm", "danger_statement", "complicating_factor", "safety_goal", "next_step"];
  const STATUSES = ["open", "done", "not_done", "carried_on"];
  const NAME_TEXT_CHARS = 80;  // how much of a card an agree button reads out

  // [helpers] ---------------------------------------------------------------
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Changing text that is the same would still disturb a screen reader's place.
  function setText(node, text) { if (node.textContent !== text) node.textContent = text; }
  function setAttr(node, name, value) { if (node.getAttribute(name) !== value) node.setAttribute(name, value); }

  // Makes `list`'s children match `entries` (each with a `key`), reusing the child
  // that already has an entry's key and moving only what is out of place, so an
  // element with keyboard focus inside stays in the document.
  function reconcile(list, entries, create, update) {
    const existing = new Map();
    for (const child of Array.from(list.children)) existing.set(child.dataset.key, child);
    let cursor = list.firstElementChild;
    for (const entry of entries) {
      let node = existing.get(entry.key);
      if (node) existing.delete(entry.key);
      else { node = create(entry); node.dataset.key = entry.key; }
      update(node, entry);
      if (node !== cursor) list.insertBefore(node, cursor);
      else cursor = cursor.nextElementSibling;
    }
    for (const gone of existing.values()) gone.remove();
  }

  function participantName(board, id, ctx) {
    // issue 15: a next step may be owned by a safe adult who is not in the room
    if (!board.participants.has(id) && board.safe_adults && board.safe_adults.has(id)) return board.safe_adults.get(id).name;
    if (id === ctx.me) return board.participants.has(id) ? board.participants.get(id).name + " (" + ctx.t("you") + ")" : ctx.t("you");
    const p = board.participants.get(id);
    return p && p.name ? p.name : ctx.t("someone");
  }

  // "2026-12-05" -> "5. december 2026" / "5 December 2026"; anything else as written.
  function formatDate(text, language) {
    const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(text);
    if (!m) return text;
    const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0));
    const options = { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" };
    if (m[4]) { options.hour = "2-digit"; options.minute = "2-digit"; }
    try { return new Intl.DateTimeFormat(language === "en" ? "en-GB" : "da-DK", options).format(date); } catch (e) { return text; }
  }

  // A card's words cut to a length a button can read out.
  function shortText(text) {
    const flat = text.replace(/\s+/g, " ").trim();
    return flat.length > NAME_TEXT_CHARS ? flat.slice(0, NAME_TEXT_CHARS - 1) + "…" : flat;
  }

  // [cards] -----------------------------------------------------------------
  // Built once per card; updateCard fills it in. The parts with nothing to
  // show are hidden rather than removed, so the buttons never move in the DOM.
  function createCard() {
    const item = el("li", "card");
    item.appendChild(el("div", "tags"));
    item.appendChild(el("p", "card-text"));
    item.appendChild(el("dl", "step"));
    const agreement = el("div", "agreement");
    agreement.appendChild(el("span", "mark-counts"));
    item.appendChild(agreement);
    return item;
  }

  // Enig / Uenig, made once a tablet may write (a viewer never gets them).
  function addMarkButtons(row) {
    const item = row.closest(".card");
    for (const mark of ["agree", "disagree"]) {
      const button = el("button", "mark mark-" + mark);
      button.type = "button";
      button.dataset.mark = mark;
      button.appendChild(el("span", "mark-sign", mark === "agree" ? "✓ " : "✗ ")).setAttribute("aria-hidden", "true");
      button.appendChild(el("span", "mark-word"));
      button.appendChild(el("span", "visually-hidden mark-card"));
      button.addEventListener("click", () => item.tavleOnMark(mark));
      row.insertBefore(button, row.querySelector(".mark-counts"));
    }
  }

  function updateTags(tags, card, ctx) {
    const category = CATEGORIES.includes(card.category) ? card.category : "";
    const status = STATUSES.includes(card.status) ? card.status : "open";
    const wanted = [];
    if (category) wanted.push({ className: "tag tag-" + category, text: ctx.t("category_" + category) });
    if (card.column === "next_steps" && (status !== "open" || card.owners.length || card.due))
      wanted.push({ className: "tag status-" + status, text: ctx.t("step_status_" + status) });
    // issue 15: carried from last time, and past its date
    if (card.carried) wanted.push({ className: "tag tag-carried", text: ctx.t("tag_carried") });
    if (ctx.board && TavleBoard.overdue(ctx.board, card)) wanted.push({ className: "tag tag-overdue", text: ctx.t("tag_overdue") });
    const same = tags.children.length === wanted.length &&
      wanted.every((w, i) => tags.children[i].className === w.className && tags.children[i].textContent === w.text);
    if (!same) tags.replaceChildren(...wanted.map((w) => el("span", w.className, w.text)));
    tags.hidden = !wanted.length;
  }

  function updateStep(details, board, card, ctx) {
    const rows = [];
    if (card.column === "next_steps" && card.owners.length)
      rows.push([ctx.t("step_who"), card.owners.map((id) => participantName(board, id, ctx)).join(", ")]);
    if (card.column === "next_steps" && card.due) rows.push([ctx.t("step_when"), formatDate(card.due, ctx.language)]);
    const text = rows.map((r) => r.join("\u0000")).join("\u0001");
    if (details.dataset.shown !== text) {
      details.replaceChildren(...rows.flatMap((r) => [el("dt", "", r[0]), el("dd", "", r[1])]));
      details.dataset.shown = text;
    }
    details.hidden = !rows.length;
  }

  function updateAgreement(row, card, ctx) {
    let agree = 0, disagree = 0;
    for (const mark of card.agreement.values()) mark === "agree" ? agree++ : disagree++;
    const mine = card.agreement.get(ctx.me) || "none";
    const has = !!row.querySelector(".mark");
    if (ctx.canWrite && !has) addMarkButtons(row);
    if (!ctx.canWrite && has) for (const button of row.querySelectorAll(".mark")) button.remove();
    for (const button of row.querySelectorAll(".mark")) {
      const mark = button.dataset.mark;
      setText(button.querySelector(".mark-word"), ctx.t(mark));
      // The name says which card: fifteen "Enig" buttons are told apart by their words.
      const named = button.querySelector(".mark-card");
      setText(named, " " + ctx.t("mark_card", { text: shortText(card.text) }));
      setAttr(named, "lang", ctx.meetingLanguage);
      setAttr(button, "aria-pressed", mine === mark ? "true" : "false");
    }
    const counts = [];
    if (agree) counts.push(ctx.t("agree_count", { n: agree }));
    if (disagree) counts.push(ctx.t("disagree_count", { n: disagree }));
    const countText = row.querySelector(".mark-counts");
    setText(countText, counts.join(" · "));
    countText.hidden = !counts.length;
    row.hidden = !ctx.canWrite && !counts.length;
  }

  function updateCard(item, board, card, ctx) {
    item.dataset.cardId = card.id;
    updateTags(item.querySelector(".tags"), card, ctx);
    const words = item.querySelector(".card-text");
    setText(words, card.text);
    setAttr(words, "lang", ctx.meetingLanguage);
    updateStep(item.querySelector(".step"), board, card, ctx);
    updateAgreement(item.querySelector(".agreement"), card, ctx);
    const mine = card.agreement.get(ctx.me) || "none";
    item.tavleOnMark = (mark) => ctx.onAgree(card.id, mine === mark ? "none" : mark);
  }

  // [columns] ---------------------------------------------------------------
  function renderColumns(root, board, ctx) {
    for (const section of root.querySelectorAll(".column")) {
      const name = section.dataset.column;
      setText(section.querySelector("h2"), ctx.t("column_" + name));
      const entries = TavleBoard.column(board, name).map((card) => ({ key: "card:" + card.id, card: card }));
      if (!entries.length) entries.push({ key: "empty", card: null });
      reconcile(section.querySelector(".cards"), entries,
        (entry) => (entry.card ? createCard() : el("li", "empty")),
        (node, entry) => (entry.card ? updateCard(node, board, entry.card, ctx) : setText(node, ctx.t("column_empty"))));
    }
  }

  // The scale as a list of eleven numbers, each with the names of who picked it
  // ("3: Line, Pia"): the names belong to their number in words, not by position.
  function renderScale(root, board, ctx) {
    const scale = board.scale;
    const question = root.querySelector("#scale-question");
    setText(question, scale.question || ctx.t("scale_no_question"));
    question.classList.toggle("muted", !scale.question);
    setAttr(question, "lang", scale.question ? ctx.meetingLanguage : ctx.language);
    const slots = [];
    for (let v = 0; v <= 10; v++) slots.push({ key: String(v), value: v, names: [] });
    let hidden = 0, visible = 0;
    for (const [pid, rating] of scale.ratings) {
      if (rating.hidden || rating.value === null) { hidden++; continue; }
      visible++;
      slots[rating.value].names.push({ name: participantName(board, pid, ctx), mine: pid === ctx.me });
    }
    const marks = root.querySelector("#scale-marks");
    setAttr(marks, "aria-label", ctx.t("scale_marks_label"));
    reconcile(marks, slots, (slot) => {
      // Read as "3: Line (dig), Pia"; the CSS draws the names stacked above the number.
      const cell = el("li", "slot");
      cell.appendChild(el("span", "slot-value", String(slot.value)));
      cell.appendChild(el("span", "visually-hidden", ": "));
      cell.appendChild(el("span", "slot-names"));
      cell.appendChild(el("span", "visually-hidden slot-nobody"));
      return cell;
    }, (cell, slot) => {
      cell.classList.toggle("rated", slot.names.length > 0);
      const names = cell.querySelector(".slot-names");
      const shown = slot.names.map((w) => (w.mine ? "*" : "") + w.name).join("\u0000");
      if (names.dataset.shown !== shown) {
        const chips = [];
        slot.names.forEach((who, i) => {
          chips.push(el("span", "slot-name" + (who.mine ? " mine" : ""), who.name));
          if (i < slot.names.length - 1) chips.push(el("span", "visually-hidden", ", "));  // heard, not drawn
        });
        names.replaceChildren(...chips);
        names.dataset.shown = shown;
      }
      setText(cell.querySelector(".slot-nobody"), slot.names.length ? "" : ctx.t("scale_slot_nobody"));
    });
    const status = root.querySelector("#scale-status");
    const lines = [];
    if (scale.blind && !scale.revealed) {
      lines.push(ctx.t("scale_hidden"));
      if (hidden + visible) lines.push(ctx.t("scale_hidden_count", { n: hidden + visible }));
    } else if (!visible) {
      lines.push(ctx.t("scale_none"));
    }
    setText(status, lines.join(" "));
    status.hidden = !lines.length;
  }

  function renderMySuggestions(list, board, ctx) {
    const mine = [];
    for (const s of board.suggestions.values()) if (s.author === ctx.me) mine.push(s);
    mine.reverse();  // newest first: the one just sent is the one people look for
    reconcile(list, mine.map((s) => ({ key: "s:" + s.id, s: s })), () => {
      const item = el("li", "suggestion");
      item.appendChild(el("span", "suggestion-column"));
      item.appendChild(el("p", "suggestion-text"));
      item.appendChild(el("span", "suggestion-state"));
      return item;
    }, (item, entry) => {
      const s = entry.s;
      const unsent = ctx.pendingIds.has(s.id);
      const state = unsent ? "unsent" : (["pending", "accepted", "declined"].includes(s.state) ? s.state : "pending");
      item.className = "suggestion state-" + state;
      setText(item.querySelector(".suggestion-column"), ctx.t("column_" + (TavleBoard.COLUMNS.includes(s.column) ? s.column : "working_well")));
      const words = item.querySelector(".suggestion-text");
      setText(words, s.text);
      setAttr(words, "lang", ctx.meetingLanguage);
      setText(item.querySelector(".suggestion-state"), ctx.t("suggestion_" + state));
    });
  }

  // issue 15: the child's own place: the child's words with who heard them, when and how.
  function renderChildVoice(root, board, ctx) {
    const section = root.querySelector("#child-voice");
    if (!section) return;
    const entries = [];
    for (const [id, w] of board.child_voice) entries.push({ key: "v:" + id, w: w });
    for (const name of TavleBoard.COLUMNS)
      for (const card of TavleBoard.column(board, name)) {
        const p = board.participants.get(card.author);
        if (p && p.role === "child") entries.push({ key: "c:" + card.id, w: { child: card.author, text: card.text, how: "on_board" } });
      }
    section.hidden = !entries.length;
    reconcile(section.querySelector("ol"), entries, () => {
      const item = el("li", "child-words");
      item.appendChild(el("blockquote", "child-text"));
      item.appendChild(el("p", "child-about"));
      return item;
    }, (item, entry) => {
      const w = entry.w;
      const words = item.querySelector(".child-text");
      setText(words, w.text);
      setAttr(words, "lang", ctx.meetingLanguage);
      const about = [participantName(board, w.child, ctx), ctx.t("voice_" + w.how)];
      if (w.heard_by) about.push(ctx.t("voice_heard_by", { who: w.heard_by }));
      if (w.on) about.push(formatDate(w.on, ctx.language));
      setText(item.querySelector(".child-about"), about.join(" · "));
    });
  }

  function render(root, board, ctx) {
    ctx = Object.assign({ meetingLanguage: board.meeting.language || "da", board: board }, ctx);
    renderChildVoice(root, board, ctx);  // issue 15
    const label = root.querySelector("#family-label");
    setText(label, board.meeting.family_label);
    setAttr(label, "lang", ctx.meetingLanguage);
    renderColumns(root, board, ctx);
    renderScale(root, board, ctx);
    renderMySuggestions(root.querySelector("#my-suggestions"), board, ctx);
    const next = root.querySelector("#next-meeting");
    next.hidden = !board.meeting.next_meeting;
    setText(next, board.meeting.next_meeting ? ctx.t("next_meeting", { when: formatDate(board.meeting.next_meeting, ctx.language) }) : "");
  }

  return { render: render, formatDate: formatDate, el: el, shortText: shortText };
})();
