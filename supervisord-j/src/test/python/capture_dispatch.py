"""Feeds chunks through supervisord 4.2.5's own POutputDispatcher and prints what it did.

Input (stdin): JSON list of cases {"maxbytes": N, "chunks": [latin-1 strings]}.
Output (stdout): JSON list, per case, of [kind, latin-1 data] in order: "log" for each chunk the
dispatcher logged normally, "cap" for each chunk it logged while capturing, "comm" for each
PROCESS_COMMUNICATION event's data. What is still held back at the end is not shown: supervisord
never writes it.
"""
import json
import sys

from supervisor import dispatchers, events, loggers


class Options:
    strip_ansi = False
    loglevel = loggers.LevelsByName.INFO
    logger = loggers.getLogger()

    def getLogger(self):
        return loggers.getLogger()


class Config:
    name = 'p'
    options = Options()
    stdout_logfile = None
    stdout_logfile_maxbytes = 0
    stdout_logfile_backups = 0
    stdout_syslog = False
    stdout_events_enabled = True
    stderr_events_enabled = False


class Process:
    pid = 42
    group = None

    def __init__(self, maxbytes):
        self.config = Config()
        self.config.stdout_capture_maxbytes = maxbytes


def run(case):
    seen = []
    dispatcher = None

    def notify(event):
        if isinstance(event, events.ProcessLogStdoutEvent):
            seen.append(['cap' if dispatcher.capturemode else 'log', event.data.decode('latin-1')])
        elif isinstance(event, events.ProcessCommunicationStdoutEvent):
            seen.append(['comm', event.data.decode('latin-1')])

    dispatchers.notify = notify
    dispatcher = dispatchers.POutputDispatcher(Process(case["maxbytes"]), events.ProcessCommunicationStdoutEvent, 0)
    for chunk in case['chunks']:
        dispatcher.output_buffer += chunk.encode('latin-1')
        dispatcher.record_output()
    return seen


json.dump([run(c) for c in json.load(sys.stdin)], sys.stdout)
