using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Kumo.Sandbox.Oci;
using Kumo.Sandbox.Runtimes;
using Kumo.Sandbox.Stems;

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

    private static readonly SandboxCredentials Credentials = new("ASIAKUMOABCDEFGHIJKL", "secret/with+signs", "token");

    private static readonly SandboxIdentity Identity = new(
        2_000_000_007, "/data/sandbox/bundles/kumo-1/passwd", "/data/sandbox/bundles/kumo-1/group", LimitSwap: true, MarkerNonce: "abc", Credentials);

    private static JsonObject Build(SandboxSpec? spec = null, SandboxIdentity? identity = null) =>
        OciConfig.Build("kumo-1", spec ?? Spec(), Python, Layout, MergedUsr, "2026/11/22/[7]kumo-1", identity ?? Identity, Architecture.X64);

    private static List<string> Strings(JsonNode? array) => array!.AsArray().Select(n => n!.GetValue<string>()).ToList();

    private static Dictionary<string, string> EnvironmentOf(IReadOnlyDictionary<string, string> variables) =>
        Strings(Build(Spec() with { Environment = variables })["process"]!["env"])
            .Select(e => e.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1]);

    private const string Slot = "/data/sandbox/bundles/kumo-1/task";

    private static readonly RuntimeDefinition Node = new("nodejs20.x", ["/usr/bin/node", "/var/runtime/node/bootstrap.mjs"], "AWS_Lambda_nodejs20.x");

    private static JsonObject BuildStem(StemCellKind kind, RuntimeDefinition? runtime) =>
        OciConfig.BuildStem("kumo-1", kind, runtime, Slot, Layout, MergedUsr, Identity, Architecture.X64);

    private static Dictionary<string, string> EnvironmentOf(JsonObject config) =>
        Strings(config["process"]!["env"]).Select(e => e.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1]);

    [Fact]
    public void Build_Environment_InitializationTypeIsTheSpecs() =>
        Assert.Equal("provisioned-concurrency", EnvironmentOf(Build(Spec() with { InitializationType = "provisioned-concurrency" }))["AWS_LAMBDA_INITIALIZATION_TYPE"]);

    [Fact]
    public void BuildStem_VarTask_IsTheCodeSlot_AReadOnlySlaveOfIt()
    {
        var mounts = BuildStem(new StemCellKind("node", 512), Node)["mounts"]!.AsArray().ToDictionary(m => m!["destination"]!.GetValue<string>());

        Assert.Equal(Slot, mounts["/var/task"]!["source"]!.GetValue<string>());
        Assert.Equal("bind", mounts["/var/task"]!["type"]!.GetValue<string>());
        Assert.Equal(["bind", "ro", "nosuid", "nodev", "rslave"], Strings(mounts["/var/task"]!["options"]));
        Assert.Contains("size=512m", Strings(mounts["/tmp"]!["options"]));
    }

    [Fact]
    public void BuildStem_IsTheSandboxAFittingFunctionGets_ButForItsProcessAndCode()
    {
        var spec = Spec(memoryMb: 768, tmpMb: 512) with { Runtime = "nodejs20.x", Environment = new Dictionary<string, string> { ["TABLE"] = "orders" } };
        var function = OciConfig.Build("kumo-1", spec, Node, Layout, MergedUsr, "stream", Identity, Architecture.X64);
        var stem = BuildStem(new StemCellKind("node", 768), Node);

        foreach (var config in new[] { function, stem })
        {
            config["process"]!.AsObject().Remove("args");
            config["process"]!.AsObject().Remove("env");
            config["mounts"]!.AsArray().Remove(config["mounts"]!.AsArray().Single(m => m!["destination"]!.GetValue<string>() == "/var/task"));
        }

        Assert.Equal(function.ToJsonString(), stem.ToJsonString());
    }

    [Fact]
    public void BuildStem_RuntimeStem_StartsTheRuntimeWithTheStemEnvironment_NoHandler()
    {
        var config = BuildStem(new StemCellKind("node", 1024), Node);
        var environment = EnvironmentOf(config);

        Assert.Equal(["/var/runtime/kumo-init", "--", "/usr/bin/node", "/var/runtime/node/bootstrap.mjs"], Strings(config["process"]!["args"]));
        Assert.DoesNotContain("_HANDLER", environment.Keys);
        Assert.DoesNotContain("AWS_LAMBDA_FUNCTION_NAME", environment.Keys);
        Assert.DoesNotContain("AWS_ACCESS_KEY_ID", environment.Keys);
        Assert.Equal("1024", environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"]);
        Assert.Equal("--max-old-space-size=870", environment["NODE_OPTIONS"]);
        Assert.Equal("127.0.0.1:9001", environment["AWS_LAMBDA_RUNTIME_API"]);
        Assert.Equal("/var/task", environment["LAMBDA_TASK_ROOT"]);
        Assert.Equal("abc", environment["KUMO_DRAIN_NONCE"]);
        Assert.Equal(1024L * 1024 * 1024, config["linux"]!["resources"]!["memory"]!["limit"]!.GetValue<long>());
        Assert.Equal(OciConfig.CpuShares(1024), config["linux"]!["resources"]!["cpu"]!["shares"]!.GetValue<long>());
    }

    [Fact]
    public void BuildStem_GenericStem_RunsOnlyKumoInit_AwaitingTheHandOver()
    {
        var config = BuildStem(new StemCellKind(StemCellFit.Generic, 128), runtime: null);
        var environment = EnvironmentOf(config);

        Assert.Equal(["/var/runtime/kumo-init", "--await-specialization"], Strings(config["process"]!["args"]));
        Assert.DoesNotContain("_HANDLER", environment.Keys);
        Assert.DoesNotContain("NODE_OPTIONS", environment.Keys);
        Assert.Equal("/run/kumo/runtime.sock", environment["KUMO_RUNTIME_SOCKET"]);
        Assert.Equal("128", environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"]);
    }

    public static TheoryData<string, int> FittingFunctions => new()
    {
        { "nodejs20.x", 128 }, { "nodejs22.x", 1769 }, { "python3.11", 512 }, { "python3.12", 3008 }, { "dotnet8", 256 }, { "dotnet10", 10240 }, { "provided.al2023", 640 },
    };

    [Theory]
    [MemberData(nameof(FittingFunctions))]
    public void SandboxEnvironment_TheStemPart_IsInTheFunctionsWithTheSameValues(string runtimeId, int memoryMb)
    {
        var catalog = new RuntimeCatalog(_ => true);
        var runtime = catalog.Find(runtimeId, out _)!;
        var spec = Spec(memoryMb, tmpMb: 512) with
        {
            Runtime = runtimeId,
            InitializationType = "provisioned-concurrency",
            Environment = new Dictionary<string, string> { ["TABLE"] = "orders", ["AWS_ENDPOINT_URL_S3"] = "http://s3.example", ["PATH"] = "/evil" },
        };
        var kind = StemCellFit.Check(spec, runtime, out var reason);
        Assert.True(kind is not null, reason);
        var stemRuntime = kind.Name == StemCellFit.Generic ? null : catalog.Identifiers.Select(id => catalog.Find(id, out _)!).First(r => StemCellFit.RuntimeStemName(r) == kind.Name);

        var stem = SandboxEnvironment.Stem(stemRuntime, kind.MemoryMb);
        var function = SandboxEnvironment.Function(spec, runtime, "stream", Credentials);

        Assert.NotEmpty(stem);
        Assert.All(stem, variable => Assert.Equal(variable.Value, function.GetValueOrDefault(variable.Key)));
        Assert.DoesNotContain("_HANDLER", stem.Keys);
        Assert.Equal(spec.Handler, function["_HANDLER"]);
    }

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
    public void Build_Environment_PointsTheAwsSdksAtKumosApisWithTheSandboxsCredentials()
    {
        var environment = EnvironmentOf(new Dictionary<string, string> { ["TABLE"] = "orders" });

        Assert.Equal("http://127.0.0.1:9002", environment["AWS_ENDPOINT_URL"]);
        Assert.Equal("http://127.0.0.1:9002", environment["AWS_ENDPOINT_URL_S3"]);
        Assert.Equal("http://127.0.0.1:9002", environment["AWS_ENDPOINT_URL_LAMBDA"]);
        Assert.Equal("ASIAKUMOABCDEFGHIJKL", environment["AWS_ACCESS_KEY_ID"]);
        Assert.Equal("secret/with+signs", environment["AWS_SECRET_ACCESS_KEY"]);
        Assert.Equal("token", environment["AWS_SESSION_TOKEN"]);
        Assert.Equal("/run/kumo/gateway.sock", environment["KUMO_GATEWAY_SOCKET"]);
        Assert.Equal("/run/kumo/runtime.sock", environment["KUMO_RUNTIME_SOCKET"]);
    }

    [Fact]
    public void Build_Environment_TheFunctionsOwnEndpointsWin_ItsCredentialsDoNot()
    {
        var environment = EnvironmentOf(new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL_S3"] = "http://minio.example:9000",
            ["AWS_ACCESS_KEY_ID"] = "AKIAHOSTKEY",
            ["AWS_SESSION_TOKEN"] = "stolen",
            ["KUMO_GATEWAY_SOCKET"] = "/tmp/elsewhere.sock",
        });

        Assert.Equal("http://minio.example:9000", environment["AWS_ENDPOINT_URL_S3"]);
        Assert.Equal("http://127.0.0.1:9002", environment["AWS_ENDPOINT_URL_LAMBDA"]);
        Assert.Equal("http://127.0.0.1:9002", environment["AWS_ENDPOINT_URL"]);
        Assert.Equal("ASIAKUMOABCDEFGHIJKL", environment["AWS_ACCESS_KEY_ID"]);
        Assert.Equal("token", environment["AWS_SESSION_TOKEN"]);
        Assert.Equal("/run/kumo/gateway.sock", environment["KUMO_GATEWAY_SOCKET"]);
    }

    [Fact]
    public void Build_Environment_AFunctionThatSetsAwsEndpointUrl_GetsNoPerServiceEndpointOverIt()
    {
        var environment = EnvironmentOf(new Dictionary<string, string> { ["AWS_ENDPOINT_URL"] = "http://localstack.example:4566" });

        Assert.Equal("http://localstack.example:4566", environment["AWS_ENDPOINT_URL"]);
        Assert.DoesNotContain("AWS_ENDPOINT_URL_S3", environment.Keys);
        Assert.DoesNotContain("AWS_ENDPOINT_URL_LAMBDA", environment.Keys);
    }

    [Fact]
    public void SandboxCredentials_Generate_LooksLikeLambdasAndDiffersEachTime()
    {
        var first = SandboxCredentials.Generate();
        var second = SandboxCredentials.Generate();

        Assert.Matches("^ASIAKUMO[A-Z2-7]{12}$", first.AccessKeyId);
        Assert.Equal(40, first.SecretAccessKey.Length);
        Assert.True(first.SessionToken.Length >= 100, first.SessionToken);
        Assert.NotEqual(first.AccessKeyId, second.AccessKeyId);
        Assert.NotEqual(first.SecretAccessKey, second.SecretAccessKey);
        Assert.NotEqual(first.SessionToken, second.SessionToken);
        Assert.DoesNotContain(first.SecretAccessKey, first.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(first.SessionToken, first.ToString(), StringComparison.Ordinal);
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
        Assert.Contains("ro", Strings(mounts["/run/kumo"]!["options"]));
        // Both sockets kumo-init relays to are in the mounted folder, so a restarted server's new socket is seen too.
        Assert.Equal("/data/sandbox/run/runtime.sock", Layout.RuntimeSocket);
        Assert.Equal("/data/sandbox/run/gateway.sock", Layout.GatewaySocket);
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
