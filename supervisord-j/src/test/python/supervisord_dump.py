#!/usr/bin/python3
"""Resolve a supervisord configuration file with the REAL supervisord
(Debian package `supervisor`, version 4.2.5) and print it as JSON.

This is a test oracle: a Java test compares supervisord-j's config loader
against the output of this script.

Usage
-----
    /usr/bin/python3 supervisord_dump.py [--stub-host-checks] CONFIG_FILE

Must run under Debian's /usr/bin/python3 (the interpreter that has the
`supervisor` package in /usr/lib/python3/dist-packages); a pyenv/venv
python on PATH usually does not have it.

* success:       JSON document on stdout, exit status 0
* config error:  {"error": "<supervisord's own message>"} on stdout, exit 1
                 (the message is exactly the text supervisord would print
                 after "Error: " before exiting with usage status 2)
* internal bug in this script / unexpected exception:
                 {"error": "<ExceptionType>: <message>", "internal": true}
                 on stdout, exit 2
* bad command line of this script: message on stderr, exit 64

supervisord's non-fatal parse warnings (e.g. "redirect_stderr=true but
stderr_logfile has also been set...") are written to stderr, one per line,
prefixed with "WARN: "; "Included extra file" infos are prefixed "INFO: ".
stdout only ever carries the single JSON document.

Environment / %(ENV_X)s expansion
---------------------------------
ENV values come in through the PLAIN PROCESS ENVIRONMENT of this script,
exactly as for supervisord itself: supervisor.options.Options.__init__
copies every os.environ entry K=V into the expansion dict as ENV_K=V.
So to resolve `%(ENV_WORKERS)s` start the script with WORKERS=... in its
environment (e.g. ProcessBuilder.environment().put("WORKERS", "4")).
Unset names make supervisord fail with "Format string ... contains names
(...) which cannot be expanded" -> reported as {"error": ...}.
Note that the environment also influences defaults: childlogdir defaults to
tempfile.gettempdir() (honours TMPDIR/TEMP/TMP, else /tmp), and
%(host_node_name)s is platform.node().  [supervisord] environment= entries
are added as ENV_K expansions for everything parsed after [supervisord]
(programs etc.), and a [program:x] environment= entry K adds ENV_K for that
program's own later options (4.2 semantics, see issue-1170).

--stub-host-checks
------------------
Makes configs written for other hosts resolve by monkeypatching the
host-dependent validators, both in supervisor.datatypes and in the
supervisor.options namespace (options.py does `from supervisor.datatypes
import ...`, binding its own references):
  existing_dirpath, existing_directory -> os.path.expanduser(v) (i.e. the
      value supervisord would return when the directory exists; no check)
  name_to_uid, name_to_gid -> int(name) for numeric strings, else 0
  gid_for_uid              -> 0
so "Invalid user name X", "Invalid user id N", "The directory named as part
of the path ... does not exist" and "... is not an existing directory" do
not happen.  Everything else (syntax, expansions, value types, includes,
groups, eventlistener result_handler imports, ...) is still checked.

How the config is driven
------------------------
Exactly like the supervisord binary: ServerOptions().realize(args=['-c',
CONFIG_FILE]) (which runs process_config -> read_config and then the
[supervisord] user= check).  Options.usage() (which would print and
sys.exit(2)) is overridden to raise, so the message can be reported.

Output contract (field mapping notes)
-------------------------------------
"supervisord" values are the ones of the parsed [supervisord] section
(ServerOptions.configroot.supervisord), i.e. as the config file resolves
them.  NOTE: at startup realize() additionally rewrites opts.logfile and
opts.pidfile with normalize_path() = normpath(abspath(expanduser(v))),
i.e. relative paths (including the defaults "supervisord.log" and
"supervisord.pid") become absolute against the CURRENT WORKING DIRECTORY
(not the config file's directory).  We deliberately print the
cwd-independent section values ("supervisord.log", not "/cwd/supervisord.log").
logfile "syslog" stays "syslog".  loglevel is printed as its description
name (critical/error/warn/info/debug/trace/blather; "warning" is not
accepted by 4.2.5).  umask is '%03o'.

"programs": one entry per process of every [program:x], [fcgi-program:x] and
[eventlistener:x] section (after numprocs expansion), also when the program
is a member of a [group:x] (then "group" is that group's name; a listener's
group is its pool).  [fcgi-program:x] processes are listed with their group's
socket as "socket" (the URL), "socket_backlog", "socket_owner" ([uid, gid] or
null) and "socket_mode" ('%03o' or null); an fcgi-program that is a member of
a [group:x] is a plain ProcessConfig in 4.2.5 (no socket) and listed as such.
  user      - the string given to `user=` (after %()s expansion), captured
              from supervisord's own name_to_uid(user) call while the
              section is parsed (ProcessConfig only keeps the uid); null if
              no user= line.
  environment - the program's own environment= entries only.  supervisord
              4.2.5 read_config() afterwards replaces proc.environment with
              a NEW dict {**[supervisord] environment, **program env}; we
              keep a reference to the original per-program dict taken right
              after the process configs were built (before that merge), so
              nothing needs to be subtracted and a program entry equal to
              a [supervisord] entry is still reported.
  stdout_logfile / stderr_logfile - path string, "AUTO" when the config
              object still holds the datatypes.Automatic marker (4.2.5
              resolves AUTO only when the process group is created, via
              mkstemp in childlogdir), "NONE" for None (none/off, a
              redirected stderr, or the deprecated "syslog" value which
              4.2.5 rewrites to NONE + *_syslog=true).
  autorestart - "true" (RestartUnconditionally), "false" (False),
              "unexpected" (RestartWhenExitUnexpected).
  stopsignal - signal name without "SIG" (canonical name per
              signal.Signals, e.g. IOT -> "ABRT"); a number if unnamed.
  umask     - '%03o' or null;  directory - string as written (expanded,
              NOT checked and NOT expanduser'd by 4.2.5) or null.
  serverurl - "AUTO" when not set or set to AUTO (4.2.5 stores None), else
              the string.
"groups": every [program:x] homogeneous group, every [group:x] group and
every [eventlistener:x] pool (fcgi-program groups excluded), sorted by name;
a pool also has "events" (its event type names, sorted), "buffer_size" and
"result_handler" (the spec as written, e.g.
"supervisor.dispatchers:default_handler"); the
"programs" list is the group's process names in supervisord's order
(homogeneous: sorted by (priority, name); heterogeneous: per member program
in programs= order, each sorted by (priority, name)).
"""

import json
import os
import signal
import sys


class ConfigError(Exception):
    """supervisord would have printed 'Error: <msg>' and exited."""


def _usage_exit(msg):
    sys.stderr.write("usage: %s [--stub-host-checks] CONFIG_FILE\n" % sys.argv[0])
    if msg:
        sys.stderr.write("%s\n" % msg)
    sys.exit(64)


def _emit(obj, code):
    # always UTF-8, independent of the caller's locale
    data = (json.dumps(obj, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
    sys.exit(code)


def main(argv):
    stub = False
    args = []
    for a in argv:
        if a == "--stub-host-checks":
            stub = True
        elif a in ("-h", "--help"):
            sys.stdout.write(__doc__)
            sys.exit(0)
        elif a.startswith("--") and a != "--":
            _usage_exit("unknown option %s" % a)
        else:
            args.append(a)
    if len(args) != 1:
        _usage_exit("exactly one CONFIG_FILE expected")
    config_file = args[0]

    try:
        import supervisor.datatypes as datatypes
        import supervisor.options as options
        from supervisor import loggers
    except ImportError as e:
        _emit({"error": "ImportError: %s (run with Debian's /usr/bin/python3 "
                        "and the 'supervisor' package installed)" % e,
               "internal": True}, 2)

    # ---------------------------------------------------------------- patches
    if stub:
        def existing_dirpath(v):
            return os.path.expanduser(v)

        def existing_directory(v):
            return os.path.expanduser(v)

        def name_to_id(name):
            try:
                return int(name)
            except (ValueError, TypeError):
                return 0

        def gid_for_uid(uid):
            return 0

        for mod in (datatypes, options):
            # datatypes: used internally by logfile_name() and
            # colon_separated_user_group(); options: its own imported names.
            for attr, fn in (("existing_dirpath", existing_dirpath),
                             ("existing_directory", existing_directory),
                             ("name_to_uid", name_to_id),
                             ("name_to_gid", name_to_id),
                             ("gid_for_uid", gid_for_uid)):
                if hasattr(mod, attr):
                    setattr(mod, attr, fn)

    # Record every user name supervisord resolves (options.name_to_uid is
    # what _processes_from_section calls for `user=`), so the name can be
    # attached to the process configs (which only keep the uid).
    user_calls = []
    real_name_to_uid = options.name_to_uid

    def recording_name_to_uid(name):
        user_calls.append(name)
        return real_name_to_uid(name)

    options.name_to_uid = recording_name_to_uid

    # result_handler= is resolved to a callable at parse time; keep the spec each one came from.
    handler_specs = {}
    from supervisor.events import getEventNameByType

    class DumpOptions(options.ServerOptions):
        def import_spec(self, spec):
            resolved = options.ServerOptions.import_spec(self, spec)
            handler_specs[id(resolved)] = spec
            return resolved

        def usage(self, msg):
            raise ConfigError(str(msg))

        def help(self, dummy):
            raise ConfigError("help requested")

        def processes_from_section(self, parser, section, group_name,
                                   klass=None):
            mark = len(user_calls)
            procs = options.ServerOptions.processes_from_section(
                self, parser, section, group_name, klass)
            names = user_calls[mark:]
            user = names[-1] if names else None
            kind, _, prog = section.partition(":")
            for p in procs:
                p._dump_section_kind = kind
                p._dump_program = prog.strip()
                p._dump_user = user
                # keep the per-program dict: read_config() later REPLACES
                # p.environment by a merged copy (supervisord env + this)
                p._dump_own_env = p.environment
            return procs

    # ------------------------------------------------------------------- run
    opts = DumpOptions()
    try:
        opts.realize(args=["-c", config_file], doc="", progname="supervisord")
    except ConfigError as e:
        _emit({"error": str(e)}, 1)
    except SystemExit as e:  # should not happen (usage/help overridden)
        _emit({"error": "supervisord exited with status %r" % (e.code,)}, 1)
    except ValueError as e:  # defensive; process_config normally -> usage
        _emit({"error": str(e)}, 1)

    for w in getattr(opts, "parse_criticals", []):
        sys.stderr.write("CRIT: %s\n" % w)
    for w in getattr(opts, "parse_warnings", []):
        sys.stderr.write("WARN: %s\n" % w)
    for w in getattr(opts, "parse_infos", []):
        sys.stderr.write("INFO: %s\n" % w)

    # ---------------------------------------------------------------- output
    levels = {}
    for desc, num in vars(loggers.LevelsByDescription).items():
        if not desc.startswith("_"):
            levels[num] = desc

    def octal(v):
        return None if v is None else "%03o" % v

    def logfile(v):
        if v is datatypes.Automatic:
            return "AUTO"
        if v is None:
            return "NONE"
        if v is datatypes.Syslog:  # not reachable in 4.2.5 (rewritten)
            return "SYSLOG"
        return v

    def autorestart(v):
        if v is datatypes.RestartUnconditionally:
            return "true"
        if v is datatypes.RestartWhenExitUnexpected:
            return "unexpected"
        if v is False:
            return "false"
        return repr(v)

    def signame(n):
        try:
            return signal.Signals(n).name[3:]
        except ValueError:
            return str(n)

    s = opts.configroot.supervisord
    sup = {
        "logfile": s.logfile,
        "logfile_maxbytes": s.logfile_maxbytes,
        "logfile_backups": s.logfile_backups,
        "loglevel": levels.get(s.loglevel, str(s.loglevel)),
        "pidfile": s.pidfile,
        "umask": octal(s.umask),
        "nodaemon": bool(s.nodaemon),
        "silent": bool(s.silent),
        "minfds": s.minfds,
        "minprocs": s.minprocs,
        "nocleanup": bool(s.nocleanup),
        "childlogdir": s.childlogdir,
        "user": s.user,
        "directory": s.directory,
        "strip_ansi": bool(s.strip_ansi),
        "environment": dict(s.environment or {}),
        "identifier": s.identifier,
    }

    programs = []
    groups = []
    for g in s.process_group_configs:
        pool = isinstance(g, options.EventListenerPoolConfig)
        sock = getattr(g, "socket_config", None)
        if not pool and not isinstance(g, options.ProcessGroupConfig):
            continue
        members = []
        for p in g.process_configs:
            if getattr(p, "_dump_section_kind", None) not in ("program", "fcgi-program", "eventlistener"):
                continue
            if not type(p) in (options.ProcessConfig, options.FastCGIProcessConfig, options.EventListenerConfig):
                continue
            members.append(p.name)
            d = {
                "name": p.name,
                "group": g.name,
                "program": p._dump_program,
                "command": p.command,
                "priority": p.priority,
                "autostart": bool(p.autostart),
                "startsecs": p.startsecs,
                "startretries": p.startretries,
                "autorestart": autorestart(p.autorestart),
                "exitcodes": list(p.exitcodes),
                "stopsignal": signame(p.stopsignal),
                "stopwaitsecs": p.stopwaitsecs,
                "stopasgroup": bool(p.stopasgroup),
                "killasgroup": bool(p.killasgroup),
                "user": p._dump_user,
                "redirect_stderr": bool(p.redirect_stderr),
            }
            for ch in ("stdout", "stderr"):
                d[ch + "_logfile"] = logfile(getattr(p, ch + "_logfile"))
                d[ch + "_logfile_maxbytes"] = getattr(p, ch + "_logfile_maxbytes")
                d[ch + "_logfile_backups"] = getattr(p, ch + "_logfile_backups")
                d[ch + "_capture_maxbytes"] = getattr(p, ch + "_capture_maxbytes")
                d[ch + "_events_enabled"] = bool(getattr(p, ch + "_events_enabled"))
                d[ch + "_syslog"] = bool(getattr(p, ch + "_syslog"))
            d["environment"] = dict(p._dump_own_env or {})
            d["directory"] = p.directory
            d["umask"] = octal(p.umask)
            d["serverurl"] = "AUTO" if p.serverurl is None else p.serverurl
            if sock is not None:
                d["socket"] = sock.url
                d["socket_backlog"] = sock.get_backlog()
                owner = getattr(sock, "owner", None)
                d["socket_owner"] = None if owner is None else list(owner)
                d["socket_mode"] = octal(getattr(sock, "mode", None))
            programs.append(d)
        group = {"name": g.name, "priority": g.priority, "programs": members}
        if pool:
            group["events"] = sorted(getEventNameByType(t) for t in g.pool_events)
            group["buffer_size"] = g.buffer_size
            group["result_handler"] = handler_specs.get(id(g.result_handler), repr(g.result_handler))
        groups.append(group)

    programs.sort(key=lambda d: (d["group"], d["name"]))
    groups.sort(key=lambda d: d["name"])
    _emit({"supervisord": sup, "programs": programs, "groups": groups}, 0)


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except SystemExit:
        raise
    except Exception as e:  # anything unexpected: make it visible
        import traceback
        traceback.print_exc()
        _emit({"error": "%s: %s" % (type(e).__name__, e), "internal": True}, 2)
