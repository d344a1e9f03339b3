#include "session/net_session.hpp"

#include "files/safe_file.hpp"
#include "board/apply.hpp"
#include "board/ops.hpp"
#include "net/security_log.hpp"
#include "net/tls.hpp"
#include "session/lan_address.hpp"
#include "session/outbox.hpp"
#include "store/data_dir.hpp"

namespace tavle::session {

NetSession::NetSession(net::JoinParams params, std::string shown_address, std::unique_ptr<net::Host> host,
                       bool claim_facilitator, OutboxPlace outbox)
    : wake_(std::make_shared<std::function<void()>>()), host_(std::move(host)), address_(std::move(shown_address)),
      join_code_(params.code), fingerprint_(host_ ? host_->fingerprint() : params.fingerprint), role_(params.role),
      claim_facilitator_(claim_facilitator), outbox_(std::move(outbox)) {
  auto wake = wake_;
  client_ = std::make_unique<net::Client>([wake] {
    if (*wake) (*wake)();
  });
  std::optional<Error> unreadable;
  if (auto kept = read_outbox(outbox_, &unreadable)) {
    for (const Op& op : kept->ops) kept_ids_.push_back(op.id);
    client_->resume(std::move(*kept));
  }
  if (unreadable) last_error_ = unreadable->message;
  if (!outbox_.problem.empty()) last_error_ = outbox_.problem;  // no key: nothing is kept on disk, and it says so
  client_->connect(std::move(params));
  view_ = client_->view();
  self_id_ = client_->participant_id();
}

NetSession::~NetSession() {
  client_->disconnect();
  keep_unsent();
  client_.reset();
  if (host_) host_->stop();
}

void NetSession::set_wake(std::function<void()> wake) { *wake_ = std::move(wake); }

std::optional<Error> NetSession::submit(Op op) {
  op.id = client_->next_op_id();
  if (op.author.empty()) op.author = self_id_;
  op.at = now_millis();
  // The client works out the inverse as it applies the op to its view: no copy here.
  Op inverse;
  if (auto e = client_->submit(op, &inverse)) return e;
  undo_.record(op, inverse);
  view_ = client_->view();
  keep_unsent();
  return std::nullopt;
}

std::optional<Error> NetSession::step_history(bool redo) {
  Board scratch = *client_->view();
  Op out;
  auto stamp = [this](Op& o) {
    o.id = client_->next_op_id();
    o.at = now_millis();
  };
  auto error = redo ? undo_.redo(scratch, stamp, out) : undo_.undo(scratch, stamp, out);
  if (error) return error;
  if (auto e = client_->submit(out)) return e;
  view_ = client_->view();
  keep_unsent();
  return std::nullopt;
}

// Written only when the set of unsent ops changed: while offline at meeting pace
// that is once per edit; when the host has answered everything the file goes.
void NetSession::keep_unsent() {
  if (outbox_.path.empty()) return;
  std::vector<std::string> ids = client_->unsent_op_ids();
  if (ids == kept_ids_) return;
  if (auto e = write_outbox(outbox_, client_->unsent_work())) {
    last_error_ = e->message;  // shown in the connection panel; tried again on the next change
    return;
  }
  kept_ids_ = std::move(ids);
}

std::optional<Error> NetSession::undo() { return step_history(false); }
std::optional<Error> NetSession::redo() { return step_history(true); }

ConnectionInfo NetSession::connection() const {
  const net::ConnectionStatus status = client_->status();
  ConnectionInfo info;
  info.local = false;
  info.state = status.state;
  info.unsent_ops = status.unsent;
  info.address = address_;
  // The facilitator's client hears the current codes (they change with "new code").
  const auto [code, professional_code] = client_->codes();
  info.join_code = code.empty() ? join_code_ : code;
  info.professional_code = professional_code;
  info.last_error = status.last_error.empty() ? last_error_ : status.last_error;
  info.last_error_code = status.last_error_code;
  info.waiting = status.waiting;
  info.code_guessing = code_guessing_;
  info.fingerprint = fingerprint_;
  info.hosting = host_ != nullptr;
  info.plain_family = host_ && host_->plain_family_allowed();
  // Joined elsewhere: over TLS (the app always is), so the host serves https too.
  info.tablets_https = host_ ? host_->tablets_use_https() : true;
  return info;
}

void NetSession::allow_plain_family(bool allow) {
  if (host_) host_->allow_plain_family(allow);
}

std::vector<AdmissionRequestView> NetSession::admission_requests() const {
  std::vector<AdmissionRequestView> out;
  for (const net::AdmissionRequest& r : client_->admission_requests())
    out.push_back({r.request_id, r.name, std::string(net::name_of(r.role)), r.address, r.participant_id});
  return out;
}

void NetSession::answer_admission(std::uint64_t request_id, const std::string& as, const std::string& participant_id) {
  if (as.empty()) return client_->refuse(request_id);
  if (auto role = net::role_from(as)) client_->admit(request_id, *role, participant_id);
}

void NetSession::remove_connection(std::uint64_t connection, bool participant) { client_->remove(connection, participant); }

void NetSession::new_code() { client_->new_code(); }

std::vector<PresenceEntry> NetSession::presence() const { return client_->presence(); }

void NetSession::set_editing(const std::string& card_id) {
  if (card_id == editing_) return;
  editing_ = card_id;
  client_->set_editing(card_id);
}

void NetSession::bring_everyone_to(const FocusTarget& focus) {
  if (can_bring_everyone()) client_->bring_everyone_to(focus.card_id, focus.column);
}

std::optional<FocusTarget> NetSession::take_follow_request() {
  std::optional<FocusTarget> out;
  out.swap(follow_request_);
  return out;
}

void NetSession::on_event(const net::ClientEvent& event) {
  using Kind = net::ClientEvent::Kind;
  if (event.kind == Kind::Rejected) undo_.forget(event.op_id);
  if (event.kind == Kind::Rejected || event.kind == Kind::Error) last_error_ = event.message;
  if (event.kind == Kind::Security && event.code == "code_guessing") code_guessing_ = true;
  if (event.kind == Kind::Focus)
    if (auto column = column_from(event.column)) follow_request_ = FocusTarget{event.card_id, *column};
  if (event.kind == Kind::Joined && claim_facilitator_) {
    // Once per session: after that the facilitator may hand the role to someone else.
    claim_facilitator_ = false;
    if (view_->meeting.facilitator == self_id_) return;
    if (auto e = submit(ops::set_meeting_field(ops::MeetingText::Facilitator, self_id_))) last_error_ = e->message;
  }
}

bool NetSession::poll() {
  bool changed = false;
  for (const net::ClientEvent& event : client_->take_events()) {
    changed = true;
    view_ = client_->view();
    self_id_ = client_->participant_id();
    on_event(event);
  }
  auto view = client_->view();
  if (view != view_) changed = true;
  view_ = std::move(view);
  self_id_ = client_->participant_id();
  if (changed) keep_unsent();
  return changed;
}

std::optional<Error> NetSession::save_to(const std::string& path) const { return write_board_file(path, *view_); }

std::optional<Error> host_meeting(HostedMeeting meeting, unsigned short port, const std::string& join_code, const std::string& web_root,
                                  std::unique_ptr<Session>& out) {
  net::HostConfig& config = meeting.setup.config;
  config.port = port;
  config.address = meeting.listen_address;
  config.web_root = web_root;
  config.meeting.join_code = join_code;
  config.meeting.professional_code = meeting.professional_code;
  config.meeting.security_log = net::stderr_security_log();  // docs/security.md, "Security log"
  const Board& board = meeting.setup.board;
  const Participant* person = board.find_participant(board.meeting.facilitator);
  const bool same_person = person && (meeting.facilitator_name.empty() || person->name == meeting.facilitator_name);
  if (!same_person && meeting.facilitator_name.empty())
    return Error{"invalid", "the meeting has no facilitator yet: give the facilitator's name"};
  const std::string name = same_person ? person->name : meeting.facilitator_name;
  const std::string participant_id = same_person ? person->id : "";  // before the board moves into the host
  config.announce.name = name;  // announced on the LAN (never the code or the family: docs/protocol.md)
  // HTTPS and WSS with this installation's own certificate, made once (docs/protocol.md, "Encryption").
  net::TlsIdentity identity;
  bool made = false;
  const std::string data_dir = store::data_directory(std::nullopt);
  if (data_dir.empty()) return Error{"no_data_dir", "no place to keep the meeting's certificate: neither XDG_DATA_HOME nor HOME is set"};
  if (auto e = net::own_tls_identity(data_dir, identity, made)) return e;
  config.tls = std::move(identity);
  config.plain = meeting.allow_plain_family ? net::PlainConnections::FamilyView : net::PlainConnections::Redirected;
  std::unique_ptr<net::Host> host;
  if (auto e = start_host(std::move(meeting.setup), host)) return e;
  net::JoinParams params;
  params.host = "127.0.0.1";
  params.port = host->port();
  params.code = host->join_code();
  params.name = name;
  params.role = net::Role::Facilitator;
  params.client_id = "app-" + std::to_string(now_millis() % 1000000000);
  params.facilitator_key = host->facilitator_key();
  params.fingerprint = host->fingerprint();  // even to itself, the app checks whom it talks to
  params.participant_id = participant_id;
  const std::string shown = lan_address() + ":" + std::to_string(host->port());
  out = std::make_unique<NetSession>(std::move(params), shown, std::move(host), !same_person);
  return std::nullopt;
}

}  // namespace tavle::session
