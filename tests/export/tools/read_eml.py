#!/usr/bin/env python3
"""Reads an e-mail draft with Python's standard mail parser (the `email` package)
and prints what a mail program would see, as JSON: headers, the plain-text body
and each attachment (written into the folder given as the second argument)."""
import email
import json
import os
import sys
from email import policy

with open(sys.argv[1], "rb") as f:
    message = email.message_from_binary_file(f, policy=policy.default)
out = {
    "defects": [type(d).__name__ for d in message.defects],
    "content_type": message.get_content_type(),
    "header_names": [k.lower() for k in message.keys()],
    "from": str(message["From"]),
    "to": str(message["To"]),
    "subject": str(message["Subject"]),
    "date": str(message["Date"]),
    "unsent": str(message["X-Unsent"]),
    "attachments": [],
}
body = message.get_body(preferencelist=("plain",))
out["body"] = body.get_content() if body is not None else None
for part in message.walk():
    out["defects"] += [type(d).__name__ for d in part.defects]
for part in message.iter_attachments():
    data = part.get_payload(decode=True)
    name = part.get_filename()
    out["attachments"].append({"type": part.get_content_type(), "filename": name, "is_pdf": data[:5] == b"%PDF-"})
    with open(os.path.join(sys.argv[2], os.path.basename(name)), "wb") as f:
        f.write(data)
print(json.dumps(out))
