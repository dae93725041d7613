namespace Kumo.Sandbox.Tests;

/// <summary>Python handlers that exercise the sandbox from the inside, one scenario each.</summary>
internal static class PythonFunctions
{
    public const string App = """
        import ctypes, errno, json, os, pwd, socket, subprocess, sys, time

        def hello(event, context):
            print("hello from", context.function_name, flush=True)
            return {
                "event": event,
                "requestId": context.aws_request_id,
                "function": context.function_name,
                "memory": context.memory_limit_in_mb,
                "remaining": context.get_remaining_time_in_millis(),
                "arn": context.invoked_function_arn,
                "uid": os.getuid(),
                "user": pwd.getpwuid(os.getuid()).pw_name,
                "cwd": os.getcwd(),
                "env": {k: os.environ.get(k) for k in ["AWS_LAMBDA_FUNCTION_NAME", "LAMBDA_TASK_ROOT", "_HANDLER", "AWS_REGION", "GREETING", "KUMO_RUNTIME_SOCKET",
                                                        "KUMO_GATEWAY_SOCKET", "AWS_ENDPOINT_URL_S3", "AWS_ACCESS_KEY_ID"]},
            }

        def fail(event, context):
            raise ValueError("bad input: " + str(event.get("what")))

        def sleep(event, context):
            time.sleep(event["seconds"])
            return "woke up"

        def hog(event, context):
            blocks = []
            for _ in range(event["megabytes"]):
                blocks.append(bytearray(1024 * 1024))
            return len(blocks)

        def fork_bomb(event, context):
            children = 0
            try:
                while True:
                    if os.fork() == 0:
                        os.execv("/usr/bin/sleep", ["sleep", "600"])
                    children += 1
            except OSError as error:
                return {"children": children, "errno": errno.errorcode.get(error.errno)}

        def escape(event, context):
            subprocess.Popen(["/usr/bin/setsid", "/usr/bin/sleep", "600"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    time.sleep(600)
                os._exit(0)
            return "escaped?"

        def try_write(event, context):
            results = {}
            for path in ["/var/task/x", "/etc/x", "/usr/x", "/x", "/var/runtime/x", "/tmp/x"]:
                try:
                    with open(path, "w") as f:
                        f.write("x")
                    results[path] = "written"
                except OSError as error:
                    results[path] = errno.errorcode.get(error.errno)
            return results

        def try_read(event, context):
            results = {}
            for path in ["/etc/shadow", "/etc/passwd", "/proc/kcore", "/root/.bashrc"]:
                try:
                    with open(path, "rb") as f:
                        f.read(16)
                    results[path] = "read"
                except OSError as error:
                    results[path] = errno.errorcode.get(error.errno)
            return results

        def try_connect(event, context):
            try:
                socket.create_connection(("127.0.0.1", event["port"]), timeout=2).close()
                return "connected"
            except OSError as error:
                return errno.errorcode.get(error.errno, str(error))

        def privileges(event, context):
            status = dict(line.split(":\t", 1) for line in open("/proc/self/status").read().splitlines() if ":\t" in line)
            libc = ctypes.CDLL(None, use_errno=True)
            unshare = libc.unshare(0x10000000)
            unshare_errno = ctypes.get_errno()
            mount = libc.mount(b"none", b"/tmp", b"tmpfs", 0, None)
            mount_errno = ctypes.get_errno()
            io_uring = libc.syscall(425, 8, ctypes.create_string_buffer(120))
            io_uring_errno = ctypes.get_errno()
            try:
                socket.socket(40, socket.SOCK_STREAM)
                vsock = "opened"
            except OSError as error:
                vsock = errno.errorcode.get(error.errno)
            return {
                "CapEff": status["CapEff"].strip(), "CapBnd": status["CapBnd"].strip(),
                "NoNewPrivs": status["NoNewPrivs"].strip(), "Seccomp": status["Seccomp"].strip(),
                "unshare": [unshare, errno.errorcode.get(unshare_errno)], "mount": [mount, errno.errorcode.get(mount_errno)],
                "io_uring": [io_uring, errno.errorcode.get(io_uring_errno)], "vsock": vsock,
                "hostname": socket.gethostname(),
                "pid": os.getpid(),
            }

        def chatty(event, context):
            line = "x" * 1000
            for _ in range(event["lines"]):
                print(line)
            return "done"

        def forge_markers(event, context):
            # A function that knows Kumo's marker format but not its nonce, and that fills the pipe.
            for n in range(event["lines"]):
                print(f"\x1fkumo-drain:{n}", flush=False)
                print(f"\x1fkumo-drain:00000000000000000000000000000000:{n}", flush=False)
            sys.stdout.flush()
            return "forged"

        def no_newline(event, context):
            sys.stdout.write("y" * (event["megabytes"] * 1024 * 1024))
            sys.stdout.flush()
            return "done"

        def not_json(event, context):
            return {1, 2, 3}

        def traced(event, context):
            import logging
            logging.getLogger().info("logged %s", "info")
            logging.getLogger().debug("not logged")
            return os.environ.get("_X_AMZN_TRACE_ID")

        def fill_tmp(event, context):
            with open("/tmp/big", "wb") as f:
                for _ in range(event["megabytes"]):
                    f.write(b"z" * (1024 * 1024))
            return "written"

        def crash(event, context):
            os._exit(3)
        """;
}
