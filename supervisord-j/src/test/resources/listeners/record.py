"""An event listener written the way users write them (supervisor.childutils): each event it gets
is appended to the file named by argv[1] as one JSON line {"headers": ..., "payload": ..., "fields": ...},
fields being the payload as childutils parses it (eventdata when it has a body, else get_headers; the
error's text when it cannot be parsed that way); it answers FAIL while a file named argv[1] + ".fail"
exists, and exits without answering while one named argv[1] + ".die" exists (removing it first)."""
import json
import os
import sys

from supervisor import childutils

out = sys.argv[1]
while True:
    headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
    try:
        if "\n" in payload:
            fields, data = childutils.eventdata(payload)
            fields = dict(fields, data=data)
        else:
            fields = childutils.get_headers(payload)
    except ValueError as e:
        fields = "unparsable: %s" % e
    with open(out, "a") as f:
        f.write(json.dumps({"headers": headers, "payload": payload, "fields": fields}) + "\n")
    if os.path.exists(out + ".die"):
        os.remove(out + ".die")
        os._exit(3)
    if os.path.exists(out + ".fail"):
        childutils.listener.fail(sys.stdout)
    else:
        childutils.listener.ok(sys.stdout)
