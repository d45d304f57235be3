"""A tiny program that shows what the sandbox looks like from inside."""
import os
import socket

print(f"hello from {socket.gethostname()} as uid {os.getuid()} in {os.getcwd()}")
with open("/proc/self/status") as status:
    for line in status:
        if line.startswith(("CapEff", "NoNewPrivs", "Seccomp:")):
            print("  " + " ".join(line.split()))
print(f"  network interfaces: {', '.join(sorted(os.listdir('/sys/class/net')))}")
try:
    open("/usr/bin/evil", "w")
except OSError as e:
    print(f"  writing to the root filesystem: {e.strerror}")
os.makedirs("out", exist_ok=True)
with open("out/greeting.txt", "w") as out:
    out.write(f"{os.environ.get('GREETING', 'hello')} from job {os.environ.get('AIRLOCK_JOB_ID')}\n")
print("  wrote out/greeting.txt (collected as an artifact)")
