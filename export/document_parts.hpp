// Pieces shared by the files that build the document (document_*.cpp): how
// dates, names and statuses read in the chosen language. Internal to export/.
#pragma once

#include <string>
#include <vector>

#include "board/model.hpp"
#include "export/document.hpp"
#include "export/strings.hpp"

namespace tavle::exporting {

// "2026-11-25" -> "25. november 2026"; "2026-11-25T09:00" adds the time.
// Text that is not such a date is shown as written.
std::string format_date(std::string_view iso, const Strings&);
// A moment (ms since the epoch) in the computer's local time, with the time of day.
std::string format_moment(Millis, const Strings&);

// The participant's name, or "unknown participant" for an id the board lacks.
std::string person_name(const Board&, const std::string& id, const Strings&);
// Names of several participants, joined with ", "; "Not agreed" when none.
std::string people_names(const Board&, const std::vector<std::string>& ids, const Strings&);

std::string role_text(ParticipantRole, const Strings&);
std::string category_text(Category, const Strings&);
std::string status_text(StepStatus, const Strings&);
std::string column_heading(Column, const Strings&);

// A card as an Item: its text, its category as tag, professional-only flagged.
Block card_item(const Card&, const Strings&);
// A next step as an Item with who, by when and status under it.
Block next_step_item(const Board&, const Card&, const Strings&);

Block note(std::string text);
Block paragraph(std::string text);

// issue 15 (document_followup.cpp): the follow-up a carried step got at this
// meeting (who marked it, why) and at the last one, under its review item; and
// the plan's "what we have reached since the last plan".
void add_followup_fields(const Board&, const Card&, Block& item, const Strings&);
Section reached_section(const Board&, const Strings&);
// The minutes' trend: the previous meeting and this one, scale average and agreements done.
Section trend_section(const Board&, const Board* previous, const Strings&);
// issue 15 (document_network.cpp): the child's voice, the safety network, the
// authority's bottom lines, and the acute plan (own_page).
Section child_voice_section(const Board&, const Strings&);
Section network_section(const Board&, const Strings&);
Section bottom_lines_section(const Board&, const Strings&);
Section acute_plan_section(const Board&, const Strings&);

// Sections only the minutes have.
Section review_section(const Board& board, const Strings&);
Section changes_section(const Board& board, const Board* previous, const Strings&);

}  // namespace tavle::exporting
