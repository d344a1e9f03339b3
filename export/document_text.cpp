// Text helpers of the document: cleaning user text, dates, names, labels.
#include <ctime>
#include <map>

#include "board/followup.hpp"
#include "board/text.hpp"
#include "export/document_parts.hpp"
#include "export/local_time.hpp"

namespace tavle::exporting {
namespace {

// The date parts of an ISO date or time (digits only, checked for range below).
bool parse_number(std::string_view s, int& out) {
  const auto n = tavle::parse_number(s, 0, 9999);
  if (n) out = static_cast<int>(*n);
  return n.has_value();
}

std::string two_digits(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

std::string date_text(int year, int month, int day, int hour, int minute, bool with_time, const Strings& s) {
  std::map<std::string, std::string> v{{"day", std::to_string(day)},
                                       {"month", s.months()[static_cast<std::size_t>(month - 1)]},
                                       {"year", std::to_string(year)},
                                       {"hour", two_digits(hour)},
                                       {"minute", two_digits(minute)}};
  return s.fill(with_time ? "date_time" : "date", v);
}

}  // namespace

std::string clean_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    std::size_t len = utf8_sequence_length(text, i, cp);
    if (len == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD: shows that something was there
      ++i;
      continue;
    }
    if (cp == '\r') {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else if (cp == '\t') {
      out += ' ';
    } else if (cp == '\n' || (cp >= 0x20 && cp != 0x7F && !(cp >= 0x80 && cp < 0xA0))) {
      out.append(text.substr(i, len));
    }
    i += len;
  }
  return out;
}

std::string format_date(std::string_view iso, const Strings& s) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0;
  bool has_date = iso.size() >= 10 && iso[4] == '-' && iso[7] == '-' && parse_number(iso.substr(0, 4), year) &&
                  parse_number(iso.substr(5, 2), month) && parse_number(iso.substr(8, 2), day) && month >= 1 &&
                  month <= 12 && day >= 1 && day <= 31;
  if (!has_date) return clean_text(iso);
  if (iso.size() == 10) return date_text(year, month, day, 0, 0, false, s);
  bool has_time = iso.size() >= 16 && (iso[10] == 'T' || iso[10] == ' ') && iso[13] == ':' &&
                  parse_number(iso.substr(11, 2), hour) && parse_number(iso.substr(14, 2), minute) && hour < 24 &&
                  minute < 60;
  if (!has_time) return clean_text(iso);
  return date_text(year, month, day, hour, minute, true, s);
}

std::string format_moment(Millis at, const Strings& s) {
  if (at <= 0) return s.get("not_recorded");
  const LocalTime local = danish_time(at);  // issue 14: the meeting's clock, not this computer's zone
  return date_text(local.year, local.month, local.day, local.hour, local.minute, true, s);
}

std::string person_name(const Board& board, const std::string& id, const Strings& s) {
  const Participant* p = board.find_participant(id);
  // issue 15: a next step may be owned by a safe adult who is not in the room.
  if (!p && board.safe_adults.count(id)) return clean_text(board.safe_adults.at(id).name);
  if (!p) return s.get("unknown_person");
  return clean_text(p->name.empty() ? id : p->name);
}

std::string people_names(const Board& board, const std::vector<std::string>& ids, const Strings& s) {
  if (ids.empty()) return s.get("nobody");
  std::string out;
  for (const std::string& id : ids) out += (out.empty() ? "" : ", ") + person_name(board, id, s);
  return out;
}

std::string role_text(ParticipantRole role, const Strings& s) { return s.get("role_" + std::string(name_of(role))); }

std::string category_text(Category category, const Strings& s) {
  return category == Category::None ? std::string() : s.get("category_" + std::string(name_of(category)));
}

std::string status_text(StepStatus status, const Strings& s) { return s.get("status_" + std::string(name_of(status))); }

std::string column_heading(Column column, const Strings& s) { return s.get("column_" + std::string(name_of(column))); }

Block note(std::string text) {
  Block b;
  b.kind = BlockKind::Note;
  b.text = std::move(text);
  return b;
}

Block paragraph(std::string text) {
  Block b;
  b.kind = BlockKind::Paragraph;
  b.text = std::move(text);
  return b;
}

Block card_item(const Card& card, const Strings& s) {
  Block b;
  b.kind = BlockKind::Item;
  b.text = clean_text(card.text);
  b.tag = category_text(card.category, s);
  if (card.professional_only) {
    b.flagged = true;
    b.tag = b.tag.empty() ? s.get("professional_only") : s.get("professional_only") + " · " + b.tag;
  }
  return b;
}

Block next_step_item(const Board& board, const Card& card, const Strings& s) {
  Block b = card_item(card, s);
  if (card.category == Category::NextStep) b.tag.clear();  // the section already says so
  if (card.professional_only) b.tag = s.get("professional_only");
  if (!card.carried_from.empty()) b.tag += (b.tag.empty() ? "" : " · ") + s.get("carried_from_last");
  b.fields.push_back({s.get("who"), people_names(board, card.step.owners, s)});
  std::string due = card.step.due.empty() ? s.get("no_due") : format_date(card.step.due, s);
  if (is_overdue(board, card)) due += " \u2014 " + s.get("overdue");  // issue 15: by the meeting's own date
  b.fields.push_back({s.get("due"), due});
  b.fields.push_back({s.get("status"), status_text(card.step.status, s)});
  return b;
}

}  // namespace tavle::exporting
