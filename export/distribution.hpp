// issue 14: informing everyone (docs/export.md, "Sending the plan"). The
// distribution list is built from the participants, present or not, with how to
// reach each: e-mail, else post, else nobody knows yet. "Send the plan" makes, for
// each recipient, what their role may see: the family and their network the family
// plan (never professional-only content); professionals the plan and the minutes.
// By e-mail as a draft file (.eml, RFC 5322, the PDFs attached) the facilitator
// opens in Outlook or Thunderbird and sends; by post as PDFs to print. No mail
// server is involved. The caller records who was sent it (ops::record_informed),
// so it syncs, is journaled and the minutes list it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "board/error.hpp"
#include "board/continuity.hpp"
#include "board/model.hpp"

namespace tavle {

enum class Channel { Email, Post, None };

struct Recipient {
  std::string participant_id;
  std::string name;
  ParticipantRole role = ParticipantRole::Professional;
  bool present = true;
  Channel channel = Channel::None;
  std::string reach;  // the e-mail address or the postal address
  // Why there is no usable way to reach them (e.g. an e-mail address that is not one).
  std::string problem;
};

// Everyone on the board who is not removed, except the facilitator who sends it,
// in the board's order: family first, then professionals.
std::vector<Recipient> distribution_list(const Board&);

// An e-mail address Tavle will put in a header: one plain local@domain, no spaces,
// quotes, angle brackets or control characters (so nothing can add a header).
bool usable_email(std::string_view address);

struct SendOptions {
  std::string folder;  // created (0700) when missing; its parent must exist
  std::string lang;    // "da" or "en"; empty = the meeting's language
  long long now_millis = 0;  // the Date header
  std::vector<ScalePoint> scale_history{};  // earlier meetings, for the chart (ExportOptions)
  std::map<std::string, std::string> theme_labels{};
};

struct SentFile {
  Recipient to;
  std::vector<std::string> paths;  // the .eml, or the PDFs to print
};

struct SendResult {
  std::vector<SentFile> sent;
  std::vector<Recipient> not_sent;  // no way to reach them
  std::optional<Error> error;       // `sent` still lists what was written before it
  bool ok() const { return !error; }
};

// Writes every recipient's draft or PDFs into options.folder through the one safe
// file writer (files/safe_file.hpp). On an error the files written so far stay, and
// the error names the file that failed.
SendResult send_plan(const Board&, const SendOptions&);

// [SECTION] the e-mail draft (export/mail_draft.cpp)
struct Attachment {
  std::string file_name;  // ASCII
  std::string bytes;
};
struct MailDraft {
  std::string from_name, from_address;  // the address may be empty: the mail program fills it in
  std::string to_name, to_address;
  std::string subject;
  std::string body;  // UTF-8 plain text, "\n" line ends
  long long date_millis = 0;
  std::string message_id;  // without <>; letters, digits, - . @
  std::vector<Attachment> attachments;
};
// RFC 5322 text with CRLF line ends, MIME multipart/mixed, the body and every
// attachment base64, non-ASCII names and subject as RFC 2047 encoded words, and
// "X-Unsent: 1" so Outlook opens it as a draft to send.
std::string make_mail_draft(const MailDraft&);

}  // namespace tavle
