# An event listener written as users write them, with supervisor.childutils: it appends every
# event it receives to a file, one JSON line each (the header line rebuilt from the parsed
# headers in their order, the payload, and the answer it gave), then answers.
#   recorder.py <file> [--fail-once FRAGMENT] [--delay SECONDS]
# --fail-once answers FAIL the first time a payload contains FRAGMENT (supervisord re-sends it);
# --delay makes it a slow listener.
import argparse
import json
import sys
import time

from supervisor import childutils

parser = argparse.ArgumentParser()
parser.add_argument('file')
parser.add_argument('--fail-once')
parser.add_argument('--delay', type=float, default=0)
args = parser.parse_args()

failed = set()
with open(args.file, 'a') as out:
    while True:
        headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
        header = ' '.join('%s:%s' % kv for kv in headers.items())
        fail = (args.fail_once is not None and args.fail_once in payload
                and headers['serial'] not in failed)
        if args.delay:
            time.sleep(args.delay)
        out.write(json.dumps({'header': header, 'payload': payload,
                              'result': 'FAIL' if fail else 'OK'}) + '\n')
        out.flush()
        if fail:
            failed.add(headers['serial'])
            childutils.listener.fail(sys.stdout)
        else:
            childutils.listener.ok(sys.stdout)
