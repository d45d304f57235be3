"""Tries, from inside a sandbox, the ways out that untrusted code reaches for first; prints one JSON document.

Each attempt records "ok" when it worked, else the errno name it failed with. Nothing here sends a packet:
the socket attempts only create sockets. Syscall numbers are x86_64's.
"""
import ctypes
import errno
import glob
import json
import os
import socket

libc = ctypes.CDLL(None, use_errno=True)
result = {"uid": os.getuid(), "gid": os.getgid()}
attempts = {}


def errname(e):
    return errno.errorcode.get(e, str(e))


def attempt(name, fn):
    try:
        fn()
        attempts[name] = "ok"
    except OSError as e:
        attempts[name] = errname(e.errno) if e.errno else type(e).__name__


def syscall(name, nr, *args):
    r = libc.syscall(nr, *args)
    attempts[name] = "ok" if r >= 0 else errname(ctypes.get_errno())


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def cgroup_escape():
    # The classic cgroup v1 escape writes release_agent; v2 would move a process out of its cgroup.
    targets = glob.glob("/sys/fs/cgroup/*/release_agent") + glob.glob("/sys/fs/cgroup/release_agent") \
        + glob.glob("/sys/fs/cgroup/cgroup.procs") + glob.glob("/sys/fs/cgroup/*/cgroup.procs")
    if not targets:
        raise OSError(errno.ENOENT, "no cgroup file")
    for t in targets:
        write(t, "1")


def touch_then_chown():
    open("/tmp/mine", "w").close()
    os.chown("/tmp/mine", 0, 0)


result["engine_socket"] = [p for p in ("/var/run/docker.sock", "/run/docker.sock", "/run/containerd/containerd.sock")
                           if os.path.exists(p)]
result["pids"] = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())

attempt("raw_socket", lambda: socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP))
attempt("packet_socket", lambda: socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0))
attempt("setuid_root", lambda: os.setuid(0))
attempt("chown_to_root", touch_then_chown)
attempt("write_proc_sys", lambda: write("/proc/sys/kernel/hostname", "x"))
attempt("write_sysrq_trigger", lambda: write("/proc/sysrq-trigger", "h"))
attempt("write_sys", lambda: write("/sys/kernel/uevent_helper", "/tmp/x"))
attempt("cgroup_escape", cgroup_escape)
attempt("mknod_block_device", lambda: os.mknod("/tmp/sda", 0o600 | 0o060000, os.makedev(8, 0)))
attempt("open_host_disk", lambda: open("/dev/sda", "rb"))
attempt("open_dev_mem", lambda: open("/dev/mem", "rb"))
attempt("read_kmsg", lambda: open("/dev/kmsg", "rb").read(1))
attempt("chroot", lambda: os.chroot("/tmp"))
attempt("read_init_memory", lambda: open("/proc/1/mem", "rb").read(1))
syscall("mount", 165, b"none", b"/tmp", b"tmpfs", 0, None)
syscall("unshare_user_namespace", 272, 0x10000000)
syscall("unshare_mount_namespace", 272, 0x00020000)
syscall("setns", 308, 0, 0)
# Attaching to PID 1 would let the program stop the init: no more reaping, and a container that outlives it.
syscall("ptrace_attach_init", 101, 16, 1, 0, 0)
syscall("keyctl", 250, 0, 0, 0, 0)
syscall("bpf", 321, 0, 0, 0)
syscall("perf_event_open", 298, 0, 0, -1, -1, 0)
syscall("init_module", 175, 0, 0, 0)
syscall("kexec_load", 246, 0, 0, 0, 0)
syscall("reboot", 169, 0xfee1dead, 672274793, 0x4321fedc, 0)
syscall("swapon", 167, b"/tmp/mine", 0)
syscall("settimeofday", 164, 0, 0)
syscall("open_by_handle_at", 304, 0, 0, 0)
syscall("userfaultfd", 323, 0)
result["attempts"] = attempts
print(json.dumps(result))
