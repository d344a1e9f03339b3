// issue 14: the family's plan on the tablet: our goals, what we will do, who to
// call (the coordinator), and "I agree with the plan", pressed by the person on
// their own device (the host lets a family connection agree for itself only).
// Everything people typed goes in through textContent, never as HTML.
"use strict";

window.TavlePlan = (function () {
  const el = (tag, className, text) => TavleView.el(tag, className, text);

  function nameOf(board, id, ctx) {
    const p = board.participants.get(id);
    if (id === ctx.me) return ctx.t("you");
    return p && p.name ? p.name : ctx.t("someone");
  }

  function forWhom(board, ids, ctx) {
    return ids.length === 0 ? ctx.t("plan_whole_family") : ids.map((id) => nameOf(board, id, ctx)).join(", ");
  }

  function renderGoals(list, board, ctx) {
    list.replaceChildren();
    for (const g of board.goals.values()) {
      if (g.deleted) continue;
      const item = el("li", "plan-goal");
      item.appendChild(el("p", "plan-goal-text", g.text));
      item.appendChild(el("p", "plan-goal-for", ctx.t("plan_for", { who: forWhom(board, g.for, ctx) })));
      if (g.how_we_know) item.appendChild(el("p", "plan-goal-how", ctx.t("plan_how", { how: g.how_we_know })));
      if (g.reached) item.appendChild(el("p", "plan-goal-reached", ctx.t("plan_reached")));
      list.appendChild(item);
    }
    if (!list.children.length) list.appendChild(el("li", "plan-empty", ctx.t("plan_no_goals")));
  }

  function renderSteps(list, board, ctx) {
    list.replaceChildren();
    for (const c of TavleBoard.column(board, "next_steps")) {
      if (c.category === "safety_goal") continue;
      const who = c.owners.length ? c.owners.map((id) => nameOf(board, id, ctx)).join(", ") : ctx.t("nobody_yet");
      list.appendChild(el("li", "plan-step", c.text + " (" + who + ")"));
    }
    if (!list.children.length) list.appendChild(el("li", "plan-empty", ctx.t("plan_no_steps")));
  }

  function renderCoordinator(node, board, ctx) {
    const id = board.meeting.coordinator;
    const p = id ? board.participants.get(id) : null;
    node.hidden = !p;
    if (!p) return;
    const from = p.organisation ? " (" + p.organisation + ")" : "";
    const reach = [p.phone, p.email].filter((x) => x).join(", ");
    const contact = reach ? " · " + reach : "";
    node.textContent = ctx.t("plan_coordinator", { name: p.name + from + contact });
  }

  // The agree button and what it says now. Only a family member with a place on the
  // board agrees; what the facilitator recorded (out loud, on paper) is shown as that.
  function renderAgreement(section, board, ctx) {
    const button = section.querySelector("#agree-button");
    const takeBack = section.querySelector("#agree-take-back");
    const status = section.querySelector("#agree-status");
    const others = section.querySelector("#agree-others");
    const form = ctx.me ? board.signoffs.get(ctx.me) : undefined;
    button.hidden = !ctx.canWrite || form !== undefined;
    takeBack.hidden = !ctx.canWrite || form === undefined;
    let text = "";
    if (form === "own_device") text = ctx.t("plan_you_agreed");
    else if (form === "oral") text = ctx.t("plan_you_agreed_oral");
    else if (form === "paper") text = ctx.t("plan_you_signed_paper");
    else if (ctx.canWrite) text = ctx.t("plan_agree_explain");
    if (status.textContent !== text) status.textContent = text;
    const agreed = [];
    for (const [pid, how] of board.signoffs) {
      if (pid === ctx.me) continue;
      const key = how === "oral" ? "plan_agreed_oral" : how === "paper" ? "plan_signed_paper" : "plan_agreed";
      agreed.push(ctx.t(key, { name: nameOf(board, pid, ctx) }));
    }
    const line = agreed.join(" ");
    if (others.textContent !== line) others.textContent = line;
  }

  function render(doc, board, ctx) {
    const section = doc.getElementById("plan");
    if (!section || !board.goals) return;
    renderGoals(section.querySelector("#plan-goals"), board, ctx);
    renderSteps(section.querySelector("#plan-steps"), board, ctx);
    renderCoordinator(section.querySelector("#plan-coordinator"), board, ctx);
    renderAgreement(section, board, ctx);
  }

  return { render: render };
})();
