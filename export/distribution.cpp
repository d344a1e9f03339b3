// issue 14: the distribution list and "Send the plan" (see export/distribution.hpp).
// [SECTION] the list · file names · the mail's words · sending
#include "export/distribution.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "export/document_parts.hpp"
#include "export/export.hpp"
#include "export/strings.hpp"
#include "files/safe_file.hpp"

namespace tavle {
namespace {

using exporting::Strings;

// ---------------------------------------------------------------------------
// [SECTION] the list
// ---------------------------------------------------------------------------

bool is_family(ParticipantRole role) { return role != ParticipantRole::Professional; }

Recipient recipient_for(const Participant& p) {
  Recipient r{p.id, p.name, p.role, p.present, Channel::None, "", ""};
  if (!p.email.empty()) {
    if (usable_email(p.email)) {
      r.channel = Channel::Email;
      r.reach = p.email;
      return r;
    }
    r.problem = "email_unusable";
  }
  if (!p.address.empty()) {
    r.channel = Channel::Post;
    r.reach = p.address;
    return r;
  }
  if (r.problem.empty()) r.problem = "no_contact";
  return r;
}

// ---------------------------------------------------------------------------
// [SECTION] file names
// ---------------------------------------------------------------------------

// "03-anne-holm": a number that keeps the list's order, and the name in plain ASCII
// (æ ø å spelled out) so every mail program and file system takes it.
std::string file_stem(std::size_t number, const std::string& name) {
  std::string slug;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(name[i]);
    const std::string_view rest(name.data() + i, name.size() - i);
    auto spelled = [&](std::string_view utf8, const char* ascii) {
      if (rest.rfind(utf8, 0) != 0) return false;
      slug += ascii;
      i += utf8.size() - 1;
      return true;
    };
    if (std::isalnum(c) && c < 0x80) {
      slug += static_cast<char>(std::tolower(c));
    } else if (spelled("æ", "ae") || spelled("Æ", "ae") || spelled("ø", "oe") || spelled("Ø", "oe") ||
               spelled("å", "aa") || spelled("Å", "aa") || spelled("é", "e") || spelled("ü", "u") ||
               spelled("ö", "o") || spelled("ä", "a")) {
    } else if (!slug.empty() && slug.back() != '-') {
      slug += '-';
    }
    if (slug.size() >= 40) break;
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  char number_text[8];
  std::snprintf(number_text, sizeof number_text, "%02zu", number);
  return std::string(number_text) + (slug.empty() ? "" : "-" + slug);
}

// ---------------------------------------------------------------------------
// [SECTION] the mail's words
// ---------------------------------------------------------------------------

std::string contact_line(const Board& board, const Strings& s) {
  const Participant* c = board.find_participant(board.meeting.coordinator);
  if (!c || c->removed) return "";
  std::string who = exporting::clean_text(c->name);
  if (!c->organisation.empty()) who += " (" + exporting::clean_text(c->organisation) + ")";
  for (const std::string* reach : {&c->phone, &c->email})
    if (!reach->empty()) who += ", " + exporting::clean_text(*reach);
  return s.fill("mail_contact", {{"who", who}});
}

std::string mail_body(const Board& board, const Recipient& to, const Strings& s) {
  const Meeting& m = board.meeting;
  const std::string date = exporting::format_date(m.starts_at, s);
  std::string body = s.fill("mail_greeting", {{"name", exporting::clean_text(to.name)}}) + "\n\n";
  body += s.fill(is_family(to.role) ? "mail_body_family" : "mail_body_professional", {{"date", date}}) + "\n\n";
  if (!m.next_meeting.empty()) body += s.fill("mail_next", {{"when", exporting::format_date(m.next_meeting, s)}}) + "\n";
  if (const std::string contact = contact_line(board, s); !contact.empty()) body += contact + "\n";
  body += "\n" + s.get("mail_regards") + "\n" + exporting::person_name(board, m.facilitator, s) + "\n";
  return body;
}

// ---------------------------------------------------------------------------
// [SECTION] sending
// ---------------------------------------------------------------------------

std::optional<Error> make_folder(const std::string& folder) {
  struct stat st {};
  if (::stat(folder.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode)) return Error{"io", folder + ": not a folder"};
    return std::nullopt;
  }
  if (::mkdir(folder.c_str(), 0700) != 0) return Error{"io", folder + ": " + std::strerror(errno)};
  return std::nullopt;
}

}  // namespace

bool usable_email(std::string_view a) {
  const std::size_t at = a.find('@');
  if (a.empty() || a.size() > 254 || at == 0 || at == std::string_view::npos || at + 1 >= a.size() ||
      a.find('@', at + 1) != std::string_view::npos)
    return false;
  for (unsigned char c : a)
    if (c <= 0x20 || c >= 0x7F || c == '<' || c == '>' || c == '"' || c == '(' || c == ')' || c == ',' ||
        c == ';' || c == ':' || c == '\\' || c == '[' || c == ']')
      return false;
  const std::string_view domain = a.substr(at + 1);
  return domain.find('.') != std::string_view::npos && domain.front() != '.' && domain.back() != '.';
}

std::vector<Recipient> distribution_list(const Board& board) {
  std::vector<Recipient> out;
  for (const auto& [id, p] : board.participants)
    if (!p.removed && id != board.meeting.facilitator) out.push_back(recipient_for(p));
  std::stable_sort(out.begin(), out.end(), [](const Recipient& a, const Recipient& b) {
    return is_family(a.role) != is_family(b.role) ? is_family(a.role) : a.role < b.role;
  });
  return out;
}

SendResult send_plan(const Board& board, const SendOptions& options) {
  SendResult result;
  const std::string lang = !options.lang.empty() ? options.lang : board.meeting.language == "en" ? "en" : "da";
  Strings s;
  if (auto e = Strings::load(lang, s)) return result.error = e, result;
  // What each role may see: the plan is rendered for the family (export_meeting leaves
  // professional-only content out of it); the minutes, for professionals only.
  ExportResult plan = export_meeting(
      board, nullptr, {ExportFormat::Pdf, ExportKind::Plan, lang, options.scale_history, options.theme_labels});
  if (!plan.ok()) return result.error = plan.error, result;
  ExportResult minutes = export_meeting(
      board, nullptr, {ExportFormat::Pdf, ExportKind::Minutes, lang, options.scale_history, options.theme_labels});
  if (!minutes.ok()) return result.error = minutes.error, result;
  if (auto e = make_folder(options.folder)) return result.error = e, result;

  const Participant* from = board.find_participant(board.meeting.facilitator);
  const std::string subject = s.fill("mail_subject", {{"family", exporting::clean_text(board.meeting.family_label)},
                                                      {"date", exporting::format_date(board.meeting.starts_at, s)}});
  std::size_t number = 0;
  for (const Recipient& to : distribution_list(board)) {
    ++number;
    if (to.channel == Channel::None) {
      result.not_sent.push_back(to);
      continue;
    }
    std::vector<Attachment> files{{s.get("file_plan"), plan.bytes}};
    if (!is_family(to.role)) files.push_back({s.get("file_minutes"), minutes.bytes});
    const std::string stem = options.folder + "/" + file_stem(number, to.name);
    SentFile sent{to, {}};
    if (to.channel == Channel::Email) {
      MailDraft d;
      d.from_name = from ? from->name : "";
      d.from_address = from ? from->email : "";
      d.to_name = to.name;
      d.to_address = to.reach;
      d.subject = subject;
      d.body = mail_body(board, to, s);
      d.date_millis = options.now_millis;
      d.message_id = "tavle-" + board.meeting.id + "-" + to.participant_id + "-" + std::to_string(options.now_millis) +
                     "@tavle.invalid";
      d.attachments = std::move(files);
      sent.paths.push_back(stem + ".eml");
      if (auto e = files::write_file_safely(sent.paths.back(), make_mail_draft(d))) return result.error = e, result;
    } else {
      for (const Attachment& a : files) {
        sent.paths.push_back(stem + "-" + a.file_name);
        if (auto e = files::write_file_safely(sent.paths.back(), a.bytes)) return result.error = e, result;
      }
    }
    result.sent.push_back(std::move(sent));
  }
  return result;
}

}  // namespace tavle
