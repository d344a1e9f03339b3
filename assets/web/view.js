// Draws the board into the page. Every text that people typed goes in through
// textContent (never parsed as HTML), so a card saying "<script>" shows those letters.
// `ctx` carries what drawing needs: t(key, vars) for words, me (participant id),
// canWrite (family), language, pendingIds (op-made ids not yet confirmed), onAgree.
"use strict";

window.TavleView = (function () {
  const CATEGORIES = ["strength", "existing_safety", "harm", "danger_statement", "complicating_factor", "safety_goal", "next_step"];
  const STATUSES = ["open", "done", "not_done", "carried_on"];

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function participantName(board, id, ctx) {
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

  function agreementRow(board, card, ctx) {
    const row = el("div", "agreement");
    let agree = 0, disagree = 0;
    for (const mark of card.agreement.values()) mark === "agree" ? agree++ : disagree++;
    const mine = card.agreement.get(ctx.me) || "none";
    if (ctx.canWrite) {
      for (const mark of ["agree", "disagree"]) {
        const button = el("button", "mark mark-" + mark, (mark === "agree" ? "✓ " : "✗ ") + ctx.t(mark));
        button.type = "button";
        button.setAttribute("aria-pressed", mine === mark ? "true" : "false");
        button.addEventListener("click", () => ctx.onAgree(card.id, mine === mark ? "none" : mark));
        row.appendChild(button);
      }
    }
    const counts = [];
    if (agree) counts.push(ctx.t("agree_count", { n: agree }));
    if (disagree) counts.push(ctx.t("disagree_count", { n: disagree }));
    if (counts.length) row.appendChild(el("span", "mark-counts", counts.join(" · ")));
    return row.childNodes.length ? row : null;
  }

  function stepDetails(board, card, ctx) {
    const details = el("dl", "step");
    if (card.owners.length) {
      details.appendChild(el("dt", "", ctx.t("step_who")));
      details.appendChild(el("dd", "", card.owners.map((id) => participantName(board, id, ctx)).join(", ")));
    }
    if (card.due) {
      details.appendChild(el("dt", "", ctx.t("step_when")));
      details.appendChild(el("dd", "", formatDate(card.due, ctx.language)));
    }
    return details.childNodes.length ? details : null;
  }

  function cardItem(board, card, ctx) {
    const item = el("li", "card");
    item.dataset.cardId = card.id;
    const category = CATEGORIES.includes(card.category) ? card.category : "";
    const status = STATUSES.includes(card.status) ? card.status : "open";
    if (category || (card.column === "next_steps" && status !== "open")) {
      const tags = el("div", "tags");
      if (category) tags.appendChild(el("span", "tag tag-" + category, ctx.t("category_" + category)));
      if (card.column === "next_steps" && (status !== "open" || card.owners.length || card.due))
        tags.appendChild(el("span", "tag status-" + status, ctx.t("step_status_" + status)));
      item.appendChild(tags);
    }
    item.appendChild(el("p", "card-text", card.text));
    if (card.column === "next_steps") {
      const details = stepDetails(board, card, ctx);
      if (details) item.appendChild(details);
    }
    const agreement = agreementRow(board, card, ctx);
    if (agreement) item.appendChild(agreement);
    return item;
  }

  function renderColumns(root, board, ctx) {
    for (const section of root.querySelectorAll(".column")) {
      const name = section.dataset.column;
      section.querySelector("h2").textContent = ctx.t("column_" + name);
      const list = section.querySelector(".cards");
      const cards = TavleBoard.column(board, name);
      const items = cards.map((card) => cardItem(board, card, ctx));
      if (!items.length) items.push(el("li", "empty", ctx.t("column_empty")));
      list.replaceChildren(...items);
    }
  }

  // The scale as eleven slots (0..10) with the names of who stands where.
  function renderScale(root, board, ctx) {
    const scale = board.scale;
    const question = root.querySelector("#scale-question");
    question.textContent = scale.question || ctx.t("scale_no_question");
    question.classList.toggle("muted", !scale.question);
    const slots = [];
    for (let v = 0; v <= 10; v++) slots.push({ value: v, names: [] });
    let hidden = 0, visible = 0;
    for (const [pid, rating] of scale.ratings) {
      if (rating.hidden || rating.value === null) { hidden++; continue; }
      visible++;
      slots[rating.value].names.push({ name: participantName(board, pid, ctx), mine: pid === ctx.me });
    }
    const marks = root.querySelector("#scale-marks");
    marks.replaceChildren(...slots.map((slot) => {
      const cell = el("div", "slot" + (slot.names.length ? " rated" : ""));
      const names = el("div", "slot-names");
      for (const who of slot.names) names.appendChild(el("span", "slot-name" + (who.mine ? " mine" : ""), who.name));
      cell.appendChild(names);
      cell.appendChild(el("span", "slot-value", String(slot.value)));
      return cell;
    }));
    const status = root.querySelector("#scale-status");
    const lines = [];
    if (scale.blind && !scale.revealed) {
      lines.push(ctx.t("scale_hidden"));
      if (hidden + visible) lines.push(ctx.t("scale_hidden_count", { n: hidden + visible }));
    } else if (!visible) {
      lines.push(ctx.t("scale_none"));
    }
    status.textContent = lines.join(" ");
    status.hidden = !lines.length;
  }

  function renderMySuggestions(list, board, ctx) {
    const mine = [];
    for (const s of board.suggestions.values()) if (s.author === ctx.me) mine.push(s);
    mine.reverse();  // newest first: the one just sent is the one people look for
    list.replaceChildren(...mine.map((s) => {
      const unsent = ctx.pendingIds.has(s.id);
      const state = unsent ? "unsent" : (["pending", "accepted", "declined"].includes(s.state) ? s.state : "pending");
      const item = el("li", "suggestion state-" + state);
      item.appendChild(el("span", "suggestion-column", ctx.t("column_" + (TavleBoard.COLUMNS.includes(s.column) ? s.column : "working_well"))));
      item.appendChild(el("p", "suggestion-text", s.text));
      item.appendChild(el("span", "suggestion-state", ctx.t("suggestion_" + state)));
      return item;
    }));
  }

  function render(root, board, ctx) {
    root.querySelector("#family-label").textContent = board.meeting.family_label;
    renderColumns(root, board, ctx);
    renderScale(root, board, ctx);
    renderMySuggestions(root.querySelector("#my-suggestions"), board, ctx);
    const next = root.querySelector("#next-meeting");
    next.hidden = !board.meeting.next_meeting;
    next.textContent = board.meeting.next_meeting ? ctx.t("next_meeting", { when: formatDate(board.meeting.next_meeting, ctx.language) }) : "";
  }

  return { render: render, formatDate: formatDate, el: el };
})();
