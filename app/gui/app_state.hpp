// Everything the app knows between frames. Drawing functions receive it and
// never keep state of their own (no statics in panels); the board itself lives
// in the Session and is only read here.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/gui/fonts.hpp"
#include "app/gui/layout_facts.hpp"
#include "app/gui/preferences.hpp"
#include "app/gui/qr_texture.hpp"
#include "app/gui/strings.hpp"
#include "strings/themes.hpp"  // issue 14
#include "app/gui/theme.hpp"
#include "board/continuity.hpp"
#include "net/desk.hpp"
#include "session/session.hpp"

namespace tavle::net {
class DiscoveryListener;  // meetings announced on the LAN (net/discovery.hpp)
class DeskClient;         // issue 18: a facilitator's requests to a server (net/desk_client.hpp)
}

namespace tavle::gui {

// The meeting this window takes part in (session/), by the names the panels use.
using session::AdmissionRequestView;
using session::ConnectionInfo;
using session::ConnectionState;
using session::FocusTarget;
using session::PresenceEntry;
using session::Session;

enum class Screen { Home, Board };

// What the window shows the room: the facilitator's full board, the projector's
// view (no professional-only cards, no chrome), or a family member's view.
enum class ViewMode { Board, Projection, Family };

struct Settings {
  ThemeKind theme = ThemeKind::Light;
  ViewMode mode = ViewMode::Board;
  bool touch = false;        // tablet mode: large hit targets
  float font_scale = 1.0f;   // Ctrl +/-
  float dpi_scale = 1.0f;    // the monitor's content scale
};

// The card being typed or edited in place.
struct CardDraft {
  bool active = false;
  std::string card_id;  // empty: a new card
  Column column = Column::WorkingWell;
  std::string text;
  bool focus_pending = false;  // give the text box keyboard focus next frame
  bool caret_to_end = false;   // once focused, start typing after the text
  bool professional_only = false;  // Ctrl+P while typing: the card is made hidden from the room
};

// The one text field being typed in (only one can have keyboard focus).
struct FieldDraft {
  std::string key;
  std::string text;
};

// issue 15: the child's words being written in (child_voice_panel.cpp).
struct VoiceDraft {
  std::string child;  // participant id
  std::string text;
  VoiceHow how = VoiceHow::SaidInMeeting;
  std::string heard_by, on, house;
};

// issue 15: the network panel's forms (network_panel.cpp).
struct NetworkDrafts {
  std::string name, relation, contact, commits;  // a safe adult
  std::string bottom_line;
  std::string who, phone, what;  // an acute contact
  int when = 0;                  // day, night, always
};

struct BoardUi {
  FieldDraft field_draft;
  Column focused_column = Column::WorkingWell;
  CardDraft draft;
  std::string selected_card;      // card whose details show in the card editor
  std::string scroll_to;          // card id to bring into view (follow requests)
  std::optional<Column> scroll_to_column;  // column to scroll to its top (follow requests)
  std::string side_tab;           // which side panel is open
  std::string open_tab;           // switch to this side panel next frame (once)
  std::string status;             // last refused op or saved file, shown in the top bar
  bool status_ok = false;         // the status confirms something (else it warns)
  std::uint64_t saved_revision = 0;  // the board's revision when its file was last read or saved
  std::string due_draft;          // due date being typed for due_draft_for
  std::string due_draft_for;
  std::map<std::string, std::string> suggestion_edits;  // suggestion id -> edited words
  bool export_open = false;
  std::string export_path;
  int export_format = 0;          // index into the export dialog's formats
  int export_kind = 0;            // plan or minutes
  // issue 15: the follow-up view (followup_view.cpp)
  bool followup_open = false;        // shown instead of the three columns
  std::string followup_decided_for;  // the meeting whose opening view was decided
  int followup_row = 0;              // the agreement the keys mark
  bool followup_scroll = false;      // bring the row into view (it moved by key)
  std::string followup_focus_why;    // card whose "why" box gets the keyboard next
  VoiceDraft voice_draft;
  NetworkDrafts network_drafts;
};

struct HomeUi {
  std::string open_path;
  std::string join_address;
  std::string join_code;
  std::string join_professional_code;  // optional: a professional comes in without waiting
  std::string join_fingerprint;  // the host's fingerprint (join information, or the LAN list): pinned
  std::string join_name;
  bool join_as_family = false;  // the join form's "who are you": professional or family
  std::string error;
  std::string lan_error;   // why meetings on the LAN cannot be found (shown instead of the list)
  std::string new_person;  // name typed in the participants panel
  ParticipantRole new_role = ParticipantRole::Professional;
  std::optional<int> retain_days_edit;  // issue 13: the settings' retention days while typed, kept when the field is left
};

// issue 18: the home screen's families on the municipality's `tavle server`
// (server_home.cpp). The password lives only while it is typed; the sign-in's
// token only in memory.
struct ServerUi {
  bool shown = false;         // the families tab shows the server's, not this computer's
  bool prefilled = false;     // the fields were filled from the preferences
  std::string address, fingerprint, account, password;
  std::string token;          // signed in: what each request carries
  std::string signed_in_as;
  std::vector<net::DeskFamily> families;
  std::string selected_family;
  std::string new_family_label;
  std::string error;
  std::shared_ptr<net::DeskClient> desk;
};

// Presenter mode (room_window.cpp): the room's projection on a second monitor,
// the facilitator's full view on the laptop. The top bar and F5 ask; the loop acts.
struct PresenterUi {
  std::vector<std::string> monitors;  // connected monitors' names, in the system's order
  int control_monitor = 0;            // the one holding the facilitator's window
  std::string room_monitor;           // where the room's window is; empty: closed
  std::string offered;                // a monitor just plugged in: offer to present on it
  std::string open_on;                // asked: open (or move) the room's window there
  bool close = false;                 // asked: close it
  bool can_present() const { return monitors.size() >= 2; }
};

// The room's window follows the facilitator's: the top card of each column and
// the selected card are scrolled into its view when they change.
struct RoomFollow {
  std::string column_top[3];     // the facilitator's window: first card seen in each column
  std::string shown_top[3];      // the room's window: what it last scrolled to
  std::string shown_selected;
};

// issue 14: what is being typed in the family plan panel (family_plan_panel.cpp)
struct PlanUi {
  std::string goal_text;
  std::string goal_how;
  std::vector<std::string> goal_for;  // participant ids ticked; none = the whole family
  std::string help_text;
  std::string help_actor;             // participant id, or "" (then help_org)
  std::string help_org;
  std::vector<std::string> help_for;
  std::string consent_by;             // participant id
  int consent_form = 0;               // 0 written, 1 oral
  std::string consent_at;             // YYYY-MM-DD
  std::string consent_covers;         // organisations, separated by commas
  std::string editing_person;         // participant whose details are open in the people panel
  std::vector<std::string> goal_themes;  // theme ids ticked for the next goal
  std::vector<std::string> help_themes;  // ... and for the next intervention
  std::string send_folder;            // where "Send the plan" writes the drafts and PDFs
  std::string send_status;            // what the last send did
};

class FileChooser;  // the desktop's file dialogs (file_dialog.hpp)

struct MeetingLibrary;  // stored families and meetings (meeting_library.hpp, with store/)

struct App {
  Screen screen = Screen::Home;
  Settings settings;
  Preferences preferences;       // remembered between runs (preferences.hpp)
  std::string preferences_path;  // empty: nothing is remembered
  std::string listen_address = "0.0.0.0";  // where meetings hosted here listen
  std::string key_file;  // issue 13: --key-file: the store's key in this file (empty: keyring, else config key file)
  Strings strings;
  std::string assets_dir;
  Fonts fonts;
  std::unique_ptr<Session> session;
  std::shared_ptr<MeetingLibrary> library;  // opened by the home screen
  std::shared_ptr<net::DiscoveryListener> lan_meetings;  // started by the home screen
  std::string discovery_address = "0.0.0.0";  // where it listens for announcements (tests: 127.0.0.1)
  int discovery_port = -1;                    // -1: the standard port (net::kDiscoveryPort)
  BoardUi board_ui;
  HomeUi home_ui;
  ServerUi server_ui;  // issue 18
  PlanUi plan_ui;  // issue 14
  std::vector<strings::PlanTheme> plan_themes;  // issue 14: the municipality's list (strings/themes.hpp)
  bool plan_themes_loaded = false;
  LayoutFacts layout;
  std::vector<ScalePoint> scale_history;  // earlier meetings of this family, oldest first
  // issue 15: the meeting this one continues, when known (the store, or `open --previous`):
  // the minutes show what changed since it.
  std::optional<Board> previous_meeting;
  QrTexture qr;
  PresenterUi presenter;
  std::shared_ptr<FileChooser> files;  // made when a file dialog is first asked for
  RoomFollow room_follow;
  bool drawing_room = false;  // this frame is the room's window: no drafts, no dialogs, no input
  bool quit_requested = false;
  bool asking_to_save = false;  // quitting with unsaved changes to a meeting file: ask first
  bool quit_confirmed = false;  // saved, or the user chose to leave the changes
  bool showing_shortcuts = false;  // F1: the list of keyboard shortcuts
  std::string pending_lang;  // switch language before the next frame
  std::uint64_t ids_made = 0;

  float scale() const { return settings.font_scale * settings.dpi_scale; }
  const Palette& colors() const {
    return palette(settings.mode == ViewMode::Projection ? ThemeKind::Projection : settings.theme);
  }
  bool projecting() const { return settings.mode != ViewMode::Board; }
  // The board as this window may show it (view_for hides what the audience may
  // not see); cached until the board's revision or the mode changes.
  const Board& visible_board();
  Audience audience() const;
  // Sends an op; a refusal is shown in the status line, never thrown.
  void send(Op op);
  // "Bring everyone to my view": the selected card, else the focused column.
  void bring_everyone_here();
  // Scrolls to where the facilitator asked everyone to look, if we follow.
  void follow(const FocusTarget&);
  // Ctrl+S: writes the meeting back to the file it came from, and says so.
  void save_to_file();
  // A meeting file with changes Ctrl+S has not written yet.
  bool has_unsaved_file() const;
  // Whether the window may close now; otherwise the save question is shown.
  bool may_quit();
  // Keeps the preferences for the next run (an error shows in the status line).
  void remember_preferences();
  // Display name of a participant id (the id itself if unknown).
  std::string name_of_participant(const std::string& id) const;
  const char* tr(const char* key) const { return strings(key); }

 private:
  struct ViewCache {
    Board view;
    const Board* source = nullptr;
    std::uint64_t revision = 0;
    std::optional<Audience> audience;
  };
  ViewCache caches_[2];  // the control window's, the room's: each keeps its own view
};

}  // namespace tavle::gui
