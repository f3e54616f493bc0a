#!/usr/bin/env python3
"""What one loopback nginx worker does per request under each client, by counts.

Starts a private nginx on 127.0.0.1 (one worker, the peers' configuration: keep-alive,
`return 200 "ok\\n"`, with --https TLS 1.3 and a fresh self-signed certificate), runs each
client command in turn (REPEATS rounds) and, in a window in the middle of each run (after
WARMUP seconds, WINDOW seconds long, while all connections are open), counts:

  rps           requests per second in the window, by nginx's stub_status counter
  ngx_us        the worker's CPU (/proc/PID/stat, utime + stime) per request
  cli_us        the client's CPU per request (all the processes of its session)
  in_segs       TCP segments nginx received per request (its sockets' segs_in, `ss -ti`)
  in_data       ... of which carried data (data_segs_in); in_acks = the rest (ACK-only)
  out_segs      segments nginx sent per request, out_data with data, out_acks ACK-only
  in_bytes      payload bytes nginx received per request (bytes_received)
  out_bytes     payload bytes nginx sent per request (bytes_acked)
  delack        TcpExtDelayedACKs per request (delayed-ACK timer firings, whole host: both
                ends are on loopback, so this counts both)
  ngx_wakes     the worker's voluntary context switches (its sleeps in epoll_wait, each
                ended by a wake-up the sender paid for) per request; ngx_preempt involuntary
  cli_wakes     the same for all the client's threads (cli_preempt involuntary)
  syscr, syscw  the worker's read-type and write-type system calls (/proc/PID/io: read and
                readv, write and writev; recvfrom and sendto are not counted there)
  tp:NAME       kernel events in the worker's context per request (TRACEPOINTS, scaled as sc:)
  sc:NAME       the worker's system calls per request (perf stat -e syscalls:sys_enter_NAME
                for the calls in SYSCALLS, sc:all all of them), those of >= 0.005 per request.
                perf enabled through its control fifo misses part of the window (10-25 %
                here, perf_cover): its counts are scaled so its writes match /proc's syscw.
  ns:NAME       with --nstat, every Tcp*/Ip* nstat counter of >= 0.005 per request (whole
                host; with nothing else talking, both ends of the loopback connections)

usage: bench/nginx_counts.py [--https] [--nstat] [--each] [--ngx-cpu CPUS] [-d SECONDS]
                             [-w WARMUP] [-W WINDOW] [-r REPEATS] NAME='COMMAND' ...
  --each prints every round's figure instead of medians and ranges; --ngx-cpu pins the
  worker (pin a client with 'taskset -c N' in its command).
  In a COMMAND, {url} {port} {seconds} {cafile} are replaced. Example:
  bench/nginx_counts.py --https -d 8 -r 3 wrk='wrk -t1 -c64 -d{seconds}s {url}' \\
    pusher='PUSHER_BENCH_CA={cafile} build/bin/pusher-cli run bench/https-saturate.json \\
            --url {url} --duration {seconds}s --quiet'
needs: nginx openssl curl ss nstat perf (root, or perf_event_paranoid <= 1 for the worker)
"""
import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

CONF = """worker_processes 1;
daemon on;
pid {dir}/nginx.pid;
error_log {dir}/logs/error.log warn;
worker_rlimit_nofile 65536;
events {{ worker_connections 8192; use epoll; multi_accept on; }}
http {{
  access_log off;
  client_body_temp_path {dir}/tmp/body; proxy_temp_path {dir}/tmp/proxy;
  fastcgi_temp_path {dir}/tmp/fcgi; uwsgi_temp_path {dir}/tmp/uwsgi; scgi_temp_path {dir}/tmp/scgi;
  keepalive_requests 100000000; keepalive_timeout 300s; server_tokens off;
  server {{
    {listen}
    location = /nginx_status {{ stub_status; }}
    location / {{ default_type text/plain; return 200 "ok\\n"; }}
  }}
}}
"""


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def served(scheme, port):
    out = subprocess.run(["curl", "-sk", f"{scheme}://127.0.0.1:{port}/nginx_status"],
                         capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and all(p.isdigit() for p in parts):
            return int(parts[2])
    raise RuntimeError(f"nginx_status on port {port}: no request counter in {out!r}")


def worker_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime (fields 14, 15)


def worker_io(pid):
    """The worker's read and write system calls so far (/proc/PID/io syscr, syscw)."""
    values = {}
    with open(f"/proc/{pid}/io") as f:
        for line in f:
            key, _, value = line.partition(":")
            values[key] = int(value)
    return values["syscr"], values["syscw"]


def switches(pids):
    """Voluntary and involuntary context switches of all the threads of `pids` so far."""
    vol = invol = 0
    for pid in pids:
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except FileNotFoundError:
            continue
        for tid in tasks:
            try:
                with open(f"/proc/{pid}/task/{tid}/status") as f:
                    for line in f:
                        if line.startswith("voluntary_ctxt_switches:"):
                            vol += int(line.split()[1])
                        elif line.startswith("nonvoluntary_ctxt_switches:"):
                            invol += int(line.split()[1])
            except FileNotFoundError:
                pass
    return vol, invol


def session_pids(sid):
    out = subprocess.run(["pgrep", "-s", str(sid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


SS_KEYS = ("segs_in", "segs_out", "data_segs_in", "data_segs_out", "bytes_received", "bytes_acked")


def socket_counts(port):
    """Sum of nginx's established sockets' counters (the listening port is the source)."""
    out = subprocess.run(["ss", "-tinH", "state", "established", f"( sport = :{port} )"],
                         capture_output=True, text=True, check=True).stdout
    total = dict.fromkeys(SS_KEYS, 0)
    conns = 0
    for key, value in re.findall(r"\b(" + "|".join(SS_KEYS) + r"):(\d+)", out):
        total[key] += int(value)
    conns = len(re.findall(r"\bsegs_in:", out))
    return total, conns


def nstat():
    out = subprocess.run(["nstat", "-saz"], capture_output=True, text=True, check=True).stdout
    values = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[1].isdigit():
            values[parts[0]] = int(parts[1])
    return values


# The worker's calls that matter here (attaching all ~360 sys_enter tracepoints takes perf
# ~13 s; raw_syscalls:sys_enter counts them all at once, "all" below).
SYSCALLS = ("read", "readv", "write", "writev", "recvfrom", "sendto", "recvmsg", "sendmsg",
            "epoll_wait", "epoll_pwait", "epoll_ctl", "accept4", "close", "setsockopt", "ioctl",
            "sendfile64", "futex")

# Kernel events in the worker's context: the wake-ups it makes (of the client's threads),
# its switches, the network softirqs it runs, and the packets it sends (net_dev_xmit) and
# delivers (netif_receive_skb: on loopback a send's packet is delivered by the sender), and
# its moves from one CPU to another.
TRACEPOINTS = ("sched:sched_waking", "sched:sched_switch", "irq:softirq_entry",
               "net:net_dev_xmit", "net:netif_receive_skb", "cpu-migrations")


class PerfSyscalls:
    """Counts the worker's system calls between start() and stop() (perf stat attached
    beforehand with its events disabled, enabled and disabled through its control fifo)."""

    def __init__(self, pid, work):
        self.out = f"{work}/perf.txt"
        self.ctl, self.ack = f"{work}/perf.ctl", f"{work}/perf.ack"
        for fifo in (self.ctl, self.ack):
            if not os.path.exists(fifo):
                os.mkfifo(fifo)
        events = ",".join(["raw_syscalls:sys_enter"] + ["syscalls:sys_enter_" + c for c in SYSCALLS] +
                          list(TRACEPOINTS))
        self.proc = subprocess.Popen(["perf", "stat", "-x", ",", "-o", self.out, "-e", events,
                                      "-D", "-1", "--control", f"fifo:{self.ctl},{self.ack}",
                                      "-p", str(pid)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.ctl_f = open(self.ctl, "w")  # blocks until perf has opened it
        self.ack_f = open(self.ack, "r")

    def _say(self, what):
        self.ctl_f.write(what + "\n")
        self.ctl_f.flush()
        self.ack_f.readline()

    def start(self):
        self._say("enable")

    def stop(self):
        self._say("disable")
        self.proc.send_signal(signal.SIGINT)
        self.proc.wait()
        self.ctl_f.close()
        self.ack_f.close()
        counts = {}
        with open(self.out) as f:
            for line in f:
                parts = line.strip().split(",")
                if len(parts) > 2 and parts[0].isdigit() and "syscalls:sys_enter" in parts[2]:
                    name = parts[2].replace("syscalls:sys_enter_", "")
                    counts["all" if name == "raw_syscalls:sys_enter" else name] = int(parts[0])
                elif len(parts) > 2 and parts[0].isdigit() and parts[2] in TRACEPOINTS:
                    counts["tp:" + parts[2].split(":")[-1]] = int(parts[0])
        return counts


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--https", action="store_true")
    ap.add_argument("-d", type=float, default=8, help="seconds each client runs (<= 10)")
    ap.add_argument("-w", type=float, default=2, help="seconds before the window")
    ap.add_argument("-W", type=float, default=4, help="the window's seconds")
    ap.add_argument("--nstat", action="store_true",
                    help="also every nstat counter (Tcp*, Ip*) of >= 0.005 per request")
    ap.add_argument("--ngx-cpu", help="pin the worker to these CPUs (taskset -c); pin a client "
                    "with 'taskset -c N' in its command")
    ap.add_argument("--each", action="store_true", help="print every round's figure")
    ap.add_argument("-r", type=int, default=3, help="rounds")
    ap.add_argument("commands", nargs="+", metavar="NAME=COMMAND")
    a = ap.parse_args()
    if a.w + a.W + 0.5 > a.d:
        sys.exit(f"the window ({a.w} + {a.W} s) must end before the run does ({a.d} s)")
    clients = []
    for c in a.commands:
        name, sep, cmd = c.partition("=")
        if not sep:
            sys.exit(f"{c!r}: expected NAME=COMMAND")
        clients.append((name, cmd))

    work = tempfile.mkdtemp(prefix="nginx-counts.")
    os.makedirs(f"{work}/tmp")
    os.makedirs(f"{work}/logs")
    port = free_port()
    scheme = "https" if a.https else "http"
    listen = f"listen 127.0.0.1:{port} reuseport backlog=4096;"
    if a.https:
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                        f"{work}/key.pem", "-out", f"{work}/cert.pem", "-days", "2", "-subj",
                        "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                       capture_output=True, check=True)
        listen = (f"listen 127.0.0.1:{port} ssl http2 reuseport backlog=4096;\n"
                  f"    ssl_certificate {work}/cert.pem; ssl_certificate_key {work}/key.pem;"
                  " ssl_protocols TLSv1.3;\n    ssl_session_cache shared:SSL:10m;")
    with open(f"{work}/nginx.conf", "w") as f:
        f.write(CONF.format(dir=work, listen=listen))
    subprocess.run(["nginx", "-c", f"{work}/nginx.conf"], check=True)
    master = int(open(f"{work}/nginx.pid").read())
    try:
        time.sleep(0.3)
        worker = int(subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True,
                                    check=True).stdout.split()[0])
        if a.ngx_cpu is not None:
            subprocess.run(["taskset", "-a", "-p", "-c", a.ngx_cpu, str(worker)],
                           stdout=subprocess.DEVNULL, check=True)
        url = f"{scheme}://127.0.0.1:{port}/"
        hz = os.sysconf("SC_CLK_TCK")
        rows = {name: [] for name, _ in clients}
        for _ in range(a.r):
            for name, cmd in clients:
                line = (cmd.replace("{url}", url).replace("{port}", str(port))
                        .replace("{seconds}", f"{a.d:g}").replace("{cafile}", f"{work}/cert.pem"))
                proc = subprocess.Popen(["bash", "-c", line], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, start_new_session=True)
                began = time.monotonic()
                perf = PerfSyscalls(worker, work)
                time.sleep(max(0.0, a.w - (time.monotonic() - began)))
                n0, t0, (s0, m0), x0 = served(scheme, port), worker_ticks(worker), \
                    socket_counts(port), nstat()
                io0 = worker_io(worker)
                cpids = session_pids(proc.pid)
                w0, k0 = switches([worker]), switches(cpids)
                u0 = sum(worker_ticks(p) for p in cpids if os.path.exists(f"/proc/{p}"))
                perf.start()
                time.sleep(a.W)
                sc = perf.stop()
                io1 = worker_io(worker)
                w1, k1 = switches([worker]), switches(cpids)
                u1 = sum(worker_ticks(p) for p in cpids if os.path.exists(f"/proc/{p}"))
                n1, t1, (s1, m1), x1 = served(scheme, port), worker_ticks(worker), \
                    socket_counts(port), nstat()
                try:
                    proc.wait(timeout=a.d + 10)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGTERM)
                    proc.wait()
                n = n1 - n0 - 1  # the first reading counts itself
                if n <= 0:
                    print(f"{name}: no requests in the window", file=sys.stderr)
                    continue
                r = {"rps": n / a.W, "ngx_us": (t1 - t0) * 1e6 / hz / n,
                     "cli_us": (u1 - u0) * 1e6 / hz / n, "conns": m1}
                if m0 != m1:
                    r["conns"] = f"{m0}->{m1}"
                d = {k: s1[k] - s0[k] for k in SS_KEYS}
                r["in_segs"] = d["segs_in"] / n
                r["in_data"] = d["data_segs_in"] / n
                r["in_acks"] = (d["segs_in"] - d["data_segs_in"]) / n
                r["out_segs"] = d["segs_out"] / n
                r["out_data"] = d["data_segs_out"] / n
                r["out_acks"] = (d["segs_out"] - d["data_segs_out"]) / n
                r["in_bytes"] = d["bytes_received"] / n
                r["out_bytes"] = d["bytes_acked"] / n
                r["delack"] = (x1.get("TcpExtDelayedACKs", 0) - x0.get("TcpExtDelayedACKs", 0)) / n
                if a.nstat:
                    for k in sorted(x1):
                        v = (x1[k] - x0.get(k, 0)) / n
                        if k.startswith(("Tcp", "Ip")) and abs(v) >= 0.005:
                            r["ns:" + k] = v
                r["ngx_wakes"] = (w1[0] - w0[0]) / n
                r["ngx_preempt"] = (w1[1] - w0[1]) / n
                r["cli_wakes"] = (k1[0] - k0[0]) / n
                r["cli_preempt"] = (k1[1] - k0[1]) / n
                r["syscr"] = (io1[0] - io0[0]) / n
                r["syscw"] = (io1[1] - io0[1]) / n
                # perf's tracepoints enabled through the control fifo miss part of the window
                # (~13 % here): its counts are scaled so that its writes match /proc's exact
                # syscw (write, writev), and perf_cover says how much of it perf saw.
                perf_writes = sc.get("write", 0) + sc.get("writev", 0)
                scale = (io1[1] - io0[1]) / perf_writes if perf_writes else 1.0
                r["perf_cover"] = 1 / scale if scale else 0.0
                for k, v in sc.items():
                    if v * scale / n >= 0.005:
                        r[k if k.startswith("tp:") else "sc:" + k] = v * scale / n
                rows[name].append(r)
                time.sleep(1)
        keys = []
        for rs in rows.values():
            for r in rs:
                keys += [k for k in r if k not in keys]
        print(f"{scheme}, {a.d:g} s runs, window {a.w:g}+{a.W:g} s, {a.r} rounds in turn; "
              "per request nginx counted " + ("(each round)" if a.each else "(medians; min-max)"))
        width = max(26, 7 * a.r) if a.each else 26
        print(f"{'':14}" + "".join(f"{name:>{width}}" for name, _ in clients))
        for k in keys:
            cells = []
            for name, _ in clients:
                vals = [r[k] for r in rows[name] if k in r]
                if not vals:
                    cells.append(f"{'-':>{width}}")
                elif isinstance(vals[0], str) or k == "conns":
                    cells.append(f"{str(vals[-1]):>{width}}")
                else:
                    fmt = "{:.0f}" if k == "rps" else "{:.3f}" if max(vals) < 10 else "{:.1f}"
                    if a.each:
                        cell = " ".join(fmt.format(v) for v in vals)
                    else:
                        cell = (fmt.format(statistics.median(vals)) + " (" + fmt.format(min(vals)) +
                                "-" + fmt.format(max(vals)) + ")")
                    cells.append(f"{cell:>{width}}")
            print(f"{k:14}" + "".join(cells))
    finally:
        os.kill(master, signal.SIGTERM)
        time.sleep(0.3)
        subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    main()
