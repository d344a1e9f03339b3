// The tablet's copy of the board: built from the host's snapshot (the board JSON
// of docs/format.md, already a family view) and kept current by the ops the host
// broadcasts. The host has validated every op, so applying here is lenient: an op
// that does not fit is skipped, never thrown. Ids come from people, so every
// collection is a Map (an id like "__proto__" must stay an ordinary key).
"use strict";

window.TavleBoard = (function () {
  const COLUMNS = ["working_well", "worries", "next_steps"];

  function str(v, fallback) { return typeof v === "string" ? v : (fallback === undefined ? "" : fallback); }

  function readCard(c) {
    const agreement = new Map();
    if (c.agreement && typeof c.agreement === "object")
      for (const [pid, mark] of Object.entries(c.agreement)) if (mark === "agree" || mark === "disagree") agreement.set(pid, mark);
    return {
      id: str(c.id), column: COLUMNS.includes(c.column) ? c.column : "working_well", text: str(c.text),
      author: str(c.author), order: str(c.order), category: str(c.category, "none"),
      professional_only: c.professional_only === true, owners: Array.isArray(c.owners) ? c.owners.filter((o) => typeof o === "string") : [],
      due: str(c.due), status: str(c.status, "open"), agreement: agreement, deleted: c.deleted === true,
      // issue 15: carried from the last meeting, and this meeting's follow-up of it
      carried: str(c.carried_from) !== "",
      review: readReview(c.review),
    };
  }

  // issue 15: a step's follow-up (docs/format.md): outcome and why.
  function readReview(r) {
    const o = r && typeof r === "object" ? r : {};
    return { outcome: str(o.outcome, "open"), why: str(o.why) };
  }

  // issue 15: the child's words (the only plan list the tablet shows by itself) and
  // the safe adults (a next step may be theirs).
  function readEntries(list, read) {
    const out = new Map();
    for (const e of Array.isArray(list) ? list : []) if (e && typeof e.id === "string") out.set(e.id, read(e));
    return out;
  }
  function readWords(w) {
    return { child: str(w.child), text: str(w.text), how: str(w.how, "said_in_meeting"), heard_by: str(w.heard_by), on: str(w.on), house: str(w.house) };
  }
  function readAdult(a) { return { name: str(a.name), relation: str(a.relation) }; }

  function readRating(r) {
    return { value: Number.isInteger(r.value) ? r.value : null, hidden: r.hidden === true, reason: str(r.reason), at: r.at || 0 };
  }

  // The board JSON of a snapshot -> the page's model.
  function fromSnapshot(json) {
    const j = json && typeof json === "object" ? json : {};
    const m = j.meeting && typeof j.meeting === "object" ? j.meeting : {};
    const board = {
      meeting: { family_label: str(m.family_label), language: m.language === "en" ? "en" : "da", next_meeting: str(m.next_meeting),
                 starts_at: str(m.starts_at) },  // issue 15: overdue is judged by the meeting's own day
      participants: new Map(), cards: new Map(), suggestions: new Map(),
      scale: { question: "", blind: false, revealed: false, ratings: new Map() },
      revision: Number.isInteger(j.revision) ? j.revision : 0,
      child_voice: readEntries(j.child_voice, readWords),  // issue 15
      safe_adults: readEntries(j.safe_adults, readAdult),
    };
    for (const p of Array.isArray(j.participants) ? j.participants : [])
      if (p && typeof p.id === "string") board.participants.set(p.id, { id: p.id, name: str(p.name), role: str(p.role), removed: p.removed === true });
    for (const c of Array.isArray(j.cards) ? j.cards : [])
      if (c && typeof c.id === "string") board.cards.set(c.id, readCard(c));
    const s = j.scale && typeof j.scale === "object" ? j.scale : {};
    board.scale.question = str(s.question);
    board.scale.blind = s.blind === true;
    board.scale.revealed = s.revealed === true;
    for (const r of Array.isArray(s.ratings) ? s.ratings : [])
      if (r && typeof r.participant === "string") board.scale.ratings.set(r.participant, readRating(r));
    for (const g of Array.isArray(j.suggestions) ? j.suggestions : [])
      if (g && typeof g.id === "string")
        board.suggestions.set(g.id, { id: g.id, author: str(g.author), column: str(g.column), text: str(g.text), state: str(g.state, "pending"), card_id: str(g.card_id) });
    return board;
  }

  // [ops] Each kind changes the model the way board/apply.cpp does, minus validation.
  const MEETING_FIELDS = { family_label: "family_label", language: "language", next_meeting: "next_meeting", starts_at: "starts_at" };

  function applyCardField(card, field, value) {
    if (field === "owners" && Array.isArray(value)) card.owners = value.filter((o) => typeof o === "string");
    else if (field === "professional_only") card.professional_only = value === true;
    else if (["category", "due", "status"].includes(field) && typeof value === "string") card[field] = value;
  }

  function applyMeetingField(board, field, value) {
    if (MEETING_FIELDS[field] && typeof value === "string") board.meeting[MEETING_FIELDS[field]] = field === "language" ? (value === "en" ? "en" : "da") : value;
    else if (field === "scale_question" && typeof value === "string") board.scale.question = value;
    else if (field === "scale_blind") board.scale.blind = value === true;
    else if (field === "scale_revealed") board.scale.revealed = value === true;
  }

  function applyOp(board, op) {
    if (!op || typeof op !== "object") return;
    const v = op.value, target = str(op.target), card = board.cards.get(target);
    switch (op.kind) {
      case "add_card":
        if (v && typeof v === "object" && !board.cards.has(target))
          board.cards.set(target, readCard(Object.assign({ order: endOfColumn(board, v.column) }, v, { id: target, author: op.author })));
        break;
      case "edit_text": if (card && typeof v === "string") card.text = v; break;
      case "move_card":
        if (card && v && COLUMNS.includes(v.column)) {
          card.order = typeof v.order === "string" ? v.order : endOfColumn(board, v.column);
          card.column = v.column;
          if (typeof v.category === "string") card.category = v.category;
        }
        break;
      case "delete_card": if (card) card.deleted = true; break;
      case "restore_card": if (card) card.deleted = false; break;
      case "set_card_field": if (card) applyCardField(card, str(op.field), v); break;
      case "set_meeting_field": applyMeetingField(board, str(op.field), v); break;
      case "add_participant":
      case "update_participant":
      case "restore_participant": applyParticipant(board, op); break;
      case "remove_participant": if (board.participants.has(target)) board.participants.get(target).removed = true; break;
      case "set_rating":
        // Someone else's rating in a blind round: given, its value hidden (docs/protocol.md).
        if (v && v.hidden === true) board.scale.ratings.set(target, { value: null, hidden: true, reason: "", at: op.at || 0 });
        else if (v && v.value === null) board.scale.ratings.delete(target);
        else if (v && Number.isInteger(v.value)) board.scale.ratings.set(target, { value: v.value, hidden: false, reason: str(v.reason), at: op.at || 0 });
        break;
      case "reveal_ratings": board.scale.revealed = true; break;
      case "set_agreement":
        if (card && (v === "agree" || v === "disagree")) card.agreement.set(str(op.field), v);
        else if (card && v === "none") card.agreement.delete(str(op.field));
        break;
      case "add_suggestion":
        if (v && typeof v === "object" && !board.suggestions.has(target))
          board.suggestions.set(target, { id: target, author: str(op.author), column: str(v.column), text: str(v.text), state: "pending" });
        break;
      case "resolve_suggestion": applyResolve(board, target, v); break;
      // issue 15:
      case "review_step":
        if (card && v && typeof v === "object") {
          card.review = { outcome: str(v.outcome, "open"), why: str(v.why) };
          card.status = str(v.status, card.review.outcome);
        }
        break;
      case "set_entry":
        if (op.field === "child_voice") setEntry(board.child_voice, target, v, readWords);
        else if (op.field === "safe_adults") setEntry(board.safe_adults, target, v, readAdult);
        break;
      default: break;  // approvals and sign-offs do not show on the tablet
    }
  }

  function setEntry(entries, id, v, read) {
    if (v === null || v === undefined) entries.delete(id);
    else if (typeof v === "object") entries.set(id, read(v));
  }

  // issue 15: a live next step, open or carried on, due before the meeting's own day.
  function overdue(board, card) {
    const day = board.meeting.starts_at.slice(0, 10), due = card.due.slice(0, 10);
    return card.column === "next_steps" && card.category !== "safety_goal" && day.length === 10 && due.length === 10 &&
      (card.status === "open" || card.status === "carried_on") && due < day;
  }

  function applyParticipant(board, op) {
    const id = str(op.target), v = op.value, existing = board.participants.get(id);
    if (op.kind === "add_participant" && v && typeof v === "object")
      board.participants.set(id, { id: id, name: str(v.name), role: str(v.role), removed: false });
    else if (op.kind === "restore_participant" && existing) existing.removed = false;
    else if (existing && (op.field === "name" || op.field === "role") && typeof v === "string") existing[op.field] = v;
  }

  // A key after every card in the column: enough to show a new card last until the
  // host's own key arrives with the next snapshot.
  function endOfColumn(board, columnName) {
    let last = "";
    for (const c of board.cards.values()) if (c.column === columnName && !c.deleted && c.order > last) last = c.order;
    return last + "V";
  }

  // Accepting a suggestion makes it a card in the suggester's name (board/apply_cards.cpp).
  function applyResolve(board, id, v) {
    const s = board.suggestions.get(id);
    if (!s || !v || typeof v !== "object") return;
    if (v.decision === "accept" && typeof v.card_id === "string") {
      const columnName = COLUMNS.includes(v.column) ? v.column : s.column;
      const existing = board.cards.get(v.card_id);
      const card = existing || readCard({ id: v.card_id, category: "none" });
      Object.assign(card, {
        column: columnName, text: typeof v.text === "string" ? v.text : s.text, author: s.author, deleted: false,
        order: typeof v.order === "string" ? v.order : endOfColumn(board, columnName),
      });
      board.cards.set(card.id, card);
      s.state = "accepted";
      s.card_id = card.id;
    } else if (v.decision === "decline") {
      s.state = "declined";
    } else if (v.decision === "withdraw") {
      board.suggestions.delete(id);
    } else if (v.decision === "reopen") {
      const card = s.state === "accepted" ? board.cards.get(s.card_id) : null;
      if (card) card.deleted = true;
      s.state = "pending";
    }
  }

  // Live cards a family may see, in display order (order key as bytes, then id).
  function column(board, name) {
    const cards = [];
    for (const c of board.cards.values())
      if (c.column === name && !c.deleted && !c.professional_only) cards.push(c);
    const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
    return cards.sort((a, b) => cmp(a.order, b.order) || cmp(a.id, b.id));
  }

  function clone(board) {
    const cards = new Map();
    for (const [id, c] of board.cards) cards.set(id, Object.assign({}, c, { agreement: new Map(c.agreement) }));
    const suggestions = new Map();
    for (const [id, s] of board.suggestions) suggestions.set(id, Object.assign({}, s));
    return {
      meeting: Object.assign({}, board.meeting), participants: new Map(board.participants), cards: cards,
      suggestions: suggestions, scale: Object.assign({}, board.scale, { ratings: new Map(board.scale.ratings) }),
      revision: board.revision,
      child_voice: new Map(board.child_voice), safe_adults: new Map(board.safe_adults),
    };
  }

  return { COLUMNS: COLUMNS, fromSnapshot: fromSnapshot, applyOp: applyOp, column: column, clone: clone, overdue: overdue };
})();
