# An event listener written as users write them, with supervisor.childutils: it appends every
# event it receives to a file, one JSON line each (the header line rebuilt from the parsed
# headers in their order, the payload, and the answer it gave), then answers.
#   recorder.py <file> [--fail-once FRAGMENT] [--die-once FRAGMENT] [--delay SECONDS]
# --fail-once answers FAIL the first time a payload contains FRAGMENT (supervisord re-sends it);
# --die-once exits without an answer the first time (across restarts: <file>.died marks it), so
# the event is in flight when the listener dies (supervisord re-sends it too);
# --delay makes it a slow listener.
import argparse
import json
import os
import sys
import time

from supervisor import childutils

parser = argparse.ArgumentParser()
parser.add_argument('file')
parser.add_argument('--fail-once')
parser.add_argument('--die-once')
parser.add_argument('--delay', type=float, default=0)
args = parser.parse_args()

failed = set()
with open(args.file, 'a') as out:
    while True:
        headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
        header = ' '.join('%s:%s' % kv for kv in headers.items())
        fail = (args.fail_once is not None and args.fail_once in payload
                and headers['serial'] not in failed)
        die = (args.die_once is not None and args.die_once in payload
               and not os.path.exists(args.file + '.died'))
        if args.delay:
            time.sleep(args.delay)
        out.write(json.dumps({'header': header, 'payload': payload,
                              'result': 'DIE' if die else 'FAIL' if fail else 'OK'}) + '\n')
        out.flush()
        if die:
            open(args.file + '.died', 'w').close()
            sys.exit(1)
        if fail:
            failed.add(headers['serial'])
            childutils.listener.fail(sys.stdout)
        else:
            childutils.listener.ok(sys.stdout)
