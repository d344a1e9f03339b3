#include "net/desk.hpp"

#include "net/static_files.hpp"

namespace tavle::net {

using nlohmann::json;

json to_json(const std::vector<DeskFamily>& families) {
  json out = json::array();
  for (const DeskFamily& f : families) {
    json meetings = json::array();
    for (const DeskMeeting& m : f.meetings)
      meetings.push_back({{"id", m.id}, {"created", m.created}, {"starts_at", m.starts_at}, {"changes", m.changes}});
    out.push_back({{"id", f.id}, {"label", f.label}, {"next_meeting", f.next_meeting}, {"meetings", std::move(meetings)}});
  }
  return out;
}

json to_json(const DeskOpened& o) {
  return json{{"meeting", o.meeting_id},
              {"family", o.family_id},
              {"facilitator_key", o.facilitator_key},
              {"code", o.join_code},
              {"professional_code", o.professional_code}};
}

namespace {

constexpr std::size_t kMaxText = 1024;  // any one field of an answer

bool text_field(const json& object, const char* name, std::string& out, bool required = true) {
  const auto it = object.find(name);
  if (it == object.end()) return !required;
  if (!it->is_string() || it->get_ref<const std::string&>().size() > kMaxText) return false;
  out = it->get<std::string>();
  return true;
}

bool number_field(const json& object, const char* name, std::int64_t& out) {
  const auto it = object.find(name);
  if (it == object.end()) return true;
  if (!it->is_number_integer()) return false;
  out = it->get<std::int64_t>();
  return true;
}

Error malformed() { return Error{"invalid", "the server's answer is not one this app understands"}; }

}  // namespace

std::optional<Error> parse_families(const json& in, std::vector<DeskFamily>& out) {
  constexpr std::size_t kMaxFamilies = 100000, kMaxMeetings = 10000;
  if (!in.is_array() || in.size() > kMaxFamilies) return malformed();
  out.clear();
  for (const json& f : in) {
    DeskFamily family;
    if (!f.is_object() || !text_field(f, "id", family.id) || !text_field(f, "label", family.label) ||
        !text_field(f, "next_meeting", family.next_meeting, false))
      return malformed();
    const auto meetings = f.find("meetings");
    if (meetings != f.end()) {
      if (!meetings->is_array() || meetings->size() > kMaxMeetings) return malformed();
      for (const json& m : *meetings) {
        DeskMeeting meeting;
        std::int64_t changes = 0;
        if (!m.is_object() || !text_field(m, "id", meeting.id) || !text_field(m, "starts_at", meeting.starts_at, false) ||
            !number_field(m, "created", meeting.created) || !number_field(m, "changes", changes) || changes < 0)
          return malformed();
        meeting.changes = static_cast<std::uint64_t>(changes);
        family.meetings.push_back(std::move(meeting));
      }
    }
    out.push_back(std::move(family));
  }
  return std::nullopt;
}

std::optional<Error> parse_opened(const json& in, DeskOpened& out) {
  if (!in.is_object() || !text_field(in, "meeting", out.meeting_id) || !text_field(in, "family", out.family_id) ||
      !text_field(in, "facilitator_key", out.facilitator_key) || !text_field(in, "code", out.join_code) ||
      !text_field(in, "professional_code", out.professional_code) || !valid_meeting_id(out.meeting_id) ||
      out.facilitator_key.empty())
    return malformed();
  return std::nullopt;
}

}  // namespace tavle::net
