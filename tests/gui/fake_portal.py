#!/usr/bin/env python3
"""A stand-in for xdg-desktop-portal's FileChooser on a private session bus.

The GUI tests run it to answer the app's file dialog the way a desktop would:
every OpenFile/SaveFile request is written to LOG as one JSON line, and answered
after a moment with the path written in ANSWER (as a file:// URI, the portal's
form), or cancelled when ANSWER is empty. READY is created once the name is owned.

usage: fake_portal.py ANSWER LOG READY
"""
import json
import sys
import urllib.parse

import dbus
import dbus.lowlevel
import dbus.mainloop.glib
import dbus.service
from gi.repository import GLib

ANSWER, LOG, READY = sys.argv[1:4]
REQUEST_IFACE = "org.freedesktop.portal.Request"
CHOOSER_IFACE = "org.freedesktop.portal.FileChooser"


def respond(connection, sender, path, code, results):
    """Response goes to the caller alone, as xdg-desktop-portal sends it:
    libportal listens without a match rule, so a broadcast would never arrive."""
    message = dbus.lowlevel.SignalMessage(path, REQUEST_IFACE, "Response")
    message.set_destination(sender)
    message.append(dbus.UInt32(code), dbus.Dictionary(results, signature="sv"), signature="ua{sv}")
    connection.send_message(message)


def plain(value):
    """Options as JSON: byte arrays (current_folder) as text."""
    if isinstance(value, dbus.Array) and value.signature == "y":
        return bytes(value).rstrip(b"\0").decode("utf-8", "replace")
    if isinstance(value, (dbus.Array, list, tuple, dbus.Struct)):
        return [plain(v) for v in value]
    if isinstance(value, dbus.Dictionary):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (dbus.String, dbus.ObjectPath)):
        return str(value)
    if isinstance(value, (dbus.Boolean,)):
        return bool(value)
    if isinstance(value, (dbus.Int32, dbus.UInt32, dbus.Int64, dbus.UInt64, dbus.Byte)):
        return int(value)
    return str(value)


class FileChooser(dbus.service.Object):
    def answer(self, method, title, options, sender):
        token = str(options.get("handle_token", "t"))
        path = "/org/freedesktop/portal/desktop/request/%s/%s" % (sender[1:].replace(".", "_"), token)
        with open(LOG, "a") as log:
            log.write(json.dumps({"method": method, "title": str(title), "options": plain(options)}) + "\n")
        with open(ANSWER) as f:
            chosen = f.read().strip()

        def answer_later():
            if chosen:  # 0: chosen; 1: cancelled by the person
                uri = "file://" + urllib.parse.quote(chosen)
                respond(self.connection, sender, path, 0, {"uris": dbus.Array([uri], signature="s")})
            else:
                respond(self.connection, sender, path, 1, {})
            return False

        GLib.timeout_add(200, answer_later)
        return dbus.ObjectPath(path)

    @dbus.service.method(CHOOSER_IFACE, in_signature="ssa{sv}", out_signature="o", sender_keyword="sender")
    def OpenFile(self, parent, title, options, sender=None):
        return self.answer("OpenFile", title, options, sender)

    @dbus.service.method(CHOOSER_IFACE, in_signature="ssa{sv}", out_signature="o", sender_keyword="sender")
    def SaveFile(self, parent, title, options, sender=None):
        return self.answer("SaveFile", title, options, sender)

    @dbus.service.method(dbus.PROPERTIES_IFACE, in_signature="ss", out_signature="v")
    def Get(self, interface, name):
        return dbus.UInt32(3)

    @dbus.service.method(dbus.PROPERTIES_IFACE, in_signature="s", out_signature="a{sv}")
    def GetAll(self, interface):
        return {"version": dbus.UInt32(3)}


def main():
    dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
    bus = dbus.SessionBus()
    name = dbus.service.BusName("org.freedesktop.portal.Desktop", bus)
    FileChooser(bus, "/org/freedesktop/portal/desktop")
    open(READY, "w").close()
    GLib.MainLoop().run()
    del name


if __name__ == "__main__":
    main()
