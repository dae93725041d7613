using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Kumo.Sandbox.Oci;
using Kumo.Sandbox.Runtimes;

namespace Kumo.Sandbox.Tests;

public sealed class OciConfigTests
{
    private static readonly SandboxLayout Layout = new("/data", "/opt/kumo/runtime");

    private static readonly HostFilesystem MergedUsr = new([], new Dictionary<string, string> { ["bin"] = "usr/bin" }, HasCertificates: true);

    private static readonly RuntimeDefinition Python = new("python3.11", ["/usr/bin/python3.11", "-u", "/var/runtime/python/bootstrap.py"], "AWS_Lambda_python3.11");

    private static SandboxSpec Spec(int memoryMb = 512, int tmpMb = 1024) => new()
    {
        FunctionName = "orders",
        Version = "7",
        FunctionArn = "arn:aws:lambda:eu-west-1:123456789012:function:orders:7",
        Runtime = "python3.11",
        Handler = "app.handler",
        CodeDirectory = "/data/code/abc",
        MemoryMb = memoryMb,
        EphemeralStorageMb = tmpMb,
        Region = "eu-west-1",
        Environment = new Dictionary<string, string> { ["TABLE"] = "orders", ["AWS_LAMBDA_FUNCTION_NAME"] = "spoofed" },
    };

    private static readonly SandboxIdentity Identity = new(2_000_000_007, "/data/sandbox/bundles/kumo-1/passwd", "/data/sandbox/bundles/kumo-1/group", LimitSwap: true, MarkerNonce: "abc");

    private static JsonObject Build(SandboxSpec? spec = null, SandboxIdentity? identity = null) =>
        OciConfig.Build("kumo-1", spec ?? Spec(), Python, Layout, MergedUsr, "2026/11/22/[7]kumo-1", identity ?? Identity, Architecture.X64);

    private static List<string> Strings(JsonNode? array) => array!.AsArray().Select(n => n!.GetValue<string>()).ToList();

    [Fact]
    public void Build_Process_RunsKumoInitAsTheSandboxUserWithNoPrivileges()
    {
        var process = Build()["process"]!;

        Assert.Equal(["/var/runtime/kumo-init", "--", "/usr/bin/python3.11", "-u", "/var/runtime/python/bootstrap.py"], Strings(process["args"]));
        Assert.Equal(2_000_000_007, process["user"]!["uid"]!.GetValue<int>());
        Assert.Equal(2_000_000_007, process["user"]!["gid"]!.GetValue<int>());
        Assert.True(process["noNewPrivileges"]!.GetValue<bool>());
        Assert.Equal(1000, process["oomScoreAdj"]!.GetValue<int>());
        var nofile = process["rlimits"]!.AsArray().Single(r => r!["type"]!.GetValue<string>() == "RLIMIT_NOFILE");
        Assert.Equal(1024, nofile!["hard"]!.GetValue<long>());
        foreach (var set in new[] { "bounding", "effective", "inheritable", "permitted", "ambient" })
        {
            Assert.Empty(process["capabilities"]![set]!.AsArray());
        }
    }

    [Fact]
    public void Build_Environment_HasLambdasVariablesAndReservedOnesCannotBeOverridden()
    {
        var environment = Strings(Build()["process"]!["env"]);

        Assert.Contains("AWS_LAMBDA_RUNTIME_API=127.0.0.1:9001", environment);
        Assert.Contains("AWS_LAMBDA_FUNCTION_NAME=orders", environment);
        Assert.DoesNotContain("AWS_LAMBDA_FUNCTION_NAME=spoofed", environment);
        Assert.Contains("AWS_LAMBDA_FUNCTION_VERSION=7", environment);
        Assert.Contains("AWS_LAMBDA_FUNCTION_MEMORY_SIZE=512", environment);
        Assert.Contains("AWS_LAMBDA_LOG_GROUP_NAME=/aws/lambda/orders", environment);
        Assert.Contains("AWS_LAMBDA_LOG_STREAM_NAME=2026/11/22/[7]kumo-1", environment);
        Assert.Contains("AWS_REGION=eu-west-1", environment);
        Assert.Contains("_HANDLER=app.handler", environment);
        Assert.Contains("LAMBDA_TASK_ROOT=/var/task", environment);
        Assert.Contains("LAMBDA_RUNTIME_DIR=/var/runtime", environment);
        Assert.Contains("TZ=:UTC", environment);
        Assert.Contains("AWS_EXECUTION_ENV=AWS_Lambda_python3.11", environment);
        Assert.Contains("TABLE=orders", environment);
    }

    [Fact]
    public void Build_Mounts_CodeAndRuntimeReadOnly_TmpSizedByEphemeralStorage_NoHostEtc()
    {
        var mounts = Build(Spec(tmpMb: 2048))["mounts"]!.AsArray().ToDictionary(m => m!["destination"]!.GetValue<string>());

        Assert.Equal("/data/code/abc", mounts["/var/task"]!["source"]!.GetValue<string>());
        Assert.Contains("ro", Strings(mounts["/var/task"]!["options"]));
        Assert.Contains("ro", Strings(mounts["/var/runtime"]!["options"]));
        Assert.Contains("ro", Strings(mounts["/usr"]!["options"]));
        Assert.Contains("size=2048m", Strings(mounts["/tmp"]!["options"]));
        Assert.Equal("/data/sandbox/run", mounts["/run/kumo"]!["source"]!.GetValue<string>());
        Assert.Equal("/data/sandbox/bundles/kumo-1/passwd", mounts["/etc/passwd"]!["source"]!.GetValue<string>());
        Assert.Equal("/etc/ssl/certs", mounts["/etc/ssl/certs"]!["source"]!.GetValue<string>());
        Assert.DoesNotContain("/etc", mounts.Keys);
        Assert.DoesNotContain("/sys", mounts.Keys);
    }

    [Fact]
    public void Build_Linux_NewNamespacesLimitsAndReadOnlyRoot()
    {
        var config = Build(Spec(memoryMb: 1769));
        var linux = config["linux"]!;

        Assert.True(config["root"]!["readonly"]!.GetValue<bool>());
        Assert.Equal("/data/sandbox/rootfs", config["root"]!["path"]!.GetValue<string>());
        Assert.Equal(["pid", "network", "ipc", "uts", "mount"], linux["namespaces"]!.AsArray().Select(n => n!["type"]!.GetValue<string>()));
        Assert.Equal(1769L * 1024 * 1024, linux["resources"]!["memory"]!["limit"]!.GetValue<long>());
        Assert.Equal(1769L * 1024 * 1024, linux["resources"]!["memory"]!["swap"]!.GetValue<long>());
        Assert.Equal(1024, linux["resources"]!["pids"]!["limit"]!.GetValue<int>());
        Assert.Equal(1024, linux["resources"]!["cpu"]!["shares"]!.GetValue<long>());
        Assert.Equal(Layout.CgroupOf("kumo-1"), linux["cgroupsPath"]!.GetValue<string>());
        Assert.Matches("^/kumo/[0-9a-f]{12}/kumo-1$", linux["cgroupsPath"]!.GetValue<string>());
        Assert.NotEqual(Layout.CgroupParent, new SandboxLayout("/other", "/opt/kumo/runtime").CgroupParent);
        Assert.Contains("/proc/kcore", Strings(linux["maskedPaths"]));
        Assert.Contains("/proc/sys", Strings(linux["readonlyPaths"]));
    }

    [Fact]
    public void Build_HostWithoutSwapAccounting_SetsNoSwapLimit() =>
        Assert.Null(Build(identity: Identity with { LimitSwap = false })["linux"]!["resources"]!["memory"]!["swap"]);

    [Theory]
    [InlineData(128, 74)]
    [InlineData(1769, 1024)]
    [InlineData(10240, 5927)]
    public void CpuShares_AreProportionalToMemory(int memoryMb, long shares) =>
        Assert.Equal(shares, OciConfig.CpuShares(memoryMb));

    [Fact]
    public void Seccomp_DeniesWhatFunctionsNeverNeed_AndNamespaceCloneFlags()
    {
        var seccomp = Build()["linux"]!["seccomp"]!;
        var rules = seccomp["syscalls"]!.AsArray();
        var denied = rules.Where(r => r!["args"] is null).SelectMany(r => Strings(r!["names"])).ToHashSet();

        Assert.Equal("SCMP_ACT_ALLOW", seccomp["defaultAction"]!.GetValue<string>());
        foreach (var call in new[] { "mount", "ptrace", "bpf", "keyctl", "kexec_load", "init_module", "unshare", "setns", "clone3", "userfaultfd", "perf_event_open" })
        {
            Assert.Contains(call, denied);
        }

        Assert.Contains("io_uring_setup", denied);
        var cloneRules = rules.Where(r => r!["args"] is not null && Strings(r!["names"]).SequenceEqual(["clone"])).ToList();
        Assert.Equal(7, cloneRules.Count);
        Assert.Contains(rules, r => r!["args"] is not null && Strings(r!["names"]).SequenceEqual(["socket"]) && r!["args"]![0]!["value"]!.GetValue<ulong>() == 40);
        Assert.Equal(["SCMP_ARCH_X86_64"], Strings(seccomp["architectures"]));
        Assert.Contains(cloneRules, r => r!["args"]![0]!["value"]!.GetValue<ulong>() == 0x10000000);
    }

    [Fact]
    public void Seccomp_ForArm64_NamesArmArchitectures() =>
        Assert.Equal(["SCMP_ARCH_AARCH64"], Strings(SeccompProfile.Build(Architecture.Arm64)["architectures"]));
}
