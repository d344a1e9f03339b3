// issue 14: an e-mail draft file (.eml) per RFC 5322 and MIME (RFC 2045-2047):
// what Outlook and Thunderbird open as a message to send. Every line ends in CRLF
// and stays under 78 characters; everything a person typed reaches a header only
// as an encoded word or a checked address, so no text can add a header.
// [SECTION] encoding · headers · the draft
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>

#include "export/distribution.hpp"
#include "export/local_time.hpp"

namespace tavle {
namespace {

// ---------------------------------------------------------------------------
// [SECTION] encoding
// ---------------------------------------------------------------------------

std::string base64(std::string_view in) {
  static constexpr char kDigits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned n = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                       static_cast<unsigned char>(in[i + 2]);
    out += {kDigits[n >> 18], kDigits[(n >> 12) & 63], kDigits[(n >> 6) & 63], kDigits[n & 63]};
  }
  if (i + 1 == in.size()) {
    const unsigned n = static_cast<unsigned char>(in[i]) << 16;
    out += {kDigits[n >> 18], kDigits[(n >> 12) & 63], '=', '='};
  } else if (i + 2 == in.size()) {
    const unsigned n = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
    out += {kDigits[n >> 18], kDigits[(n >> 12) & 63], kDigits[(n >> 6) & 63], '='};
  }
  return out;
}

// Base64 in lines of 76 characters (RFC 2045), each ended by CRLF.
std::string base64_lines(std::string_view in) {
  const std::string all = base64(in);
  std::string out;
  for (std::size_t i = 0; i < all.size(); i += 76) out += all.substr(i, 76) + "\r\n";
  return out;
}

bool plain_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 || c > 0x7E) return false;
  return true;
}

// A header text as RFC 2047 encoded words ("=?UTF-8?B?...?="), each under 76
// characters and cut between whole UTF-8 characters, folded onto continuation lines.
// Control characters (a line break someone typed) become spaces first.
std::string encoded_words(std::string_view text) {
  std::string clean;
  for (unsigned char c : text) clean += (c < 0x20 || c == 0x7F) ? ' ' : static_cast<char>(c);
  if (plain_ascii(clean) && clean.size() <= 60 && clean.find("=?") == std::string::npos) return clean;
  std::string out;
  std::size_t i = 0;
  while (i < clean.size()) {
    std::size_t end = std::min(clean.size(), i + 42);
    while (end < clean.size() && end > i && (static_cast<unsigned char>(clean[end]) & 0xC0) == 0x80) --end;
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64(std::string_view(clean).substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

// ---------------------------------------------------------------------------
// [SECTION] headers
// ---------------------------------------------------------------------------

std::string mailbox(const std::string& name, const std::string& address) {
  if (address.empty()) return encoded_words(name);
  if (name.empty()) return "<" + address + ">";
  std::string shown = encoded_words(name);
  // A plain name with specials (",", ".", "(" ...) goes in quotes; an encoded word never has them.
  if (shown.rfind("=?", 0) != 0) {
    std::string quoted = "\"";
    for (char c : shown) {
      if (c == '"' || c == '\\') quoted += '\\';
      quoted += c;
    }
    shown = quoted + "\"";
  }
  return shown + " <" + address + ">";
}

std::string date_header(long long millis) {
  static constexpr std::array<const char*, 7> kDays{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const exporting::LocalTime t = exporting::danish_time(millis);
  char text[64];
  std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d +%02d%02d", kDays[t.weekday], t.day,
                kMonths[t.month - 1], t.year, t.hour, t.minute, t.second, t.utc_offset_minutes / 60,
                t.utc_offset_minutes % 60);
  return text;
}

std::string safe_token(const std::string& s) {
  std::string out;
  for (char c : s)
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '@' || c == '_') out += c;
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------
// [SECTION] the draft
// ---------------------------------------------------------------------------

std::string make_mail_draft(const MailDraft& d) {
  // A boundary that cannot occur in base64 text (it has "=_", which base64 never has).
  std::string boundary = "=_tavle_" + safe_token(d.message_id);
  std::replace(boundary.begin(), boundary.end(), '@', '.');  // "@" is not allowed in a boundary (RFC 2046)
  std::string out;
  out += "From: " + mailbox(d.from_name, usable_email(d.from_address) ? d.from_address : "") + "\r\n";
  out += "To: " + mailbox(d.to_name, usable_email(d.to_address) ? d.to_address : "") + "\r\n";
  out += "Subject: " + encoded_words(d.subject) + "\r\n";
  out += "Date: " + date_header(d.date_millis) + "\r\n";
  out += "Message-ID: <" + safe_token(d.message_id) + ">\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "X-Unsent: 1\r\n";  // Outlook: open as a draft to send, not as a received message
  out += "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n";
  out += "\r\n";
  out += "This is a message in MIME format.\r\n";
  std::string body;
  for (char c : d.body) body += c == '\n' ? std::string("\r\n") : std::string(1, c);
  out += "--" + boundary + "\r\n";
  out += "Content-Type: text/plain; charset=UTF-8\r\n";
  out += "Content-Transfer-Encoding: base64\r\n\r\n";
  out += base64_lines(body);
  for (const Attachment& a : d.attachments) {
    const std::string name = safe_token(a.file_name);
    out += "--" + boundary + "\r\n";
    out += "Content-Type: application/pdf; name=\"" + name + "\"\r\n";
    out += "Content-Disposition: attachment; filename=\"" + name + "\"\r\n";
    out += "Content-Transfer-Encoding: base64\r\n\r\n";
    out += base64_lines(a.bytes);
  }
  out += "--" + boundary + "--\r\n";
  return out;
}

}  // namespace tavle
