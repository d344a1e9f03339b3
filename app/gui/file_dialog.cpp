#include "app/gui/file_dialog.hpp"

#include <gtk/gtk.h>
#include <libportal/portal.h>

#include <cstdlib>
#include <utility>

// [SECTION] which dialog   [SECTION] the portal   [SECTION] GTK   [SECTION] both
namespace tavle::gui {
namespace {

// [SECTION] which dialog

// Whether org.freedesktop.portal.Desktop runs (or can be started) on the session bus.
bool portal_available() {
  GError* error = nullptr;
  GDBusConnection* bus = g_bus_get_sync(G_BUS_TYPE_SESSION, nullptr, &error);
  if (!bus) {
    g_clear_error(&error);
    return false;
  }
  auto ask_bus = [&](const char* method, GVariant* args, const char* type) {
    return g_dbus_connection_call_sync(bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", method, args,
                                       G_VARIANT_TYPE(type), G_DBUS_CALL_FLAGS_NONE, 2000, nullptr, nullptr);
  };
  bool found = false;
  if (GVariant* owned = ask_bus("NameHasOwner", g_variant_new("(s)", "org.freedesktop.portal.Desktop"), "(b)")) {
    gboolean yes = FALSE;
    g_variant_get(owned, "(b)", &yes);
    found = yes;
    g_variant_unref(owned);
  }
  if (!found)
    if (GVariant* names = ask_bus("ListActivatableNames", nullptr, "(as)")) {
      GVariantIter* iter = nullptr;
      const char* name = nullptr;
      g_variant_get(names, "(as)", &iter);
      while (g_variant_iter_loop(iter, "&s", &name)) found = found || g_strcmp0(name, "org.freedesktop.portal.Desktop") == 0;
      g_variant_iter_free(iter);
      g_variant_unref(names);
    }
  g_object_unref(bus);
  return found;
}

// [SECTION] the portal

class PortalChooser : public FileChooser {
 public:
  PortalChooser() : portal_(xdp_portal_new()) {}
  ~PortalChooser() override {
    g_cancellable_cancel(cancel_);
    while (waiting_ && g_main_context_iteration(nullptr, FALSE)) {
    }
    g_object_unref(cancel_);
    g_object_unref(portal_);
  }

  std::optional<Error> ask(const FileDialogRequest& request) override {
    if (waiting_) return Error{"busy", "a file dialog is already open"};
    kind_ = request.kind;
    GVariant* filters = nullptr;
    if (!request.pattern.empty())
      filters = g_variant_ref_sink(g_variant_new_parsed("[(%s, [(uint32 0, %s)])]", request.filter_name.c_str(), request.pattern.c_str()));
    waiting_ = true;
    if (request.kind == FileDialogKind::OpenMeeting) {
      xdp_portal_open_file(portal_, nullptr, request.title.c_str(), filters, nullptr, nullptr, XDP_OPEN_FILE_FLAG_NONE, cancel_,
                           &PortalChooser::opened, this);
    } else {
      xdp_portal_save_file(portal_, nullptr, request.title.c_str(), request.suggested_name.c_str(),
                           request.folder.empty() ? nullptr : request.folder.c_str(), nullptr, filters, nullptr, nullptr,
                           XDP_SAVE_FILE_FLAG_NONE, cancel_, &PortalChooser::saved, this);
    }
    if (filters) g_variant_unref(filters);
    return std::nullopt;
  }

  std::optional<FileDialogAnswer> poll() override {
    while (g_main_context_iteration(nullptr, FALSE)) {
    }
    return std::exchange(answer_, std::nullopt);
  }
  bool waiting() const override { return waiting_; }

 private:
  static void opened(GObject* source, GAsyncResult* result, gpointer self) {
    GError* error = nullptr;
    GVariant* results = xdp_portal_open_file_finish(XDP_PORTAL(source), result, &error);
    static_cast<PortalChooser*>(self)->finish(results, error);
  }
  static void saved(GObject* source, GAsyncResult* result, gpointer self) {
    GError* error = nullptr;
    GVariant* results = xdp_portal_save_file_finish(XDP_PORTAL(source), result, &error);
    static_cast<PortalChooser*>(self)->finish(results, error);
  }
  // The portal answers {"uris": ["file:///..."]}; a cancelled dialog is an error
  // G_IO_ERROR_CANCELLED, which is no error to the person who cancelled.
  void finish(GVariant* results, GError* error) {
    waiting_ = false;
    FileDialogAnswer answer;
    answer.kind = kind_;
    if (error && !g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) answer.error = error->message;
    if (results) {
      const char** uris = nullptr;
      if (g_variant_lookup(results, "uris", "^a&s", &uris) && uris && uris[0]) answer.path = path_from_file_uri(uris[0]);
      g_free(uris);
      g_variant_unref(results);
    }
    g_clear_error(&error);
    answer_ = std::move(answer);
  }

  XdpPortal* portal_;
  GCancellable* cancel_ = g_cancellable_new();
  bool waiting_ = false;
  FileDialogKind kind_ = FileDialogKind::OpenMeeting;
  std::optional<FileDialogAnswer> answer_;
};

// [SECTION] GTK

class GtkChooser : public FileChooser {
 public:
  ~GtkChooser() override {
    if (dialog_) gtk_widget_destroy(dialog_);
  }

  std::optional<Error> ask(const FileDialogRequest& request) override {
    if (dialog_) return Error{"busy", "a file dialog is already open"};
    static bool ready = [] {
      gtk_disable_setlocale();  // the app's number formats stay as they are
      return gtk_init_check(nullptr, nullptr) == TRUE;
    }();
    if (!ready) return Error{"no_dialog", "cannot show a file dialog (GTK cannot open the display)"};
    kind_ = request.kind;
    const bool open = request.kind == FileDialogKind::OpenMeeting;
    dialog_ = gtk_file_chooser_dialog_new(request.title.c_str(), nullptr,
                                          open ? GTK_FILE_CHOOSER_ACTION_OPEN : GTK_FILE_CHOOSER_ACTION_SAVE, "_Cancel",
                                          GTK_RESPONSE_CANCEL, open ? "_Open" : "_Save", GTK_RESPONSE_ACCEPT, nullptr);
    GtkFileChooser* chooser = GTK_FILE_CHOOSER(dialog_);
    if (!request.folder.empty()) gtk_file_chooser_set_current_folder(chooser, request.folder.c_str());
    if (!open) {
      gtk_file_chooser_set_do_overwrite_confirmation(chooser, TRUE);
      if (!request.suggested_name.empty()) gtk_file_chooser_set_current_name(chooser, request.suggested_name.c_str());
    }
    if (!request.pattern.empty()) {
      GtkFileFilter* filter = gtk_file_filter_new();
      gtk_file_filter_set_name(filter, request.filter_name.c_str());
      gtk_file_filter_add_pattern(filter, request.pattern.c_str());
      gtk_file_chooser_add_filter(chooser, filter);
    }
    g_signal_connect(dialog_, "response", G_CALLBACK(&GtkChooser::responded), this);
    gtk_widget_show(dialog_);
    return std::nullopt;
  }

  std::optional<FileDialogAnswer> poll() override {
    while (g_main_context_iteration(nullptr, FALSE)) {
    }
    return std::exchange(answer_, std::nullopt);
  }
  bool waiting() const override { return dialog_ != nullptr; }

 private:
  static void responded(GtkDialog* dialog, gint response, gpointer data) {
    auto* self = static_cast<GtkChooser*>(data);
    FileDialogAnswer answer;
    answer.kind = self->kind_;
    if (response == GTK_RESPONSE_ACCEPT)
      if (char* file = gtk_file_chooser_get_filename(GTK_FILE_CHOOSER(dialog))) {
        answer.path = file;
        g_free(file);
      }
    gtk_widget_destroy(GTK_WIDGET(dialog));
    self->dialog_ = nullptr;
    self->answer_ = std::move(answer);
  }

  GtkWidget* dialog_ = nullptr;
  FileDialogKind kind_ = FileDialogKind::OpenMeeting;
  std::optional<FileDialogAnswer> answer_;
};

// [SECTION] both

// The portal when one runs; GTK when none does, or when the portal could not show
// its dialog (a portal without a file chooser backend).
class DesktopChooser : public FileChooser {
 public:
  std::optional<Error> ask(const FileDialogRequest& request) override {
    if (waiting()) return Error{"busy", "a file dialog is already open"};
    last_ = request;
    if (portal_available()) {
      if (!portal_) portal_ = std::make_unique<PortalChooser>();
      return portal_->ask(request);
    }
    return gtk_.ask(request);
  }
  std::optional<FileDialogAnswer> poll() override {
    if (portal_)
      if (auto answer = portal_->poll()) {
        if (answer->error.empty()) return answer;
        if (gtk_.ask(last_)) return answer;  // neither could show it: say why
        return std::nullopt;
      }
    return gtk_.poll();
  }
  bool waiting() const override { return (portal_ && portal_->waiting()) || gtk_.waiting(); }

 private:
  std::unique_ptr<PortalChooser> portal_;
  GtkChooser gtk_;
  FileDialogRequest last_;
};

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::unique_ptr<FileChooser> make_desktop_file_chooser() { return std::make_unique<DesktopChooser>(); }

std::optional<std::string> path_from_file_uri(const std::string& uri) {
  const std::string scheme = "file://";
  if (uri.rfind(scheme, 0) != 0) return std::nullopt;
  std::string rest = uri.substr(scheme.size());
  if (rest.rfind("localhost/", 0) == 0) rest = rest.substr(9);
  if (rest.empty() || rest[0] != '/') return std::nullopt;  // file://otherhost/... is not this computer's
  std::string out;
  for (std::size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '%' && i + 2 < rest.size() && hex(rest[i + 1]) >= 0 && hex(rest[i + 2]) >= 0) {
      out += static_cast<char>(hex(rest[i + 1]) * 16 + hex(rest[i + 2]));
      i += 2;
    } else {
      out += rest[i];
    }
  }
  if (out.find('\0') != std::string::npos) return std::nullopt;
  return out;
}

}  // namespace tavle::gui
